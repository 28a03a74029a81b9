from django.urls import path

from placeboard.engagement import plan_views, public_views

urlpatterns = [
    path("p/<slug:slug>/engagement/plan/", plan_views.plan_list, name="plan_list"),
    path("p/<slug:slug>/engagement/plan/calendar/", plan_views.plan_calendar, name="plan_calendar"),
    path("p/<slug:slug>/engagement/plan/new/", plan_views.activity_create, name="activity_create"),
    path("p/<slug:slug>/engagement/plan/<int:pk>/", plan_views.activity_detail, name="activity_detail"),
    path("p/<slug:slug>/engagement/plan/<int:pk>/edit/", plan_views.activity_edit, name="activity_edit"),
    path("p/<slug:slug>/engagement/plan/<int:pk>/delete/", plan_views.activity_delete, name="activity_delete"),
    path("p/<slug:slug>/engagement/clash-rules/", plan_views.clash_rules, name="clash_rules"),
    path("public/<slug:slug>/engagement/", public_views.opportunities, name="public_opportunities"),
    path("public/<slug:slug>/engagement/<int:pk>/", public_views.public_activity, name="public_activity"),
    path("public/<slug:slug>/engagement/calendar.ics", public_views.ical_feed, name="public_activities_ics"),
    path("public/<slug:slug>/engagement/feed.atom", public_views.atom_feed, name="public_activities_atom"),
    path("public/<slug:slug>/engagement/activities.<str:fmt>", public_views.download, name="public_activities_download"),
]
