from django.urls import path

from placeboard.reports import views

urlpatterns = [
    path("p/<slug:slug>/reports/", views.report_index, name="report_index"),
    path("p/<slug:slug>/reports/<slug:kind>/", views.report, name="report"),
    path("p/<slug:slug>/reports/<slug:kind>/download/", views.report_download, name="report_download"),
    path("p/<slug:slug>/downloads/", views.download_list, name="download_list"),
    path("p/<slug:slug>/downloads/export/", views.export_download_request, name="export_download_request"),
    path("p/<slug:slug>/downloads/<int:pk>/", views.download_detail, name="download_detail"),
    path("p/<slug:slug>/downloads/<int:pk>/file", views.download_file, name="download_file"),
]
