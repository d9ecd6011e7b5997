"""Scheduled jobs of referrals (registered in ``apps.py``, run by ``enlace worker``)."""

from .selectors import reminder_days
from .services import referrals_remind


def remind() -> dict[str, int]:
    """Same as ``enlace referrals remind``: at most one reminder a day per referral, so a retry is harmless."""
    return {"reminders": len(referrals_remind(days=reminder_days()))}
