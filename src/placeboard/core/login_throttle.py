"""The sign-in throttle: django-axes, with two limits, a lockout page and an audit entry.

Failed sign-ins are counted for each username at each address (LOGIN_FAILURE_LIMIT, 5) and for each
address whatever the username (LOGIN_ADDRESS_FAILURE_LIMIT, 20), for LOGIN_COOLOFF_MINUTES after the
last one. At either limit sign-in from that address (as that username, or at all) is refused until
the cool-off has passed; the right password does not help. The same person elsewhere, and other
people at the same address, can still sign in. Addresses are core.ratelimit.client_ip's, so
TRUSTED_PROXIES decides whose address a request is, as it does for every rate limit.

django-axes has one failure limit for all its lockout parameters; LoginThrottle gives the address
alone its own by counting its failures on the other limit's scale.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off, get_lockout_parameters
from django.conf import settings
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone

from placeboard.core import audit


def when(moment, dated=False):
    """A time as GOV.UK writes it: "3:52pm", with the date ("3:52pm on 28 November 2026") when it is
    not today or `dated` (for the audit log, read on other days)."""
    local = timezone.localtime(moment)
    hour = local.hour % 12 or 12
    words = f"{hour}:{local.minute:02d}{'am' if local.hour < 12 else 'pm'}"
    if dated or local.date() != timezone.localdate():
        words += f" on {local.day} {local:%B %Y}"
    return words


class LoginThrottle(AxesDatabaseHandler):
    """settings.AXES_HANDLER: the database handler, with a limit for each lockout parameter."""

    def _limit(self, parameter):
        return settings.LOGIN_ADDRESS_FAILURE_LIMIT if parameter == "ip_address" else settings.AXES_FAILURE_LIMIT

    def _counts(self, request, credentials):
        """(failures in the cool-off, the last one's time, the limit) for each lockout parameter."""
        limits = [self._limit(parameter) for parameter in get_lockout_parameters(request, credentials)]
        for attempts, limit in zip(self.get_user_attempts(request, credentials), limits, strict=True):
            totals = attempts.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            yield totals["failures"] or 0, totals["last"], limit

    def get_failures(self, request, credentials=None):
        """The failures axes compares with AXES_FAILURE_LIMIT: for the address alone, scaled so that
        reaching LOGIN_ADDRESS_FAILURE_LIMIT reaches it (20 failures count as 5, 19 as 4)."""
        scale = settings.AXES_FAILURE_LIMIT
        return max((failures * scale // limit for failures, _, limit in self._counts(request, credentials)),
                   default=0)

    def locked_until(self, request, credentials=None):
        """When sign-in opens again (at the latest), or None when it is not locked."""
        cool_off = get_cool_off(request)
        ends = [last + cool_off for failures, last, limit in self._counts(request, credentials) if failures >= limit]
        return max(ends, default=None)

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        """Count the failure as axes does, and audit the failure that starts a lockout (only that one:
        refused attempts during it arrive already locked out)."""
        already_locked = getattr(request, "axes_locked_out", False)
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and request.axes_locked_out and not already_locked:
            until = self.locked_until(request, credentials) or timezone.now() + get_cool_off(request)
            audit.record_lockout(get_client_username(request, credentials), request.axes_ip_address,
                                 when(until, dated=True))


def lockout_response(request, original_response=None, credentials=None):
    """settings.AXES_LOCKOUT_CALLABLE: the page shown instead of the sign-in form while locked out."""
    until = AxesProxyHandler.get_implementation().locked_until(request, credentials)
    until = until or timezone.now() + get_cool_off(request)
    minutes = max(1, -(-int((until - timezone.now()).total_seconds()) // 60))  # rounded up
    return render(request, "registration/locked_out.html", {
        "try_again": when(until),
        "minutes": minutes,
    }, status=429)
