"""What every part of the API shares: the path parameters, the error answers, pagination's parameters."""

from typing import Annotated

from ninja import Path, Schema
from pydantic import Field

from placeboard.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, paginate

MAX_ID = 2 ** 63 - 1


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str


# A slug as Django's <slug:> matches it, so text the database cannot hold (a NUL) is refused before it is looked up.
Slug = Annotated[str, Path(pattern=r"^[-a-zA-Z0-9_]+$", max_length=50, description="The partnership's slug.")]
Id = Annotated[int, Path(ge=1, le=MAX_ID, description="Its id, as its list gives it.")]
ERRORS = {400: Problem, 401: Problem, 403: Problem, 404: Problem, 422: Problem}


class PageParams(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Rows a page, at most {MAX_LIMIT}.")
    cursor: str | None = Field(None, description="From the previous page's next link.")


def page(request, queryset, serialise, key, params):
    """One page of the queryset in the order of key (then id), each row as serialise makes it."""
    return paginate(request, queryset, serialise, key=key, limit=params.limit, cursor=params.cursor)
