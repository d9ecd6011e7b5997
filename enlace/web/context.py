"""Template context: what the navigation may show to this user (capabilities, not data)."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from enlace.accounts.roles import Role
from enlace.core.surfaces import nav_entries_for


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
    nav: list[dict[str, Any]] = []
    if user is not None and user.is_authenticated:
        labels = sorted({str(Role(r).label) for r in user.roles})
        nav = _nav(user)
    return {"enlace_caps": caps, "enlace_role_labels": labels, "enlace_nav": nav,
            "enlace_demo_mode": getattr(settings, "ENLACE_DEMO_MODE", False),
            # A create view under core.idempotency.one_submission: its form's one-submission token.
            "form_token": getattr(request, "enlace_form_token", "")}


def _nav(user: Any) -> list[dict[str, Any]]:
    """The main menu entries the apps registered for this user, with their URLs (an app whose
    URLs are not mounted, as in some test configurations, is left out)."""
    entries = []
    for entry in nav_entries_for(user):
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        entries.append({"key": entry.key, "url": url, "label": entry.label})
    return entries
