"""Each role's first task from its home page, in a real Chromium; and Back-and-resubmit.

Every test starts at the home page after signing in and follows the home page's own links and
buttons (never a typed address) to the role's first task, then checks its result: the screener
starts a screening with the big button and finds it among the drafts; the investigator opens a
case and a task; the supervisor goes from the unit's workload and overdue tasks to the case; the
referral recipient accepts an incoming referral; the administrator deactivates a team; the
auditor filters the audit log; the prosecutor opens this week's hearing; the liaison answers a
request; the committee filters its dashboard; the capacity manager opens a round in progress. If a
home page stopped leading there, its test fails. Then an investigator adds a witness, goes Back
and presses "Add to the case" again: the witness is added once.
"""

from __future__ import annotations

import datetime as dt

import pytest

from enlace.conftest_browser import page_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CLEAN = {"csp": [], "external": [], "js": []}


@pytest.fixture
def static_served(settings):
    from pathlib import Path

    from django.contrib.staticfiles import finders

    if not finders.find("enlace/app.css"):
        import enlace

        settings.STATICFILES_DIRS = [str(Path(enlace.__file__).parent / "static")]


def _no_sideways_scroll(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def _home(page, login_as, user) -> None:
    login_as(page, user)
    page.goto("/")
    assert page_problems(page) == CLEAN


def _section(page, heading_id: str):
    """A home-page panel, by the id of its heading."""
    return page.locator("section", has=page.locator(f"#{heading_id}"))


def test_screener_starts_a_screening_from_home_on_a_phone(static_served, phone_page, login_as):
    from enlace.cases.tests.factories import make_case_world
    from enlace.referrals.tests.factories import make_screener, screened
    from enlace.screening.models import Screening

    world = make_case_world()
    screener = make_screener(world)
    earlier = screened(screener, complete=False)
    page = phone_page
    _home(page, login_as, screener)
    assert "does not work on case files" not in page.locator("main").inner_text()
    button = page.get_by_role("link", name="New screening").first
    box = button.bounding_box()
    assert box is not None and box["height"] >= 48 and box["y"] < 844  # large, and on the first screen
    assert page.get_by_role("link", name=earlier.pseudonym).is_visible()
    assert _no_sideways_scroll(page)
    with page.expect_navigation():
        button.click()
    assert page.url.endswith("/screening/new/")
    page.get_by_label("Labour exploitation").click()
    page.locator("#id_age_at_exploitation").fill("31")
    with page.expect_navigation():
        page.get_by_role("button", name="Next", exact=True).click()
    started = Screening.objects.exclude(pk=earlier.pk).get(screened_by=screener)
    assert started.status == "draft" and started.exploitation == "labour" and started.age_at_exploitation == 31
    with page.expect_navigation():
        page.locator(".topbar__brand").click()
    drafts = _section(page, "home-screening")
    with page.expect_navigation():
        drafts.get_by_role("link", name=started.pseudonym).click()
    assert f"/screening/{started.public_id}/" in page.url
    assert page_problems(page) == CLEAN


def test_investigator_opens_a_case_and_a_task_from_home(static_served, browser_page, login_as):
    from enlace.cases.services import case_task_add
    from enlace.cases.tests.factories import make_case_world

    world = make_case_world()
    case = world["case"]
    case_task_add(actor=world["investigator"], case=case, title="Interview the workshop owner",
                  assignee=world["investigator"])
    page = browser_page
    _home(page, login_as, world["investigator"])
    with page.expect_navigation():
        _section(page, "home-cases").get_by_role("link", name=case.title).click()
    assert page.url.endswith(f"/cases/{case.public_id}/")
    assert page.get_by_role("heading", name=case.title).first.is_visible()
    page.go_back()
    tasks = _section(page, "home-tasks")
    assert "Interview the workshop owner" in tasks.inner_text()
    with page.expect_navigation():
        tasks.get_by_role("link", name=case.title).click()
    assert "tab=tasks" in page.url
    assert "Interview the workshop owner" in page.locator(".tab-panel").inner_text()
    assert page_problems(page) == CLEAN


def test_supervisor_goes_from_the_units_workload_to_the_cases(static_served, browser_page, login_as):
    from django.utils import timezone

    from enlace.cases.services import case_task_add
    from enlace.cases.tests.factories import make_case_world

    world = make_case_world()
    case_task_add(actor=world["investigator"], case=world["case"], title="Call the labour inspector",
                  due_on=timezone.localdate() - dt.timedelta(days=2))
    page = browser_page
    _home(page, login_as, world["supervisor"])
    workload = _section(page, "home-workload")
    row = workload.locator("tr", has_text=world["lpz"].name)
    assert row.locator("td").nth(1).inner_text() == "1" and row.locator(".badge--danger").inner_text() == "1"
    with page.expect_navigation():
        workload.get_by_role("link", name="All cases").click()
    with page.expect_navigation():
        page.locator("main").get_by_role("link", name=world["case"].title).first.click()
    assert f"/cases/{world['case'].public_id}/" in page.url
    page.goto("/")  # back on the home page: the overdue task leads to the case's tasks
    overdue = _section(page, "home-overdue")
    assert "Call the labour inspector" in overdue.inner_text()
    with page.expect_navigation():
        overdue.get_by_role("link", name=world["case"].title).click()
    assert "tab=tasks" in page.url
    assert "Call the labour inspector" in page.locator(".tab-panel").inner_text()
    assert page_problems(page) == CLEAN


def test_referral_recipient_accepts_an_incoming_referral_from_home(static_served, browser_page, login_as):
    from enlace.cases.tests.factories import make_case_world
    from enlace.referrals import services as referral_services
    from enlace.referrals.models import Referral
    from enlace.referrals.tests.factories import give_consent, make_provider, make_screener, screened

    world = make_case_world()
    screener = make_screener(world)
    provider, ngo = make_provider()
    s = screened(screener)
    give_consent(screener, screening=s, recipient=ngo)
    referral = referral_services.referral_create(actor=screener, screening=s, service="shelter", recipient=ngo)
    page = browser_page
    _home(page, login_as, provider)
    incoming = _section(page, "home-incoming")
    assert incoming.locator("[data-status='sent'] .stat").inner_text() == "1"
    with page.expect_navigation():
        incoming.get_by_role("link", name=referral.reference).click()
    with page.expect_navigation():
        page.get_by_role("button", name="Accept").click()
    assert Referral.objects.get(pk=referral.pk).status == "accepted"
    assert "Accepted" in page.locator("main").inner_text()
    assert page_problems(page) == CLEAN


def test_administrator_deactivates_a_team_from_home(static_served, browser_page, login_as):
    from enlace.accounts.models import Team
    from enlace.cases.tests.factories import make_case_world

    world = make_case_world()
    team = world["team"]
    page = browser_page
    _home(page, login_as, world["sysadmin"])
    assert "No case files" not in page.locator("main").inner_text()
    with page.expect_navigation():
        _section(page, "home-admin").get_by_role("link", name="Teams (EME)").click()
    with page.expect_navigation():
        page.locator("main").get_by_role("link", name=team.name).click()
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.get_by_role("button", name="Deactivate team").click()
    assert not Team.objects.get(pk=team.pk).is_active
    assert "deactivated" in page.locator(".flash-list").inner_text()
    assert page_problems(page) == CLEAN


def test_auditor_filters_the_audit_log_from_home(static_served, browser_page, login_as):
    from enlace.cases.tests.factories import make_case_world

    world = make_case_world()
    page = browser_page
    _home(page, login_as, world["auditor"])
    with page.expect_navigation():
        _section(page, "home-audit").get_by_role("link", name="Audit log").click()
    page.get_by_label("Kind of action").select_option(label="Changes to cases")
    with page.expect_navigation():
        page.get_by_role("button", name="Filter", exact=True).click()
    assert "kind=cases" in page.url
    rows = page.locator("main table tbody tr")
    assert rows.count() >= 1
    actions = rows.locator("td:nth-child(4)").all_inner_texts()
    assert any("Case opened" in a for a in actions), actions
    assert not any(a.startswith(("Signed", "Sign")) for a in actions), actions
    assert page_problems(page) == CLEAN


def test_prosecutor_opens_this_weeks_hearing_from_home(static_served, browser_page, login_as):
    from django.utils import timezone

    from enlace.cases.tests.factories import make_case_world
    from enlace.prosecution.selectors_proceedings import week_bounds
    from enlace.prosecution.services_proceedings import hearing_create

    world = make_case_world()
    monday, _end = week_bounds(timezone.localdate())
    hearing_create(actor=world["prosecutor"], case_id=world["case"].public_id, kind="trial",
                   starts_at=monday + dt.timedelta(hours=10), court="Tribunal 1.º de Sentencia")
    page = browser_page
    _home(page, login_as, world["prosecutor"])
    hearings = _section(page, "h-hearings")
    assert "Tribunal 1.º de Sentencia" in hearings.inner_text()
    with page.expect_navigation():
        hearings.get_by_role("link", name=world["case"].title).click()
    assert f"/{world['case'].public_id}/" in page.url
    assert "Tribunal 1.º de Sentencia" in page.locator("main").inner_text()
    assert page_problems(page) == CLEAN


def test_liaison_answers_a_request_from_home(static_served, browser_page, login_as):
    from enlace.accounts.tests.factories import InstitutionFactory, make_user
    from enlace.cases.tests.factories import make_case_world
    from enlace.cooperation.models import InformationRequest
    from enlace.cooperation.services import liaison_name
    from enlace.cooperation.services_requests import request_create
    from enlace.cooperation.tests.factories import make_agreement

    world = make_case_world()
    border = InstitutionFactory(kind="migration", code="border-f", name="Border F")
    liaison = make_user("liaison", institution=border, username="border_f")
    liaison_name(actor=None, user=liaison, institution=border)
    agreement = make_agreement("mou-border-f", [world["police"], border])
    req = request_create(actor=world["investigator"], institution=border, agreement=agreement, category="persons",
                         question="Crossings at Desaguadero", reason="Route of the case", case=world["case"])
    page = browser_page
    _home(page, login_as, liaison)
    with page.expect_navigation():
        page.locator("main").get_by_role("link", name=req.reference).first.click()
    page.get_by_label("Answer", exact=True).fill("Two crossings on 2 January")
    with page.expect_navigation():
        page.get_by_role("button", name="Send the answer").click()
    assert InformationRequest.objects.get(pk=req.pk).answer == "Two crossings on 2 January"
    assert "Two crossings on 2 January" in page.locator("#answer").inner_text()
    assert page_problems(page) == CLEAN


def test_committee_filters_its_dashboard_from_home(static_served, browser_page, login_as):
    from enlace.cases.tests.factories import make_case_world
    from enlace.monitoring.tests.factories import add_stats_world

    world = add_stats_world(make_case_world())
    page = browser_page
    _home(page, login_as, world["monitoring"])
    table = page.locator("table[data-table='victims-department']")
    assert "La Paz" in table.inner_text() and "Cochabamba" in table.inner_text()
    page.get_by_label("Department", exact=True).select_option(label="Cochabamba")
    with page.expect_navigation():
        page.get_by_role("button", name="Show").click()
    assert "department=BO-C" in page.url
    assert "Cochabamba" in table.inner_text() and "La Paz" not in table.inner_text()
    assert page_problems(page) == CLEAN


def test_capacity_manager_opens_a_round_in_progress_from_home(static_served, browser_page, login_as):
    from enlace.capacity import services
    from enlace.capacity.tests.factories import capacity_world

    w = capacity_world()
    rnd = services.round_create(actor=w["manager"], title="Diagnóstico 2026", year=2026, template=w["template"],
                                units=[w["police_unit"]])
    page = browser_page
    _home(page, login_as, w["manager"])
    rounds = _section(page, "cap-rounds")
    with page.expect_navigation():
        rounds.get_by_role("link", name="Diagnóstico 2026").click()
    assert page.url.endswith(f"/{rnd.pk}/")
    assert "DTTP La Paz" in page.locator("main").inner_text()
    assert page_problems(page) == CLEAN


def test_back_and_resubmit_adds_the_witness_once(static_served, browser_page, login_as):
    from enlace.cases.models import CasePerson
    from enlace.cases.tests.factories import make_case_world

    world = make_case_world()
    page = browser_page
    login_as(page, world["investigator"])
    page.goto(f"/cases/{world['case'].public_id}/persons/add/")
    page.get_by_label("Role in the case").select_option("witness")
    page.get_by_label("Given names").fill("Ana")
    page.get_by_label("First surname").fill("Condori")
    with page.expect_navigation():
        page.get_by_role("button", name="Add to the case").last.click()
    assert "/added/" in page.url
    page.go_back()
    assert page.get_by_label("Given names").input_value() == "Ana"  # the browser kept the filled form
    with page.expect_navigation():
        page.get_by_role("button", name="Add to the case").last.click()
    assert CasePerson.objects.filter(case=world["case"]).count() == 1
    assert "/added/" in page.url
    assert "already sent" in page.locator(".flash-list").inner_text()
    assert page_problems(page) == CLEAN
