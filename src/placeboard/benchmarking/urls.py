from django.urls import path

from placeboard.benchmarking import comparator_views

urlpatterns = [
    path("p/<slug:slug>/comparators/", comparator_views.comparator_list, name="comparator_list"),
    path("p/<slug:slug>/comparators/new/", comparator_views.comparator_create, name="comparator_create"),
    path("p/<slug:slug>/comparators/<int:pk>/", comparator_views.comparator_detail, name="comparator_detail"),
    path("p/<slug:slug>/comparators/<int:pk>/edit/", comparator_views.comparator_edit, name="comparator_edit"),
    path("p/<slug:slug>/comparators/<int:pk>/delete/", comparator_views.comparator_delete, name="comparator_delete"),
    path("p/<slug:slug>/comparators/<int:pk>/values/<int:indicator_pk>/<path:period>/delete/",
         comparator_views.comparator_values_delete, name="comparator_values_delete"),
]
