"""The REST API (/api/v1/) and the personal API tokens that open it (docs/api.md, "REST API")."""
