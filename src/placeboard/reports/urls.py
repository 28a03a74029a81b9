from django.urls import path

from placeboard.reports import views

urlpatterns = [
    path("p/<slug:slug>/reports/", views.report_index, name="report_index"),
    path("p/<slug:slug>/reports/<slug:kind>/", views.report, name="report"),
]
