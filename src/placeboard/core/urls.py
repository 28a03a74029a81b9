from django.urls import path

from placeboard.core import outbox_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("public/", views.public_index, name="public_index"),
    path("outbox/", outbox_views.outbox_page, name="outbox"),
    path("public/<slug:slug>/", views.public_partnership, name="public_partnership"),
    path("p/<slug:slug>/", views.partnership_home, name="partnership_home"),
    path("p/<slug:slug>/audit/", views.audit_log, name="audit_log"),
    path("p/<slug:slug>/settings/", views.partnership_settings, name="partnership_settings"),
    path("p/<slug:slug>/people/", views.people, name="people"),
    path("p/<slug:slug>/people/<int:pk>/remove/", views.role_remove, name="role_remove"),
    path("p/<slug:slug>/groups/<int:pk>/members/new/", views.group_member_add, name="group_member_add"),
    path(
        "p/<slug:slug>/groups/<int:pk>/members/<int:member_pk>/remove/",
        views.group_member_remove,
        name="group_member_remove",
    ),
    path("p/<slug:slug>/areas/<int:pk>/postcodes/", views.area_postcodes, name="area_postcodes"),
    path("p/<slug:slug>/<slug:kind_slug>/", views.framework_list, name="framework_list"),
    path("p/<slug:slug>/<slug:kind_slug>/new/", views.framework_create, name="framework_create"),
    path("p/<slug:slug>/<slug:kind_slug>/<int:pk>/", views.framework_detail, name="framework_detail"),
    path("p/<slug:slug>/<slug:kind_slug>/<int:pk>/edit/", views.framework_edit, name="framework_edit"),
    path("p/<slug:slug>/<slug:kind_slug>/<int:pk>/delete/", views.framework_delete, name="framework_delete"),
]
