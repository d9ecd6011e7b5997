"""Scheduled jobs of the monitoring app (registered in ``apps.py``, run by ``enlace worker``)."""

from .services import figures_refresh


def refresh_figures() -> dict[str, int]:
    return {"snapshots": figures_refresh()}
