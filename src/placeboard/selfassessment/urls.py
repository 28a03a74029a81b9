from django.urls import path

from placeboard.selfassessment import views

P = "p/<slug:slug>/self-assessments/"
urlpatterns = [
    path(P, views.sa_list, name="sa_list"),
    path(P + "new/", views.sa_open, name="sa_open"),
    path(P + "<int:pk>/", views.sa_detail, name="sa_detail"),
    path(P + "<int:pk>/board/", views.sa_edit, name="sa_edit"),
    path(P + "<int:pk>/status/", views.sa_status, name="sa_status"),
    path(P + "<int:pk>/themes/<int:theme_pk>/", views.theme_detail, name="sa_theme"),
    path(P + "<int:pk>/themes/<int:theme_pk>/answers/", views.theme_edit, name="sa_theme_edit"),
    path(P + "<int:pk>/themes/<int:theme_pk>/refresh/", views.theme_refresh, name="sa_theme_refresh"),
    path(P + "<int:pk>/themes/<int:theme_pk>/proxies/new/", views.proxy_add, name="sa_proxy_add"),
    path(P + "<int:pk>/themes/<int:theme_pk>/proxies/<int:proxy_pk>/delete/", views.proxy_delete,
         name="sa_proxy_delete"),
    path(P + "<int:pk>/issues/new/", views.issue_form, name="sa_issue_add"),
    path(P + "<int:pk>/issues/<int:issue_pk>/", views.issue_form, name="sa_issue_edit"),
    path(P + "<int:pk>/issues/<int:issue_pk>/delete/", views.issue_delete, name="sa_issue_delete"),
    path(P + "<int:pk>/actions/new/", views.action_form, name="sa_action_add"),
    path(P + "<int:pk>/actions/<int:action_pk>/", views.action_form, name="sa_action_edit"),
    path(P + "<int:pk>/actions/<int:action_pk>/delete/", views.action_delete, name="sa_action_delete"),
    path(P + "rounds/<int:round_pk>/", views.round_actions, name="sa_round"),
    path(P + "rounds/<int:round_pk>/actions/<int:action_pk>/", views.action_update, name="sa_action_update"),
]
