"""Cursor pagination: each page is one query of `limit + 1` rows after the cursor's (sort key, id), so the cost
of a page does not grow with how far into the list it is, nor with the rows shown."""

import base64
import binascii
import json
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Q
from ninja.errors import HttpError

DEFAULT_LIMIT = 100
MAX_LIMIT = 500


def encode(key, pk):
    if isinstance(key, date):
        key = key.isoformat()
    raw = json.dumps([key, pk], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor):
    try:
        key, pk = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        # Only what a cursor of ours holds: text the database cannot store or numbers it cannot hold are refused.
        if isinstance(key, bool) or not isinstance(pk, int) or not 0 < pk < 2 ** 63:
            raise ValueError
        if not (isinstance(key, str) and "\x00" not in key or isinstance(key, int) and abs(key) < 2 ** 31):
            raise ValueError
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise HttpError(400, "The cursor is not one this API gave out.") from None
    return key, pk


def paginate(request, queryset, serialise, *, key, limit, cursor):
    """One page of the queryset in (key, id) order, as {"items": [...], "next": url or None}."""
    queryset = queryset.order_by(key, "id")
    if cursor:
        after, pk = decode(cursor)
        try:  # a key of the wrong kind for this list (text for a number, a bad date) is refused here
            queryset = queryset.filter(Q(**{f"{key}__gt": after}) | Q(**{key: after, "id__gt": pk}))
        except (ValueError, TypeError, ValidationError):
            raise HttpError(400, "The cursor is not one this API gave out.") from None
    rows = list(queryset[:limit + 1])
    following = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        params = request.GET.copy()
        params["cursor"] = encode(getattr(last, key), last.pk)
        params["limit"] = str(limit)
        following = request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
    return {"items": [serialise(row) for row in rows], "next": following}
