from django.urls import path

from placeboard.opendata import views

# Public, no sign-in: docs/api.md, "Open data".
urlpatterns = [
    path("public/<slug:slug>/open-data/", views.index, name="public_open_data"),
    path("public/<slug:slug>/open-data/<slug:package>/datapackage.json", views.descriptor,
         name="public_open_data_package"),
    path("public/<slug:slug>/open-data/<slug:package>/<slug:resource>.csv", views.resource_csv,
         name="public_open_data_resource"),
]
