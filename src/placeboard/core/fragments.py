"""Parts of pages kept, rendered, in the shared cache until the partnership's data changes (docs/performance.md,
"Cached fragments").

The indicator list and the reports on the web show every indicator of a partnership: hundreds of rows, each
built from its stored assessment and rendered, the same for everyone who may see the partnership. Twenty people
opening the board's report before a meeting would each build it again. Here it is built once, and kept until
anything it shows could have changed.

A fragment is kept with what it was built for, and shown only while all of it is still current:
- its partnership's *data version*: a random token, replaced whenever an audit event of the partnership is
  written. Every change to data is audited (core/audit.py, and one event per import, imports/importers/
  writer.py), so any change makes every fragment of the partnership unreachable at once;
- the site's data version, replaced by audit events without a partnership (a person's account, say) and by
  what rewrites derived data across partnerships (`placeboard manage rebuild_assessments`);
- today's date, as statuses turn overdue with it (evaluation.py reads date.today());
- and it is kept in the place of its page: the fragment's name, partnership and parameters (filters, round,
  page), so a page built again overwrites the old one.

Why a token, replaced, rather than a counter: setting a key is atomic on every cache backend and a counter's
increment is not (a read then a write on the file and database caches). Why replaced twice, when the event is
written and again when its transaction commits: a page built between the two, from the data as it was, is kept
with a token that is already gone once the commit's token is set. The first replacement is for the writing
transaction's own later reads (and the tests', whose transactions never commit). Nothing kept can then be older
than the token it was kept with, except where a worker died between its commit and the second replacement: FRAGMENT_CACHE_SECONDS
bounds that, and everything else the cache holds.

With a read replica (core/db_router.py) reports read a copy that lags by a moment, so a fragment is kept only
when its data version is older than REPLICA_SETTLE_SECONDS: a report built just after a change may come from the
copy before it, and is shown but not kept.
"""

import hashlib
import time
import uuid
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from placeboard.core.db_router import replica_configured

REPLICA_SETTLE_SECONDS = 10
_now = time.time  # the tests move it on
_SITE = "site"
_MISSING = object()


def _version_key(partnership_id):
    return f"pb:data-version:{partnership_id if partnership_id is not None else _SITE}"


def _new_token():
    return f"{_now():.3f}:{uuid.uuid4().hex}"


def _replace(partnership_id):
    cache.set(_version_key(partnership_id), _new_token(), None)


def data_changed(partnership_id=None):
    """Make every fragment of a partnership (None: of every partnership) unreachable, now and again at commit."""
    _replace(partnership_id)
    transaction.on_commit(lambda: _replace(partnership_id), robust=True)


def _versions(partnership_id):
    keys = [_version_key(partnership_id), _version_key(None)]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            # Evicted, or never set: any new token will do, and whoever adds first wins.
            cache.add(key, _new_token(), None)
            found[key] = cache.get(key)
    return [found[key] for key in keys]


def _settled(tokens):
    if not replica_configured():
        return True
    set_at = min(float(token.split(":", 1)[0]) for token in tokens)
    return _now() - set_at >= REPLICA_SETTLE_SECONDS


def cached(partnership_id, name, params, build):
    """build() (a picklable value), from the cache when the partnership's data has not changed since it was kept.

    params: what else the fragment depends on, as a sequence of (name, value) pairs of strings. Each page
    (name, partnership, params) has one place in the cache, holding the fragment with the versions and date it
    was built for: a change overwrites it rather than leaving the old one to expire, so the cache holds at most
    one fragment for each page, however often the data changes."""
    seconds = settings.FRAGMENT_CACHE_SECONDS
    if not seconds:
        return build()
    stamp = (*_versions(partnership_id), date.today().isoformat())  # before the data is read: see above
    digest = hashlib.sha256(repr(sorted(params)).encode()).hexdigest()
    key = f"pb:fragment:{name}:{partnership_id}:{digest[:40]}"
    kept = cache.get(key)
    if kept is not None and kept[0] == stamp:
        return kept[1]
    value = build()
    if _settled(stamp[:2]):
        cache.set(key, (stamp, value), seconds)
    return value


def connect():
    """Called from CoreConfig.ready(): every audit event written replaces its partnership's data version."""
    from django.db.models.signals import post_save

    from placeboard.core.models import AuditEvent

    post_save.connect(_audited, sender=AuditEvent, dispatch_uid="placeboard.fragments.audited")


def _audited(sender, instance, created=False, raw=False, **kwargs):
    if created and not raw:
        data_changed(instance.partnership_id)
