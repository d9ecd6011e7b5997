"""Institutions, units, EMEs and demo users, created through the account services.

Why the services: permission changes are audited; the demo's audit log then shows a
workspace being set up the way a real administrator would (``actor=None`` is the shell
operator running ``enlace demo``). The demo creates its accounts and team memberships directly
(``user_provision``, ``team_member_grant``): there is no second person yet to approve them; a
real workspace starts from ``enlace user create --bootstrap``. Existing rows (same code or username) are reused, so
``--force`` can add cases to a workspace that already has the institutions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from enlace.accounts.models import Institution, Team, TeamMember, Unit, User
from enlace.accounts.services import (
    institution_create,
    team_create,
    team_member_grant,
    unit_create,
    user_provision,
)

from . import tables


@dataclass
class Workspace:
    institutions: dict[str, Institution] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    teams: dict[str, Team] = field(default_factory=dict)  # by team code
    users: dict[str, User] = field(default_factory=dict)  # by username
    # (department, slot) -> {"investigator": user, "prosecutor": user}
    team_staff: dict[tuple[str, int], dict[str, User]] = field(default_factory=dict)

    def staff(self, department: str, slot: int, role: str) -> User:
        return self.team_staff[(department, slot)][role]


def _institution(spec: dict) -> Institution:
    existing = Institution.objects.filter(code=spec["code"]).first()
    return existing or institution_create(actor=None, **spec)


def _unit(inst: Institution, code: str, name: str, subdivision: str) -> Unit:
    existing = Unit.objects.filter(code=code).first()
    return existing or unit_create(actor=None, institution=inst, code=code, name=name, subdivision=subdivision)


def _team(code: str, name: str, subdivision: str) -> Team:
    existing = Team.objects.filter(code=code).first()
    return existing or team_create(actor=None, code=code, name=name, country="BO", subdivision=subdivision)


def build_workspace() -> Workspace:
    spec = tables.workspace()
    ws = Workspace()
    for inst in spec["institutions"]:
        ws.institutions[inst["code"]] = _institution(inst)
    police, fiscalia = ws.institutions["policia"], ws.institutions["fiscalia"]
    for dep in spec["departments"]:
        sub = dep["subdivision"]
        ws.units[tables.police_unit_code(dep)] = _unit(police, tables.police_unit_code(dep), dep["police_unit"], sub)
        ws.units[tables.prosecution_unit_code(dep)] = _unit(
            fiscalia, tables.prosecution_unit_code(dep), dep["prosecution_unit"], sub)
        ws.teams[tables.team_code(dep)] = _team(tables.team_code(dep), tables.team_name(dep), sub)
    for u in spec["other_units"]:
        ws.units[u["code"]] = _unit(ws.institutions[u["institution"]], u["code"], u["name"], u["subdivision"])
    for u in spec["users"]:
        user = User.objects.filter(username=u["username"]).first()
        if user is None:
            user = user_provision(
                reason="demo", username=u["username"], password=spec["password"],
                institution=ws.institutions[u["institution"]], role=u["role"],
                unit=ws.units[u["unit"]] if u["unit"] else None, first_name=u["first_name"],
                last_name=u["last_name"], email=f"{u['username']}@demo.enlace.invalid",
            )
        ws.users[u["username"]] = user
        if u["team"]:
            team = ws.teams[tables.team_code(tables.departments()[u["team"]])]
            if not TeamMember.objects.filter(team=team, user=user).exists():
                team_member_grant(actor=None, team=team, user=user)
            ws.team_staff.setdefault((u["team"], 0), {}).setdefault(u["role"], user)
    return ws


def credentials() -> list[dict[str, str]]:
    """The login table printed at the end of ``enlace demo`` (and again with ``--once``)."""
    spec = tables.workspace()
    names = {i["code"]: i["name"] for i in spec["institutions"]}
    units = {u["code"]: u["name"] for u in spec["other_units"]}
    for dep in spec["departments"]:
        units[tables.police_unit_code(dep)] = dep["police_unit"]
        units[tables.prosecution_unit_code(dep)] = dep["prosecution_unit"]
    rows = []
    for u in spec["users"]:
        team = tables.departments()[u["team"]]["team"] if u["team"] else ""
        rows.append({"username": u["username"], "role": u["role"], "institution": names[u["institution"]],
                     "unit or team": team or units.get(u["unit"], ""), "password": spec["password"]})
    return rows


def add_team_slots(ws: Workspace, teams: dict[str, int]) -> None:
    """Big demos: more EMEs per department, each with an investigator and a prosecutor.

    Why: in a workspace of 100,000 cases a department has many teams; the demo
    investigator must see the cases of their own EME, not the whole department. These
    staff accounts get a random password nobody knows (they own cases, nobody logs in).
    """
    import secrets

    for sub, count in teams.items():
        dep = tables.departments()[sub]
        for slot in range(1, count):
            team = _team(tables.team_code(dep, slot), tables.team_name(dep, slot), sub)
            ws.teams[team.code] = team
            staff = {}
            for role, inst, unit_code, prefix in (
                ("investigator", "policia", tables.police_unit_code(dep), "inv"),
                ("prosecutor", "fiscalia", tables.prosecution_unit_code(dep), "fis"),
            ):
                username = f"{prefix}.{dep['slug']}.{slot + 1:02d}"
                user = User.objects.filter(username=username).first() or user_provision(
                    reason="demo", username=username, password=secrets.token_urlsafe(24), validate=False,
                    institution=ws.institutions[inst], role=role, unit=ws.units[unit_code])
                if not TeamMember.objects.filter(team=team, user=user).exists():
                    team_member_grant(actor=None, team=team, user=user)
                staff[role] = user
            ws.team_staff[(sub, slot)] = staff
