from django.urls import path

from placeboard.funding import pb_views, plan_views, views

urlpatterns = [
    path("p/<slug:slug>/funding/", views.stream_list, name="funding_stream_list"),
    path("p/<slug:slug>/funding/add/", views.stream_create, name="funding_stream_create"),
    path("p/<slug:slug>/funding/<int:pk>/", views.stream_edit, name="funding_stream_edit"),
    path("p/<slug:slug>/funding/<int:pk>/delete/", views.stream_delete, name="funding_stream_delete"),
    path("p/<slug:slug>/budgets/", pb_views.round_list, name="budget_round_list"),
    path("p/<slug:slug>/budgets/add/", pb_views.round_form, name="budget_round_create"),
    path("p/<slug:slug>/budgets/<int:pk>/", pb_views.round_detail, name="budget_round_detail"),
    path("p/<slug:slug>/budgets/<int:pk>/edit/", pb_views.round_form, name="budget_round_edit"),
    path("p/<slug:slug>/budgets/<int:pk>/bids/<int:bid_pk>/eligibility/", pb_views.bid_eligibility,
         name="bid_eligibility"),
    path("p/<slug:slug>/budgets/<int:pk>/bids/<int:bid_pk>/progress/", pb_views.project_update,
         name="bid_progress"),
    path("p/<slug:slug>/budgets/<int:pk>/attachments/<int:attachment_pk>/", pb_views.bid_attachment,
         name="bid_attachment"),
    path("p/<slug:slug>/budgets/<int:pk>/photos/<int:photo_pk>/", pb_views.project_photo, name="project_photo"),
    path("p/<slug:slug>/budgets/<int:pk>/paper-ballot/", pb_views.paper_ballot, name="paper_ballot"),
    path("p/<slug:slug>/budgets/<int:pk>/results/", pb_views.compute_results, name="budget_round_results"),
    path("p/<slug:slug>/community-plans/", plan_views.plan_list, name="community_plan_list"),
    path("p/<slug:slug>/community-plans/<int:area_pk>/", plan_views.plan_edit, name="community_plan_edit"),
    path("public/<slug:slug>/budgets/", pb_views.public_rounds, name="public_budget_rounds"),
    path("public/<slug:slug>/budgets/<int:pk>/", pb_views.public_round, name="public_budget_round"),
    path("public/<slug:slug>/budgets/<int:pk>/bid/", pb_views.public_bid, name="public_bid"),
    path("public/<slug:slug>/budgets/<int:pk>/attachments/<int:attachment_pk>/", pb_views.public_bid_attachment,
         name="public_bid_attachment"),
    path("public/<slug:slug>/budgets/<int:pk>/photos/<int:photo_pk>/", pb_views.public_project_photo,
         name="public_project_photo"),
    path("public/<slug:slug>/budgets/<int:pk>/vote/", pb_views.public_vote_request, name="public_vote_request"),
    path("public/<slug:slug>/budgets/<int:pk>/vote/<str:token>/", pb_views.public_vote, name="public_vote"),
]
