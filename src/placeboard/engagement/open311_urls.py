"""Open311 GeoReport v2 addresses (engagement/open311.py); each takes .json or .xml."""

from django.urls import path

from placeboard.engagement import open311

urlpatterns = [
    path("open311/v2/discovery.<str:fmt>", open311.discovery, name="open311_discovery"),
    path("open311/v2/services.<str:fmt>", open311.service_list, name="open311_services"),
    path("open311/v2/services/<str:code>.<str:fmt>", open311.service_definition, name="open311_service"),
    path("open311/v2/requests.<str:fmt>", open311.service_requests, name="open311_requests"),
    path("open311/v2/requests/<str:request_id>.<str:fmt>", open311.service_request, name="open311_request"),
    path("open311/v2/tokens/<str:token>.<str:fmt>", open311.token_lookup, name="open311_token"),
]
