"""Which version of a figure a form was based on, so that a stale form never silently overwrites a newer
change (issue 14.7).

A version is the row's primary key and the time it was last changed, "12@2025-03-05T10:02:03.123456+00:00",
or "new" when the form showed no row. The time is updated_at (a judgement's made_at, which recording a
judgement renews): every writer already sets it, the importers' bulk updates included, so a figure imported
while a form is open is caught too, without an extra column or a migration. Two saves of one row within the
same microsecond would share a version; the row lock in the services makes that harmless in practice.

A form posted without any version (a script, an old page) is not checked: it says nothing about what it
was based on. The pages always send one."""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from placeboard.performance.figures import is_figure, plain, stored

NEW = "new"
# Sent when someone was asked which figure to keep and chose neither: it never matches, so they are asked again.
UNCHOSEN = "unchosen"
KEEP_THEIRS, USE_MINE = "theirs", "mine"


class StaleEdit(Exception):
    """The stored rows (`current`) changed since the form was shown; nothing was saved."""

    def __init__(self, *current):
        super().__init__(f"{len(current)} stale edit(s)")
        self.current = current


def version(row):
    if row is None:
        return NEW
    stamp = getattr(row, "updated_at", None) or row.made_at
    return f"{row.pk}@{stamp.isoformat()}"


def check(current, based_on):
    """Raise StaleEdit when `current` (a stored row, or None) is not the version the form was based on."""
    if based_on is not None and version(current) != based_on:
        raise StaleEdit(current)


def based_on(post, prefix=""):
    """The version a posted form says it was based on; None when it sent none."""
    if post.get(f"{prefix}resolving") and post.get(f"{prefix}resolve") not in (KEEP_THEIRS, USE_MINE):
        return UNCHOSEN
    return post.get(f"{prefix}based_on")


def keeps_theirs(post, prefix=""):
    """Whether someone shown a conflict chose to keep the other person's figure."""
    return bool(post.get(f"{prefix}resolving")) and post.get(f"{prefix}resolve") == KEEP_THEIRS


def fingerprint(*values):
    """A short digest of the values a form showed, so a row left as shown is known to be untouched even when
    someone else has changed it since (figures compared at stored precision)."""
    text = "\x1f".join(plain(stored(v)) if is_figure(v) else str(v or "") for v in values)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def conflict(post, current, noun, theirs, yours, prefix=""):
    """The Conflict a page shows when its save was refused because `current` (the stored row: a figure, target,
    judgement or task update) changed since the form was shown; theirs and yours are the two in words."""
    judged = not hasattr(current, "updated_at")  # a judgement: made_by and made_at, as version() reads it
    return Conflict(noun=noun, theirs=theirs, yours=yours, who=current.made_by if judged else current.updated_by,
                    when=current.made_at if judged else current.updated_at, version=version(current),
                    prefix=prefix, unchosen=based_on(post, prefix) == UNCHOSEN)


@dataclass
class Conflict:
    """What a page shows when a save was refused as stale: theirs (who, when) and yours, and the choice."""

    noun: str  # "figure", "target", "judgement", "update"
    theirs: str
    yours: str
    who: object  # the user who made their change, or None (an import)
    when: datetime
    version: str  # the stored version now, sent back with the choice
    prefix: str = ""
    unchosen: bool = False  # they were asked before and chose neither

    @property
    def message(self):
        who = (self.who.get_full_name() or self.who.get_username()) if self.who else "an import"
        when = timezone.localtime(self.when)
        return (f"{who} changed this {self.noun} while you were editing it, at {when:%H:%M} on "
                f"{when:%-d %B %Y}. Choose whether to keep their {self.noun} or use yours.")
