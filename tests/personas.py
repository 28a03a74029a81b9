"""The personas every gatekeeper is tried with, and what each should get."""

ALL = ["officer", "provider", "other_provider", "theme_lead", "viewer", "outsider", "anonymous", "superuser"]
MEMBERS = {"officer", "provider", "other_provider", "theme_lead", "viewer", "superuser"}
MANAGERS = {"officer", "superuser"}


def expected(persona, allowed):
    """Signed-out visitors are sent to sign in; outsiders are told it does not exist."""
    if persona == "anonymous":
        return 302
    if persona == "outsider":
        return 404
    return 200 if persona in allowed else 403


def api_expected(persona, allowed):
    """As expected, but an API answers a caller without credentials 401, not a redirect to sign in."""
    if persona == "anonymous":
        return 401
    if persona == "outsider":
        return 404
    return 200 if persona in allowed else 403
