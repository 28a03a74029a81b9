from django.urls import path

from placeboard.imports import views

urlpatterns = [
    path("p/<slug:slug>/imports/", views.import_start, name="import_start"),
    path("p/<slug:slug>/imports/<int:pk>/", views.import_preview, name="import_preview"),
    path("p/<slug:slug>/imports/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("p/<slug:slug>/imports/return.xlsx", views.return_template, name="return_template"),
    path("p/<slug:slug>/exports/<str:kind>.<str:fmt>", views.export_download, name="export_download"),
]
