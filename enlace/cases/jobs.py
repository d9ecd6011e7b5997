"""Scheduled jobs of the case file (registered in ``apps.py``, run by ``enlace worker``)."""

from .services_access import case_participants_expire, case_sharings_expire


def expire_sharings() -> dict[str, int]:
    return {"expired": case_sharings_expire()}


def expire_participants() -> dict[str, int]:
    return {"expired": case_participants_expire()}
