"""Template context: what the navigation may show to this user (capabilities, not data)."""

from django.conf import settings

from enlace.accounts.roles import Role


def enlace(request):
    user = getattr(request, "user", None)
    caps = {}
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
    labels = []
    if user is not None and user.is_authenticated:

        labels = sorted({str(Role(r).label) for r in user.roles})
    return {"enlace_caps": caps, "enlace_role_labels": labels, "enlace_demo_mode": getattr(settings, "ENLACE_DEMO_MODE", False)}
