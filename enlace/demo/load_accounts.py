"""Approvers of the demo workspace (four eyes): each demo supervisor is also the designated
approver of their institution, so grants asked in the demo (an account, a role, a team, a case
participant, a sharing) have someone to approve them. Given directly: the demo has nobody yet
to approve its first approvers."""

from __future__ import annotations

from enlace.accounts.models import Membership
from enlace.accounts.roles import Role
from enlace.accounts.services import membership_grant

from .workspace import Workspace


def designate_approvers(ws: Workspace) -> None:
    for user in ws.users.values():
        for m in Membership.objects.filter(user=user, role=Role.SUPERVISOR, is_active=True).select_related(
                "institution"):
            if not Membership.objects.filter(user=user, institution=m.institution, role=Role.APPROVER).exists():
                membership_grant(actor=None, user=user, institution=m.institution, role=Role.APPROVER)
