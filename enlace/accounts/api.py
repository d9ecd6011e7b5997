"""``GET /me``: who the API thinks the caller is, and what their roles allow.

Why: an integration checks its token and the capabilities it relies on before it
starts a batch, instead of discovering a 403 halfway through.
"""

from __future__ import annotations

from typing import Any

from ninja import Field, Router, Schema

from enlace.accounts.requests import ApiRequest
from enlace.core.api_schemas import InstitutionRef, TeamRef, UnitRef, error_responses, ref

router = Router(tags=["accounts"])


class CapabilitiesOut(Schema):
    can_work_cases: bool
    can_create_cases: bool
    can_reveal_identity: bool
    can_screen: bool
    sees_victims: bool
    is_sysadmin: bool
    is_auditor: bool
    is_monitoring: bool


class MembershipOut(Schema):
    institution: InstitutionRef
    unit: UnitRef | None
    role: str


class MeOut(Schema):
    id: int
    username: str
    first_name: str
    last_name: str
    preferred_language: str
    auth_method: str = Field(..., description="'token' or 'session'.")
    roles: list[str]
    memberships: list[MembershipOut]
    teams: list[TeamRef]
    capabilities: CapabilitiesOut


@router.get("/me", response={200: MeOut, **error_responses()}, operation_id="me")
def me(request: ApiRequest) -> dict[str, Any]:
    user = request.auth
    caps = {name: bool(getattr(user, name)) for name in CapabilitiesOut.model_fields}
    return {
        "id": user.pk, "username": user.username, "first_name": user.first_name, "last_name": user.last_name,
        "preferred_language": user.preferred_language,
        "auth_method": getattr(request, "enlace_auth_method", "session"),
        "roles": sorted(user.roles),
        "memberships": [{"institution": ref(m.institution), "unit": ref(m.unit), "role": m.role}
                        for m in user.active_memberships],
        "teams": [ref(t) for t in user.teams.filter(is_active=True).order_by("name")],
        "capabilities": caps,
    }
