"""The administrator's home panel: the workspace in numbers and the day's common tasks."""

from __future__ import annotations

from typing import Any

from .models import Institution, Team, Unit, User


def admin_counts() -> dict[str, int]:
    """Active institutions, units, teams and users (what the administration pages manage)."""
    return {
        "institutions": Institution.objects.filter(is_active=True).count(),
        "units": Unit.objects.filter(is_active=True).count(),
        "teams": Team.objects.filter(is_active=True).count(),
        "users": User.objects.filter(is_active=True).count(),
    }


def home_administration(actor: User) -> dict[str, Any] | None:
    """For system administrators only: counts and links; no case content."""
    if not actor.is_sysadmin:
        return None
    return {"counts": admin_counts()}
