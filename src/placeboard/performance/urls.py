from django.urls import path

from placeboard.performance import views

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
]
