"""The pages around the API: a person's tokens, and the list of endpoints (the docs page)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from placeboard.api.api import api
from placeboard.api.forms import TokenForm
from placeboard.api.models import ApiToken
from placeboard.core import audit


def docs(request):
    """The endpoints, from the OpenAPI schema, on a plain page: Swagger UI and Redoc load their scripts from a
    CDN, which the site's Content Security Policy forbids. Grouped by tag, each with its parameters."""
    schema = api.get_openapi_schema()
    groups = {}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            tag = (operation.get("tags") or ["other"])[0]
            groups.setdefault(tag, []).append({
                "method": method.upper(), "path": path, "summary": operation.get("summary", ""),
                "description": operation.get("description", ""),
                "parameters": [_parameter(p) for p in operation.get("parameters", [])],
                "body": "requestBody" in operation, "anchor": operation.get("operationId", ""),
            })
    return render(request, "api/docs.html", {
        "groups": [{"tag": tag, "title": tag.replace("-", " ").capitalize(), "endpoints": endpoints}
                   for tag, endpoints in groups.items()],
        "schema_url": reverse("api-v1:openapi-json"), "description": schema["info"].get("description", "")})


def _parameter(parameter):
    return {"name": parameter["name"], "where": parameter.get("in", ""), "required": parameter.get("required"),
            "description": parameter.get("description") or parameter.get("schema", {}).get("description", "")}


@login_required
def tokens(request):
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            token, secret = ApiToken.issue(user=request.user, name=form.cleaned_data["name"],
                                           scope=form.cleaned_data["scope"], expires_at=form.expires_at())
            audit.record(request.user, "create", token, {
                "name": ["", token.name], "scope": ["", token.get_scope_display()],
                "expires_at": ["", str(token.expires_at)]}, partnership=None)
        # Shown on this response only: never stored, never in a redirect or the session.
        return render(request, "api/token_created.html", {"token": token, "secret": secret})
    return render(request, "api/tokens.html", {"form": form, "tokens": request.user.api_tokens.all()})


@login_required
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    if token.revoked_at is None:
        with transaction.atomic():
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit.record(request.user, "update", token, {"revoked_at": ["", str(token.revoked_at)]},
                         partnership=None)
        messages.success(request, f"Revoked “{token.name}”: it no longer opens the API.")
    return redirect("api_tokens")
