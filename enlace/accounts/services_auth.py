"""Sign-in events and second-factor enrolment: the writes behind the sign-in pages.

Why here and not in the views: every write is audited in its own transaction, and the rule
"a GET never creates a device" must hold whatever page or client asks. Enrolment keeps the
candidate secret outside the database (the caller holds it, e.g. in the session) until a code
made with it proves the user's authenticator has it; only then is a device written.
"""

from __future__ import annotations

import time
from binascii import unhexlify

from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from enlace.audit.services import audit_record

from .models import User
from .throttle import totp_device_accepting


def login_recorded(*, user: User, ip_address: str | None) -> None:
    audit_record(actor=user, action="auth.login", obj=user, ip_address=ip_address)


def login_failed_recorded(*, username: str, ip_address: str | None) -> None:
    audit_record(action="auth.login_failed", actor_label=username[:150], ip_address=ip_address)


def logout_recorded(*, user: User) -> None:
    audit_record(actor=user, action="auth.logout", obj=user)


def totp_verify(*, user: User, token: str, ip_address: str | None) -> TOTPDevice | None:
    """The confirmed device that accepts ``token``, or None; both outcomes are audited."""
    device = totp_device_accepting(user=user, token=token)
    action = "auth.totp_ok" if device is not None else "auth.totp_failed"
    audit_record(actor=user, action=action, obj=user, ip_address=ip_address)
    return device


def totp_candidate_key() -> str:
    """A new secret (hex) to show as a QR code; nothing is stored."""
    return default_key()


def totp_candidate(*, user: User, key: str) -> TOTPDevice:
    """An unsaved device for ``key``: to draw its QR code and to check a first code against it."""
    unhexlify(key.encode())  # a malformed key fails here, before anything is shown or saved
    return TOTPDevice(user=user, name="default", key=key, confirmed=False)


def _code_matches(device: TOTPDevice, token: str) -> int | None:
    """The time step a code matches for an unsaved device (``verify_token`` would save it)."""
    try:
        code = int(token)
    except (TypeError, ValueError):
        return None
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return totp.t() if totp.verify(code, device.tolerance) else None


@transaction.atomic
def totp_enrol(*, user: User, key: str, token: str) -> TOTPDevice | None:
    """Confirm an authenticator: a valid code made with ``key`` writes the device and replaces
    any older one (lost or changed phone). A wrong code writes nothing and returns None."""
    candidate = totp_candidate(user=user, key=key)
    step = _code_matches(candidate, token)
    if step is None:
        return None
    replaced, _deleted = TOTPDevice.objects.filter(user=user).delete()
    candidate.confirmed, candidate.last_t = True, step  # the code just used cannot be replayed
    candidate.save()
    audit_record(actor=user, action="auth.totp_enrolled", obj=user, details={"replaced": replaced})
    return candidate
