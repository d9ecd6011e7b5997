"""Cooperation on the committee's dashboard: the time to answer information requests and the MLA
requests by status and counterpart country, in aggregates with the small cells suppressed, counted
by the job that precomputes the figures like every other indicator."""

import datetime as dt

import pytest
from django.utils import timezone

from enlace.cooperation.models import InformationRequest
from enlace.cooperation.models_intl import MlaRequest
from enlace.cooperation.services_intl import MlaInput, mla_create, mla_move
from enlace.core import indicators as registry
from enlace.monitoring import selectors
from enlace.monitoring.figures import Stored
from enlace.monitoring.services import figures_refresh

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _answered(world, n: int, *, days: int, urgency: str) -> None:
    now = timezone.now()
    for i in range(n):
        req = InformationRequest.objects.create(
            reference=f"SI-T-{urgency}-{i}", requesting_institution=world["police"],
            requested_by=world["investigator"], institution=world["fiscalia"], case=world["case"],
            agreement=world["agreement"], category="persons", question="?", reason="Investigation",
            urgency=urgency, due_on=TODAY, status="answered", answered_at=now)
        InformationRequest.objects.filter(pk=req.pk).update(created_at=now - dt.timedelta(days=days + i))


def test_time_to_answer_gives_the_median_only_for_enough_answers(world):
    _answered(world, 5, days=2, urgency="routine")  # 2, 3, 4, 5 and 6 days
    _answered(world, 1, days=1, urgency="urgent")
    found = registry.indicator("time_to_answer")
    rows = {r.label: r for r in selectors.duration_table(world["monitoring"], indicator=found, year=TODAY.year)}
    assert rows["Routine"].count == "5" and rows["Routine"].median == "4"
    assert rows["Urgent"].count == "<5" and rows["Urgent"].median == "–"


def _mla(world, country: str):
    return mla_create(actor=world["investigator"], data=MlaInput(
        direction="outgoing", counterpart_country=country, requesting_authority="Fiscalía General",
        requested_authority="Procuración General", central_authority="Cancillería", legal_basis="untoc_18",
        assistance_type="evidence", facts="Recruitment in El Alto", law="Art. 281 bis CP",
        assistance_sought="Statements", cases=[world["case"]]))


def _cells(table, label):
    return next(line["cells"] for line in table.lines() if line["label"] == label)


def test_mla_requests_by_country_and_status_hide_small_cells(world):
    for _n in range(6):
        _mla(world, "AR")
    sent = _mla(world, "CL")
    mla_move(actor=world["investigator"], mla=sent, expected_version=sent.version, status="sent")
    countries = selectors.count_table(world["monitoring"], indicator_key="mla_requests",
                                      dimension="counterpart_country", year=TODAY.year)
    assert countries.table.value(countries.codes.index("AR"), 4) == 6  # counted before suppression
    assert _cells(countries, "Chile")[-1] == "<5"
    # with two rows, Argentina or the total must be hidden too, or Chile is the total minus Argentina
    assert "x" in (_cells(countries, "Argentina")[-1], _cells(countries, "Total")[-1])
    statuses = selectors.count_table(world["monitoring"], indicator_key="mla_requests", dimension="mla_status",
                                     year=TODAY.year)
    assert statuses.table.value(statuses.codes.index("draft"), 4) == 6
    assert _cells(statuses, "Sent")[-1] == "<5"
    assert "El Alto" not in str(countries.lines()) + str(statuses.lines())
    theirs = selectors.count_table(world["other_supervisor"], indicator_key="mla_requests",
                                   dimension="counterpart_country", year=TODAY.year)
    assert _cells(theirs, "Total")[-1] == "0"  # not linked to a case of their units


def test_the_precomputed_figures_carry_them(world):
    _answered(world, 5, days=3, urgency="routine")
    for _n in range(5):
        _mla(world, "PE")
    assert figures_refresh() > 0
    stored = Stored(registry.Scope(), TODAY.year)
    assert stored.computed_at is not None
    assert {"time_to_answer", "mla_requests"} <= set(stored.data)
    [(code, n, median, _p90)] = stored.data["time_to_answer"]["durations"]
    assert (code, n, median) == ("routine", 5, 5)  # 3 to 7 days
    by_country = stored.data["mla_requests"]["counts"]["counterpart_country"]
    assert sum(n for code, _q, n in by_country if code == "PE") == MlaRequest.objects.count() == 5
