"""Each role's home page leads to the next action, from the panels its apps registered."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from enlace.cases.models import Case
from enlace.cases.services import case_create, case_task_add
from enlace.links.tests.links_factories import add_person, other_unit_world
from enlace.referrals import services as referral_services
from enlace.referrals.tests.factories import give_consent, make_provider, make_screener, screened

pytestmark = pytest.mark.django_db

NO_CASE_WORK = "does not work on case files"


def _section(html: str, anchor: str) -> str:
    start = html.index(f'id="{anchor}"')
    return html[start:html.index("</section>", start)]


def _home(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("web:home"))
    assert response.status_code == 200
    return response.content.decode()


def test_screener_starts_with_new_screening_and_own_drafts(client, world):
    screener = make_screener(world)
    draft = screened(screener, complete=False)
    done = screened(screener)
    others = screened(make_screener(world, username="scr_other"), complete=False)
    html = _home(client, screener)
    assert reverse("screening:new") in html and "New screening" in html
    assert reverse("screening:step", args=[draft.public_id, "review"]) in html
    assert reverse("screening:result", args=[done.public_id]) in html
    assert others.pseudonym not in html
    assert NO_CASE_WORK not in html


def test_supervisor_sees_workload_overdue_tasks_and_quiet_cases(client, world):
    case = world["case"]
    quiet = case_create(actor=world["investigator"], title="Brick kiln Viacha", lead_institution=world["police"],
                        lead_unit=world["lpz"], team=world["team"], forms_of_exploitation=["forced_labour"])
    case_task_add(actor=world["investigator"], case=case, title="Call the labour inspector",
                  due_on=timezone.localdate() - dt.timedelta(days=3))
    Case.objects.filter(pk=quiet.pk).update(updated_at=timezone.now() - dt.timedelta(days=45))
    html = _home(client, world["supervisor"])
    assert "Workload of my units" in html and world["lpz"].name in html
    assert "Call the labour inspector" in html
    quiet_section = _section(html, "home-quiet")
    assert "Brick kiln Viacha" in quiet_section and case.title not in quiet_section
    # Another unit's supervisor sees none of it.
    other = _home(client, world["other_supervisor"])
    assert "Call the labour inspector" not in other and "Brick kiln Viacha" not in other


def test_investigator_is_told_of_new_hits_on_their_cases(client, world):
    other = other_unit_world(world)
    add_person(world["investigator"], world["case"], given_names="Juan Carlos", first_surname="Quispe",
               second_surname="Mamani", birth_year=1990, sex="M")
    add_person(other["cbba_inv"], other["cbba_case"], given_names="Juan Carlos", first_surname="Quispe",
               second_surname="Mamani", birth_year=1990, sex="M")
    html = _home(client, world["investigator"])
    section = _section(html, "home-hits")
    assert world["case"].title in section and "1 new hit" in section
    # The other side's case is not named on my page (hit/no-hit).
    assert other["cbba_case"].title not in html


def test_service_provider_sees_incoming_referrals_by_status(client, world):
    screener = make_screener(world)
    provider, ngo = make_provider()
    s = screened(screener)
    give_consent(screener, screening=s, recipient=ngo)
    referral = referral_services.referral_create(actor=screener, screening=s, service="shelter", recipient=ngo)
    html = _home(client, provider)
    section = _section(html, "home-incoming")
    assert referral.reference in section and reverse("referrals:incoming", args=[referral.public_id]) in section
    assert '<div data-status="sent"><span class="stat">1</span>' in section


def test_administrator_lands_on_administration(client, world):
    html = _home(client, world["sysadmin"])
    assert reverse("accounts:user_create") in html and NO_CASE_WORK not in html
    assert world["case"].title not in html


def test_auditor_lands_on_audit(client, world):
    html = _home(client, world["auditor"])
    assert reverse("audit:verify") in html and NO_CASE_WORK not in html
    assert world["case"].title not in html


def test_the_account_menu_shows_initials_and_full_name_not_the_username(client, world):
    user = world["investigator"]
    user.first_name, user.last_name = "Ramiro", "Quispe Apaza"
    user.save(update_fields=["first_name", "last_name"])
    html = _home(client, user)
    assert '<span class="menu__avatar" aria-hidden="true">RQ</span>' in html
    assert "Account menu for Ramiro Quispe Apaza" in html and f"Account menu for {user.username}" not in html


def test_consents_name_who_recorded_them(client, world):
    screener = make_screener(world)
    screener.first_name, screener.last_name = "Lucía", "Torrez"
    screener.save(update_fields=["first_name", "last_name"])
    _provider, ngo = make_provider()
    s = screened(screener)
    give_consent(screener, recipient=ngo, screening=s)
    client.force_login(screener)
    html = client.get(reverse("referrals:subject", args=["screening", s.public_id])).content.decode()
    assert "Lucía Torrez" in html and f"· {screener.username}<" not in html
