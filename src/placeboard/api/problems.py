"""Errors as RFC 9457 problem details: application/problem+json with type, title, status and detail."""

import json

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponse
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError

TITLES = {400: "Bad request", 401: "Not signed in", 403: "Forbidden", 404: "Not found", 405: "Method not allowed",
          409: "Conflict", 413: "Request too large", 422: "Invalid request", 429: "Too many requests"}
CONTENT_TYPE = "application/problem+json"


def problem(status, detail, *, errors=None, title=None):
    body = {"type": "about:blank", "title": title or TITLES.get(status, "Error"), "status": status,
            "detail": detail}
    if errors is not None:
        body["errors"] = errors
    response = HttpResponse(json.dumps(body), status=status, content_type=CONTENT_TYPE)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="placeboard"'
    return response


def _validation_errors(errors):
    # ninja's errors carry the pydantic context (sometimes an exception object): keep what a client reads.
    return [{"loc": [str(part) for part in e.get("loc", ())], "msg": str(e.get("msg", ""))} for e in errors]


def install(api):
    """Replace ninja's own handlers (each of which answers {"detail": ...} as plain JSON)."""

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return problem(401, "Send a personal API token as \"Authorization: Bearer <token>\", or sign in.")

    @api.exception_handler(AuthorizationError)
    def unauthorised(request, exc):
        return problem(403, str(exc))

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        return problem(exc.status_code, str(exc))

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return problem(404, "Nothing was found here, or you may not see it.")

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return problem(403, str(exc) or "You may not do this.")

    @api.exception_handler(ValidationError)
    def invalid(request, exc):
        return problem(422, "The request is not valid.", errors=_validation_errors(exc.errors))

    @api.exception_handler(RequestDataTooBig)
    def too_big(request, exc):
        return problem(413, f"The request body is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024} KB: "
                            "send fewer rows at a time.")

    @api.exception_handler(DjangoValidationError)
    def refused(request, exc):
        return problem(400, " ".join(exc.messages))
