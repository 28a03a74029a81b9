from django.urls import path

from placeboard.api import views
from placeboard.api.api import api

urlpatterns = [
    path("account/api-tokens/", views.tokens, name="api_tokens"),
    path("account/api-tokens/<int:pk>/revoke/", views.token_revoke, name="api_token_revoke"),
    path("api/v1/docs", views.docs, name="api_docs"),
    path("api/v1/", api.urls),
]
