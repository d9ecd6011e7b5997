"""Demo capacity data: the 2008 and 2010 assessment rounds of the prosecution and police units of La Paz,
Cochabamba and Santa Cruz and the Desaguadero border post, their SWOT matrices and action plans,
courses and sessions, the staff register and coverage with gaps; and an open round for La Paz.

Everything goes through the services as the demo's capacity manager, so the audit log shows it.
Respondents other than the printed logins get a random password nobody knows (they answered, nobody
logs in as them). Texts are Spanish: the demo workspace is Bolivian.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets

from enlace.accounts.models import Unit, User
from enlace.accounts.services import user_provision

from . import services, services_training
from .demo_profiles import AREA_BASE, COURSES, GIVEN, SURNAMES, UNIT_CODES, WORKSHOP_ITEMS
from .models import QuestionnaireTemplate, Round, RoundUnit, StaffMember
from .questionnaire import questions

RESPONDENTS_PER_UNIT = 4
ROLE_OF = {"policia": "investigator", "fiscalia": "prosecutor", "digemig": "screener"}


def _respondents(unit: Unit, n: int) -> list[User]:
    users = []
    for i in range(1, n + 1):
        username = f"encuesta.{unit.code}.{i}"
        user = User.objects.filter(username=username).first() or user_provision(
            reason="demo", username=username, password=secrets.token_urlsafe(24), validate=False,
            institution=unit.institution, role=ROLE_OF.get(unit.institution.code, "investigator"), unit=unit)
        users.append(user)
    return users


def _ratings(rng: random.Random, template: QuestionnaireTemplate, unit_code: str, year: int) -> dict:
    """A respondent's answers: the unit's profile for the year, plus or minus one, sometimes "don't know"."""
    out = {}
    for q in questions(template.content):
        base = AREA_BASE[unit_code][year].get("external" if q.external else q.area, 3)
        rating = None if rng.random() < 0.05 else max(1, min(5, base + rng.choice((-1, 0, 0, 1))))
        out[q.code] = (rating, "")
    return out


def _round(manager, template, *, year: int, units: list[Unit], rng: random.Random) -> Round:
    rnd = services.round_create(actor=manager, title=f"Diagnóstico de capacidades {year}", year=year,
                                period="Talleres FODA UNODC/ILANUD" if year == 2008 else "Segunda ronda",
                                template=template, units=units)
    for ru in rnd.round_units.select_related("unit__institution"):
        for user in _respondents(ru.unit, RESPONDENTS_PER_UNIT):
            respondent = services.respondent_add(actor=manager, round_unit=ru, user=user)
            services.answers_save(actor=user, respondent=respondent, answers=_ratings(rng, template, ru.unit.code, year),
                                  submit=True)
    return rnd


def _workshop(manager, ru: RoundUnit, *, validate: bool, today: dt.date, courses: dict) -> None:
    matrix = services.matrix_build(actor=manager, round_unit=ru)
    for quadrant, text in WORKSHOP_ITEMS.get((ru.unit.code, ru.round.year), []):
        services.swot_item_add(actor=manager, matrix=matrix, quadrant=quadrant, text=text)
    weaknesses = list(matrix.items.filter(quadrant="W"))
    year = ru.round.year
    for i, weakness in enumerate(weaknesses[:2]):
        course = courses["inv"] if weakness.area in ("investigation", "legal_framework") else courses.get(
            "coop" if weakness.area == "international" else "victims")
        due = dt.date(year + 1, 6, 30) if year == 2008 else today + dt.timedelta(days=[-5, 20][i % 2])
        action = services.action_create(
            actor=manager, round_unit=ru, title=f"Atender: {weakness.text.split(' (')[0]}", weakness=weakness,
            owner="Jefatura de la unidad" if i == 0 else "Unidad de capacitación", due_on=due,
            course=course if i == 0 else None)
        if year == 2008:
            services.action_set_status(actor=manager, action=action, status="done", expected_version=action.version)
    if validate:
        matrix.refresh_from_db()
        services.matrix_validate(actor=manager, matrix=matrix, expected_version=matrix.version)


def _staff(manager, units: list[Unit], rng: random.Random, logins: dict[str, User]) -> dict[str, list[StaffMember]]:
    register: dict[str, list[StaffMember]] = {}
    linked = {u.active_memberships[0].unit_id: u for u in logins.values()
              if u.active_memberships and u.active_memberships[0].unit_id}
    for unit in units:
        people = []
        user = linked.get(unit.pk)
        if user is not None and not StaffMember.objects.filter(user=user).exists():
            people.append(services_training.staff_create(
                actor=manager, full_name=user.get_full_name(), institution=unit.institution, unit=unit,
                position="Responsable de unidad", user=user, specialisations=["tip_investigation"]))
        for _i in range(7):
            name = f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)} {rng.choice(SURNAMES)}"
            people.append(services_training.staff_create(actor=manager, full_name=name, institution=unit.institution,
                                                         unit=unit, position="Investigador/a" if "police" in unit.code
                                                         else "Fiscal de materia" if "fiscalia" in unit.code
                                                         else "Oficial de migración"))
        register[unit.code] = people
    return register


def _training(manager, register: dict[str, list[StaffMember]], today: dt.date, rng: random.Random) -> dict:
    courses = {}
    for key, spec in COURSES.items():
        courses[key] = services_training.course_create(actor=manager, **spec["course"])
        for days_ago, place, trainers, share in spec["sessions"]:
            starts = today - dt.timedelta(days=days_ago) if days_ago else dt.date(2009, 5, 11)
            session = services_training.session_create(actor=manager, course=courses[key], starts_on=starts,
                                                       ends_on=starts + dt.timedelta(days=4), place=place,
                                                       trainers=trainers)
            for unit_code, people in register.items():
                for person in people[: round(len(people) * share.get(unit_code, 0))]:
                    services_training.participation_record(actor=manager, session=session, staff=person,
                                                           completed=rng.random() > 0.1)
    return courses


def populate(*, rng: random.Random, users: dict[str, User], today: dt.date) -> dict[str, int]:
    manager = users["capacidad.gestion"]
    template = services.template_sync(actor=manager)[0]
    units = [Unit.objects.select_related("institution").get(code=code) for code in UNIT_CODES]
    register = _staff(manager, units, rng, users)
    courses = _training(manager, register, today, rng)
    for year in (2008, 2010):
        rnd = _round(manager, template, year=year, units=units, rng=rng)
        for ru in rnd.round_units.select_related("unit", "round"):
            _workshop(manager, ru, validate=year == 2008 or ru.unit.code.endswith("lpz"), today=today,
                      courses=courses)
        services.round_close(actor=manager, round=rnd, expected_version=rnd.version)
    open_round = services.round_create(actor=manager, title="Diagnóstico de capacidades 2026 (La Paz)",
                                       year=today.year, period="En curso", template=template, units=units[:2])
    for ru in open_round.round_units.select_related("unit"):
        for username in ("investigador.lpz", "fiscal.lpz", "supervisor.lpz"):
            user = users.get(username)
            if user is not None and ru.unit.institution_id in user.institution_ids:
                services.respondent_add(actor=manager, round_unit=ru, user=user)
    return {"rounds": Round.objects.count(), "staff": sum(len(p) for p in register.values()), "courses": len(courses)}
