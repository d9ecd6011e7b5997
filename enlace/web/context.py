"""Template context: what the navigation may show to this user (capabilities, not data)."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from enlace.accounts.roles import Role


def enlace(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    caps: dict[str, bool] = {}
    if user is not None and user.is_authenticated:
        caps = {
            "cases": user.can_work_cases,
            "create_cases": user.can_create_cases,
            "screening": user.can_screen,
            "referrals": user.can_screen or user.can_work_cases,
            "links": user.can_work_cases,
            "audit": user.is_auditor,
            "admin": user.is_sysadmin,
            "monitoring": user.is_monitoring,
            "capacity": user.is_capacity_manager,
        }
    labels: list[str] = []
    if user is not None and user.is_authenticated:

        labels = sorted({str(Role(r).label) for r in user.roles})
    return {"enlace_caps": caps, "enlace_role_labels": labels, "enlace_demo_mode": getattr(settings, "ENLACE_DEMO_MODE", False)}
