from django.urls import path

from placeboard.engagement import issue_views, plan_views, public_views

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
    path("public/<slug:slug>/issues/", issue_views.public_issues, name="public_issues"),
    path("public/<slug:slug>/issues/new/", issue_views.raise_issue, name="public_issue_new"),
    path("public/<slug:slug>/issues/confirm/<str:token>/", issue_views.confirm_issue, name="public_issue_confirm"),
    path("public/<slug:slug>/issues/<int:pk>/", issue_views.public_issue, name="public_issue"),
    path("p/<slug:slug>/engagement/issues/", issue_views.issue_queue, name="issue_queue"),
    path("p/<slug:slug>/engagement/issues/routing/", issue_views.routing, name="issue_routing"),
    path("p/<slug:slug>/engagement/issues/routing/<int:pk>/delete/", issue_views.routing_delete,
         name="issue_routing_delete"),
    path("p/<slug:slug>/engagement/issues/<int:pk>/", issue_views.issue_manage, name="issue_manage"),
    path("p/<slug:slug>/engagement/boards/<int:group_pk>/issues/", issue_views.board_issues, name="board_issues"),
]
