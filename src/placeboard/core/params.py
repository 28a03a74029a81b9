"""Reading ids from query strings."""

# The largest id a BigAutoField (DEFAULT_AUTO_FIELD) holds. PostgreSQL refuses a larger integer in a query and
# SQLite's driver cannot bind one, so a filter given one would fail with a server error.
MAX_ID = 2**63 - 1


def int_value(value):
    """A text as an id, or None when it is not a whole number in ASCII digits, zero, or larger than any id."""
    if not isinstance(value, str) or not value.isascii() or not value.isdigit() or len(value) > 19:
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


def int_param(params, name):
    """The id in params[name] (request.GET or any mapping) as an int, or None when it is missing or cannot be
    an id (the filter is then not applied)."""
    return int_value(params.get(name))
