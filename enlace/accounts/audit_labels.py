"""Users named in the audit log by their full names (``enlace.audit.labels``)."""

from __future__ import annotations

from .models import User


def user_names(ids: list[str]) -> dict[str, str]:
    numeric = [int(i) for i in ids if i.isdigit()]
    return {str(u.pk): u.get_full_name() or u.get_username() for u in User.objects.filter(pk__in=numeric)}
