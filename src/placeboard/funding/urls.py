from django.urls import path

from placeboard.funding import views

urlpatterns = [
    path("p/<slug:slug>/funding/", views.stream_list, name="funding_stream_list"),
    path("p/<slug:slug>/funding/add/", views.stream_create, name="funding_stream_create"),
    path("p/<slug:slug>/funding/<int:pk>/", views.stream_edit, name="funding_stream_edit"),
    path("p/<slug:slug>/funding/<int:pk>/delete/", views.stream_delete, name="funding_stream_delete"),
]
