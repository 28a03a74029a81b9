"""Rate limits for public actions, counted in Django's cache so they hold across worker processes.

Every limited action uses this module: community issues today, participatory-budgeting voting-link
requests and bid submissions next. The usual way is a module-level `Limit` and two calls:

    ISSUES = Limit("issue", "ENGAGEMENT_ISSUE_RATE_LIMIT", "ENGAGEMENT_ISSUE_RATE_WINDOW",
                   message="You have raised several issues in the last {period}. "
                           "Please wait {wait} before raising another.")

    keys = [email.strip().lower(), client_ip(request)]
    refusal = ISSUES.check(keys)        # None, or the message to show
    if refusal:
        form.add_error(None, refusal)
    else:
        ISSUES.count(keys)              # only once the action has really been accepted
        ...

Keys are the identities one action is counted against (an e-mail address, a client IP address,
a voting-link token...); each is counted separately and any one at its limit refuses the action.
Normalise them first (lower-case e-mail addresses) and skip none: empty keys are ignored. A key
is stored only as an HMAC-SHA256 digest, so the cache never holds an e-mail address in clear and
odd characters cannot break a cache key. The scope (the `Limit`'s name) keeps one action's counts
apart from another's.

A window opens at the first counted action and closes `window` seconds later, whatever comes
in between. Limits and windows are read from settings when used, so tests can override them.

Behind a reverse proxy every request comes from the proxy's address; `client_ip` reads the
resident's address from X-Forwarded-For, but only from proxies listed in TRUSTED_PROXIES.
"""

import ipaddress
import math
import re
import time
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

_SCOPE = re.compile(r"[a-z0-9_-]+")


# Client addresses ------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _networks(proxies):
    return tuple(ipaddress.ip_network(proxy.strip()) for proxy in proxies)


def trusted_proxies():
    """TRUSTED_PROXIES as ip_network objects (settings.py has already refused bad ones)."""
    return _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))


def _parse_ip(text):
    """An ip_address from one X-Forwarded-For entry or REMOTE_ADDR, or None when malformed.

    Some proxies add a port ("192.0.2.1:5678", "[2001:db8::1]:443"); IPv4 addresses seen over
    IPv6 sockets ("::ffff:192.0.2.1") are unwrapped so they match IPv4 networks."""
    text = text.strip()
    if text.startswith("[") and "]" in text:
        text = text[1:text.index("]")]
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _is_trusted(address, networks):
    return any(address in network for network in networks)


def client_ip(request):
    """The address a request came from, as a string ("unknown" when there is none).

    REMOTE_ADDR, unless that is a trusted proxy: then the right-most X-Forwarded-For entry that
    is not itself a trusted proxy. Entries left of that were written by the client and could say
    anything, so they are never read. A malformed entry where the client's address should be
    means a proxy is misconfigured; the last trusted hop is used rather than reading further left.
    """
    remote_raw = request.META.get("REMOTE_ADDR") or ""
    remote = _parse_ip(remote_raw)
    if remote is None:
        return remote_raw.strip() or "unknown"
    networks = trusted_proxies()
    if not networks or not _is_trusted(remote, networks):
        return str(remote)
    hop = remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for entry in reversed(forwarded.split(",")):
        address = _parse_ip(entry)
        if address is None:
            break
        hop = address
        if not _is_trusted(address, networks):
            break
    return str(hop)


def axes_client_ip(request):
    """client_ip for the sign-in throttle (settings.AXES_CLIENT_IP_CALLABLE), so it counts the same people.

    None when there is no usable address: django-axes stores addresses in an IP address column."""
    address = client_ip(request)
    return address if _parse_ip(address) is not None else None


# Counting --------------------------------------------------------------------------------------


def _check_scope(scope):
    if not _SCOPE.fullmatch(scope):
        raise ValueError(f"A rate-limit scope must be lower-case letters, digits, - or _, not {scope!r}.")


def cache_key(scope, key):
    """The cache key counting `key` in `scope`: the key itself appears only as a digest."""
    _check_scope(scope)
    digest = salted_hmac("placeboard.ratelimit", f"{scope}\0{key}", algorithm="sha256").hexdigest()
    return f"pb-rate:{scope}:{digest}"


def _present(keys):
    return [str(key) for key in keys if key]


def over_limit(scope, keys, limit):
    """True when any of `keys` has already been counted `limit` times in its current window."""
    return any((cache.get(cache_key(scope, key)) or 0) >= limit for key in _present(keys))


def count(scope, keys, window):
    """Count one action against each of `keys`, in a window of `window` seconds from its first.

    cache.add then cache.incr, so two requests at once both count: exactly on the database cache
    (core.cache), Redis and the local-memory cache, whose incr is atomic; the file-based cache
    (the demo's) may lose one in a tie, which errs towards allowing."""
    now = time.time()
    for key in _present(keys):
        counter = cache_key(scope, key)
        # When the window ends is kept beside the count: the file-based cache's incr rewrites the
        # entry with the default timeout (300 s), which would otherwise cut every window short.
        cache.add(f"{counter}:ends", now + window, window)
        ends = cache.get(f"{counter}:ends") or now + window
        remaining = max(1, math.ceil(ends - now))
        if cache.add(counter, 1, remaining):
            continue
        try:
            cache.incr(counter)
        except ValueError:  # expired between the add and the incr
            cache.set(counter, 1, remaining)
        else:
            cache.touch(counter, remaining)


def window_words(seconds):
    """A window in words for messages: "an hour", "2 hours", "30 minutes" (at least "1 minute")."""
    minutes = max(1, int(seconds) // 60)
    if minutes % 60:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    hours = minutes // 60
    return "an hour" if hours == 1 else f"{hours} hours"


@dataclass(frozen=True)
class Limit:
    """One limited action: its scope and the names of the settings holding its limit and window.

    `message` may use {wait} ("an hour", "30 minutes") and {period} ("hour", "30 minutes")."""

    scope: str
    limit_setting: str
    window_setting: str
    message: str = "You have sent too many requests in the last {period}. Try again in {wait}."

    def __post_init__(self):
        _check_scope(self.scope)  # refuse a bad scope when the module is imported, not on a request

    @property
    def limit(self):
        return getattr(settings, self.limit_setting)

    @property
    def window(self):
        return getattr(settings, self.window_setting)

    def over(self, keys):
        return over_limit(self.scope, keys, self.limit)

    def count(self, keys):
        count(self.scope, keys, self.window)

    def window_words(self):
        return window_words(self.window)

    def refusal(self):
        wait = self.window_words()
        return self.message.format(wait=wait, period=wait.removeprefix("an "))

    def check(self, keys):
        """None when the action may go ahead; otherwise the message to show the person."""
        return self.refusal() if self.over(keys) else None
