"""Work of the monitoring app run by the worker: the scheduled refresh of the dashboard's figures and
the releases people ask for (both registered in ``MonitoringConfig.ready``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from enlace.accounts.models import User

from . import services
from .services import figures_refresh


def refresh_figures() -> dict[str, int]:
    return {"snapshots": figures_refresh()}


def release_run(*, actor: User, parameters: dict[str, Any], progress: Callable[[int, int], None]) -> dict[str, Any]:
    """Make the release the person asked for (``services.release_request``), as that person."""
    release = services.release_create(actor=actor, kind=str(parameters.get("kind", "")),
                                      k=int(parameters.get("k", 11)), epsilon=parameters.get("epsilon"),
                                      progress=progress)
    return {"release": release.pk, "records": release.records}
