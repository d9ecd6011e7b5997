"""The capacity part of ``enlace demo``: rounds to compare, plans, training, coverage with gaps."""

import datetime as dt
import random

import pytest
from django.utils import translation

from enlace.capacity import coverage, demo_data, panels, selectors
from enlace.capacity.models import Action, Round, SwotMatrix
from enlace.demo.workspace import build_workspace

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 6)


def test_demo_builds_rounds_plans_training_and_gaps():
    ws = build_workspace()
    stats = demo_data.populate(rng=random.Random(7), users=ws.users, today=TODAY)
    manager = ws.users["capacidad.gestion"]
    assert stats["rounds"] == 3
    r2008, r2010 = Round.objects.get(year=2008), Round.objects.get(year=2010)
    assert r2008.round_units.count() == r2010.round_units.count() == 7
    with translation.override("en"):  # area names are labels in the reader's language
        rows = selectors.compare_rounds(actor=manager, before=r2008, after=r2010)
        lpz = {str(r.area): r.delta for r in rows if "La Paz" in r.unit and "DTTP" in r.unit}
    assert lpz["Investigation"] > 0  # the La Paz police improved where the demo says it did
    assert SwotMatrix.objects.filter(round_unit__round=r2008, validated_at__isnull=False).count() == 7
    assert Action.objects.filter(weakness__isnull=False).exists() and Action.objects.filter(course__isnull=False).exists()
    panel = panels.home_panel(actor=manager, today=TODAY)
    assert panel["rounds"] and panel["actions"] and panel["gap_groups"] and panel["expiring"]
    groups = coverage.coverage(actor=manager, on=TODAY)
    assert any(c.share and c.share >= coverage.default_threshold() for g in groups for c in g.cells)
    border = next(g for g in groups if "Desaguadero" in g.name)
    assert border.gaps >= 5
    # Respondents asked in the open round: the La Paz logins.
    assert selectors.questionnaires_for(actor=ws.users["investigador.lpz"]).exists()
