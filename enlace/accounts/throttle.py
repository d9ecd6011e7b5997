"""Sign-in throttling beyond one account: per source address across usernames, and a bounded TOTP back-off.

Password spraying tries one or two common passwords against many usernames from one address,
so a per-account limit never triggers. django-axes counts failures per (username, address)
and, here, per address across usernames too, with a higher threshold (an office behind one
NAT address must not lock itself out after a few typos): ``AXES_IP_FAILURE_LIMIT``. Axes has
one threshold for all parameter sets, so ``failure_limit`` picks it per request: the account
threshold once this username failed that often from this address, the address threshold
otherwise. A successful sign-in resets only that account's failures (``lockout_parameters``):
a sprayer with one valid account must not wipe the address's count by signing in.

The TOTP back-off of django-otp doubles after every failure without a ceiling (after 30
failures the next try waits 17 years), so whoever holds a user's password could lock the
second factor for good. ``totp_device_accepting`` caps it at ``TOTP_MAX_DELAY_SECONDS``: brute force stays
slow (one guess every few minutes: years for a 6-digit code) and the owner gets back in.
"""

from __future__ import annotations

from axes.attempts import get_cool_off_threshold
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django_otp.plugins.otp_totp.models import TOTPDevice

ACCOUNT_AND_ADDRESS = ["username", "ip_address"]
ADDRESS = ["ip_address"]
TOTP_MAX_DELAY_SECONDS = 256  # at most about four minutes between tries, however many failures


def lockout_parameters(request_or_attempt, credentials: dict | None = None) -> list[list[str]]:
    """Both parameter sets, except for the reset after a successful sign-in (credentials without password)."""
    if credentials is not None and "password" not in credentials:
        return [ACCOUNT_AND_ADDRESS]
    return [ACCOUNT_AND_ADDRESS, ADDRESS]


def failure_limit(request, credentials: dict | None) -> int:
    """The account threshold once this username failed that often from this address, else the address one."""
    account_limit = settings.AXES_ACCOUNT_FAILURE_LIMIT
    username = get_client_username(request, credentials)
    attempts = AccessAttempt.objects.filter(username=username, ip_address=getattr(request, "axes_ip_address", None))
    if settings.AXES_COOLOFF_TIME is not None:
        attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
    own = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
    return account_limit if own >= account_limit else settings.AXES_IP_FAILURE_LIMIT


def _max_steps() -> int:
    factor = getattr(settings, "OTP_TOTP_THROTTLE_FACTOR", 1) or 1
    steps = 1
    while factor * 2 ** steps <= TOTP_MAX_DELAY_SECONDS:
        steps += 1
    return steps  # factor * 2**(steps-1) <= the ceiling


def totp_device_accepting(*, user, token: str) -> TOTPDevice | None:
    """The user's confirmed device that accepts ``token`` (None: none did), with the back-off capped."""
    cap = _max_steps()
    for device in TOTPDevice.objects.devices_for_user(user, confirmed=True):
        if device.throttling_failure_count > cap:
            TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=cap)
            device.throttling_failure_count = cap
        if device.verify_token(token):
            return device
    return None
