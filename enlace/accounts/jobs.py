"""Scheduled clean-ups of sign-in data (registered in ``apps.py``, run by ``enlace worker``).

Why: expired sessions and old lockout records are personal data (who signed in, from where)
kept for no purpose once expired; nothing else removes them.
"""

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.sessions.models import Session
from django.http import HttpRequest
from django.utils import timezone

from .services import tokens_expire

FAILURE_LOG_DAYS = 30


def clear_sessions() -> dict[str, int]:
    """What ``clearsessions`` does for the database session store."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return {"sessions": deleted}


def clear_lockouts() -> dict[str, int]:
    """Lockouts whose cool-off has passed, and failure records older than a month."""
    handler = AxesProxyHandler.get_implementation()
    now = HttpRequest()  # axes measures the cool-off from the request's time; None means now
    now.axes_attempt_time = None  # type: ignore[attr-defined]
    attempts = handler.clean_expired_user_attempts(now)
    failures = handler.reset_failure_logs(age_days=FAILURE_LOG_DAYS)
    return {"attempts": attempts, "failure_logs": failures}


def expire_tokens() -> dict[str, int]:
    """API tokens past their expiry: refused already at use; removed here."""
    return {"tokens": tokens_expire()}
