"""Precomputed figures: the job stores every scope's counts, the pages serve them and say when they
were computed; what was recorded since shows at the next refresh; suppression is applied when served."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from enlace.core.indicators import Scope
from enlace.monitoring import figures, jobs, selectors
from enlace.monitoring.models import FigureSnapshot

from .factories import add_stats_world

pytestmark = pytest.mark.django_db


def _victims_total(user, year):
    table = selectors.count_table(user, indicator_key="victims", dimension="department", year=year)
    return table.table.value(table.table.total_row, table.table.total_col)


def test_the_job_stores_every_scope_and_the_pages_serve_the_stored_figures(world):
    sw = add_stats_world(world)
    year = sw["year"]
    assert jobs.refresh_figures()["snapshots"] == FigureSnapshot.objects.count() > 0
    keys = set(FigureSnapshot.objects.values_list("scope_key", flat=True))
    assert "all" in keys and figures.scope_key(Scope(unit_ids=frozenset({sw["lpz"].pk}))) in keys
    assert _victims_total(sw["monitoring"], year) == 11
    assert _victims_total(sw["supervisor"], year) == 9  # La Paz only

    FigureSnapshot.objects.filter(scope_key="all", year=year).update(data={})  # stored before anything happened
    snapshot = FigureSnapshot.objects.get(scope_key="all", year=year)
    snapshot.data = figures.compute(Scope(), year)
    snapshot.data["victims"]["counts"]["department"] = [["BO-L", 3, 40]]
    snapshot.save()
    assert _victims_total(sw["monitoring"], year) == 40  # served from the snapshot, not recounted

    page = Client(headers={"accept-language": "en"})
    page.force_login(sw["monitoring"])
    assert "Figures as of" in page.get(reverse("monitoring:dashboard")).content.decode()
    jobs.refresh_figures()
    assert _victims_total(sw["monitoring"], year) == 11


def test_without_stored_figures_the_page_counts_now_and_says_so(world):
    sw = add_stats_world(world)
    page = Client(headers={"accept-language": "en"})
    page.force_login(sw["monitoring"])
    assert "Figures computed now" in page.get(reverse("monitoring:dashboard")).content.decode()
    assert _victims_total(sw["monitoring"], sw["year"]) == 11
