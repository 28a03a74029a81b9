from django.urls import path

from placeboard.performance import revision_views

urlpatterns = [
    path("p/<slug:slug>/indicators/<int:pk>/targets/<int:target_pk>/revise/", revision_views.target_revise,
         name="target_revise"),
]
