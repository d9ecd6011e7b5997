"""Scheduled jobs of the case file (registered in ``apps.py``, run by ``enlace worker``)."""

from .services import case_sharings_expire


def expire_sharings() -> dict[str, int]:
    return {"expired": case_sharings_expire()}
