from django.urls import path

from placeboard.performance import action_views, approval_views, public_views, views

urlpatterns = [
    path("p/<slug:slug>/indicators/", views.indicator_list, name="indicator_list"),
    path("p/<slug:slug>/indicators/new/", views.indicator_create, name="indicator_create"),
    path("p/<slug:slug>/indicators/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("p/<slug:slug>/indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("p/<slug:slug>/indicators/<int:pk>/delete/", views.indicator_delete, name="indicator_delete"),
    path("p/<slug:slug>/indicators/<int:pk>/targets/", views.indicator_targets, name="indicator_targets"),
    path("p/<slug:slug>/indicators/<int:pk>/targets/<int:target_pk>/delete/", views.target_delete,
         name="target_delete"),
    path("p/<slug:slug>/indicators/<int:pk>/actuals/new/", views.observation_entry, name="observation_entry"),
    path("p/<slug:slug>/indicators/<int:pk>/judgement/<path:period>/", views.judgement, name="judgement"),
    path("p/<slug:slug>/report/", views.my_returns, name="my_returns"),
    path("p/<slug:slug>/sign-off/", approval_views.approval_list, name="approval_list"),
    path("p/<slug:slug>/sign-off/step/", approval_views.approval_step, name="approval_step"),
    path("p/<slug:slug>/sign-off/setting/", approval_views.sign_off_setting, name="sign_off_setting"),
    path("p/<slug:slug>/outcomes/<int:outcome_pk>/plan/", action_views.action_plan, name="action_plan"),
    path("p/<slug:slug>/outcomes/<int:outcome_pk>/actions/new/", action_views.action_create, name="action_create"),
    path("p/<slug:slug>/actions/<int:pk>/", action_views.action_detail, name="action_detail"),
    path("p/<slug:slug>/actions/<int:pk>/edit/", action_views.action_edit, name="action_edit"),
    path("p/<slug:slug>/actions/<int:action_pk>/tasks/new/", action_views.task_form, name="task_create"),
    path("p/<slug:slug>/actions/<int:action_pk>/tasks/<int:pk>/edit/", action_views.task_form, name="task_edit"),
    path("p/<slug:slug>/actions/<int:action_pk>/tasks/<int:pk>/delete/", action_views.task_delete,
         name="task_delete"),
    path("p/<slug:slug>/rounds/", action_views.round_list, name="round_list"),
    path("p/<slug:slug>/rounds/new/", action_views.round_create, name="round_create"),
    path("p/<slug:slug>/rounds/<int:pk>/", action_views.round_detail, name="round_detail"),
    path("p/<slug:slug>/rounds/<int:pk>/tasks/<int:task_pk>/", action_views.task_update, name="task_update"),
    path("p/<slug:slug>/rounds/<int:pk>/remind/", action_views.round_remind, name="round_remind"),
    path("p/<slug:slug>/rounds/<int:pk>/close/", action_views.round_close, name="round_close"),
]

# The public performance site (no sign-in): docs/public-performance.md.
urlpatterns += [
    path("public/<slug:slug>/performance/", public_views.performance, name="public_performance"),
    path("public/<slug:slug>/performance/how-we-judge-progress/", public_views.how_we_judge,
         name="public_how_we_judge"),
    path("public/<slug:slug>/performance/<int:pk>/", public_views.indicator_page, name="public_indicator"),
    path("public/<slug:slug>/performance/<int:pk>/figures.<str:fmt>", public_views.download,
         name="public_indicator_download"),
]
