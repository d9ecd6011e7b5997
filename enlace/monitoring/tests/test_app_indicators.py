"""Indicators that other apps register through core.indicators appear on the dashboard with the
same suppression: judgments and their time (prosecution), requests answered on time and sharings
(cooperation), trained staff (capacity)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from enlace.cases.services_persons import case_person_add
from enlace.core import indicators as registry
from enlace.monitoring import selectors
from enlace.persons.services import PersonInput
from enlace.prosecution.reference import ensure_loaded
from enlace.prosecution.services_proceedings import judgment_create

pytestmark = pytest.mark.django_db


def test_the_other_apps_indicators_are_registered():
    keys = {i.key for i in registry.indicators()}
    assert {"charges", "judgments", "time_to_judgment", "information_requests", "sharings",
            "training_coverage"} <= keys


def _judgments(world, verdicts: list[str]) -> None:
    ensure_loaded()
    today = timezone.localdate()
    for n, verdict in enumerate(verdicts):
        d = case_person_add(actor=world["investigator"], case=world["case"], role="suspect",
                            data=PersonInput(given_names=f"Defendant{n}", first_surname="Choque", sex="M"))
        judgment_create(actor=world["prosecutor"], case_id=world["case"].public_id, defendant_id=d.pk,
                        decided_on=today, court="Tribunal 3.º de Sentencia", verdict=verdict,
                        sentence_years="12" if verdict == "convicted" else None)


def _cells(table, label):
    return next(line["cells"] for line in table.lines() if line["label"] == label)


def test_convictions_are_counted_and_a_lone_acquittal_is_hidden(world):
    _judgments(world, ["convicted"] * 6 + ["acquitted"])
    year = timezone.localdate().year
    verdicts = selectors.count_table(world["monitoring"], indicator_key="judgments", dimension="verdict", year=year)
    assert _cells(verdicts, "Acquitted")[-1] == "<5"
    # with two rows, the convictions or the total must be hidden too, or the acquittal is 7 - 6
    assert "x" in (_cells(verdicts, "Convicted")[-1], _cells(verdicts, "Total")[-1])
    assert verdicts.table.value(verdicts.codes.index("convicted"), 4) == 6  # counted before suppression
    sentences = selectors.count_table(world["monitoring"], indicator_key="judgments", dimension="sentence", year=year)
    assert sentences.table.value(sentences.codes.index("10-15"), 4) == 6
    assert "Defendant0" not in str(sentences.lines())


def test_time_to_judgment_is_published_only_for_enough_judgments(world):
    _judgments(world, ["convicted"] * 5 + ["acquitted"])
    year = timezone.localdate().year
    found = registry.indicator("time_to_judgment")
    rows = {r.label: r for r in selectors.duration_table(world["monitoring"], indicator=found, year=year)}
    reported = world["case"].reported_on or timezone.localtime(world["case"].created_at).date()
    assert rows["Convicted"].count == "5"
    assert rows["Convicted"].median == f"{(timezone.localdate() - reported).days:g}"
    assert rows["Acquitted"].count == "<5" and rows["Acquitted"].median == "–"


def test_supervisors_see_their_units_judgments_only(world):
    _judgments(world, ["convicted"] * 5)
    year = timezone.localdate().year
    mine = selectors.count_table(world["supervisor"], indicator_key="judgments", dimension="verdict", year=year)
    theirs = selectors.count_table(world["other_supervisor"], indicator_key="judgments", dimension="verdict",
                                   year=year)
    assert _cells(mine, "Convicted")[-1] == "5"
    assert _cells(theirs, "Total")[-1] == "0"


def test_information_requests_answered_on_time_or_late(world):
    from enlace.cooperation.models import InformationRequest

    today = timezone.localdate()
    for n in range(6):  # five answered by the due date, one a day late
        InformationRequest.objects.create(
            reference=f"SOL-{n}", requesting_institution=world["police"], requested_by=world["investigator"],
            institution=world["fiscalia"], case=world["case"], agreement=world["agreement"], category="identity",
            question="?", reason="Investigation", due_on=today - dt.timedelta(days=1 if n == 0 else -3),
            status="answered", answered_at=timezone.now())
    table = selectors.count_table(world["monitoring"], indicator_key="information_requests", dimension="on_time",
                                  year=today.year)
    assert table.table.value(table.codes.index("yes"), 4) == 5 and table.table.value(table.codes.index("no"), 4) == 1
    assert _cells(table, "No")[-1] == "<5"


def test_trained_staff_share_hides_small_groups(world):
    from enlace.capacity.models import StaffMember

    for n in range(3):
        StaffMember.objects.create(full_name=f"Staff {n}", name_key=f"staff {n}",
                                   institution=world["police"], unit=world["lpz"])
    found = registry.indicator("training_coverage")
    rows = selectors.share_table(world["monitoring"], indicator=found, year=timezone.localdate().year)
    assert rows and all(r.members == "<5" and r.share == "–" for r in rows)
    for n in range(3, 6):
        StaffMember.objects.create(full_name=f"Staff {n}", name_key=f"staff {n}",
                                   institution=world["police"], unit=world["lpz"])
    rows = selectors.share_table(world["monitoring"], indicator=found, year=timezone.localdate().year)
    assert all(r.members == "6" and r.share == "0 %" for r in rows)
