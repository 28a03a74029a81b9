from django.urls import path

from placeboard.reports import pack_views, views

urlpatterns = [
    path("p/<slug:slug>/reports/", views.report_index, name="report_index"),
    # Board packs come before the reports, whose addresses take any name after reports/.
    path("p/<slug:slug>/reports/packs/", pack_views.pack_list, name="pack_list"),
    path("p/<slug:slug>/reports/packs/new/", pack_views.pack_form, name="pack_create"),
    path("p/<slug:slug>/reports/packs/<int:pk>/", pack_views.pack_detail, name="pack_detail"),
    path("p/<slug:slug>/reports/packs/<int:pk>/edit/", pack_views.pack_form, name="pack_edit"),
    path("p/<slug:slug>/reports/packs/<int:pk>/delete/", pack_views.pack_delete, name="pack_delete"),
    path("p/<slug:slug>/reports/packs/<int:pk>/make/", pack_views.pack_make, name="pack_make"),
    path("p/<slug:slug>/reports/packs/<int:pk>/next-round/", pack_views.pack_next_round, name="pack_next_round"),
    path("p/<slug:slug>/reports/packs/<int:pk>/file", pack_views.pack_file, name="pack_file"),
    path("p/<slug:slug>/reports/packs/<int:pk>/sections/report/", pack_views.section_form, name="pack_section_report"),
    path("p/<slug:slug>/reports/packs/<int:pk>/sections/text/", pack_views.section_form, {"text": True},
         name="pack_section_text"),
    path("p/<slug:slug>/reports/packs/<int:pk>/sections/<int:section_pk>/edit/", pack_views.section_form,
         name="pack_section_edit"),
    path("p/<slug:slug>/reports/packs/<int:pk>/sections/<int:section_pk>/move/", pack_views.section_move,
         name="pack_section_move"),
    path("p/<slug:slug>/reports/packs/<int:pk>/sections/<int:section_pk>/delete/", pack_views.section_delete,
         name="pack_section_delete"),
    path("p/<slug:slug>/reports/<slug:kind>/", views.report, name="report"),
    path("p/<slug:slug>/reports/<slug:kind>/download/", views.report_download, name="report_download"),
    path("p/<slug:slug>/downloads/", views.download_list, name="download_list"),
    path("p/<slug:slug>/downloads/export/", views.export_download_request, name="export_download_request"),
    path("p/<slug:slug>/downloads/<int:pk>/", views.download_detail, name="download_detail"),
    path("p/<slug:slug>/downloads/<int:pk>/file", views.download_file, name="download_file"),
]
