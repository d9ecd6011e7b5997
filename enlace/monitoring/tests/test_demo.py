"""On the demo workspace: the official GLOTIP return equals counts taken straight from the
database, the dashboard suppresses some cells, and the HTCDS release has the consenting victims."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import Min

from enlace.accounts.models import User
from enlace.cases.models import CasePerson
from enlace.monitoring import selectors, services
from enlace.monitoring.national import COLUMNS
from enlace.referrals.models import Consent

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.ENLACE_DEMO_MODE = True
    call_command("demo", cases=40, seed=7, stdout=io.StringIO())
    return User.objects.get(username="comite.seguimiento")


def _detected(year: int) -> Counter:
    """Victims by sex, each person in the year of their first victim role: straight from the table."""
    first = (CasePerson.objects.filter(role__in=("victim", "presumed_victim")).values("person_id")
             .annotate(first=Min("added_at")))
    persons = [row["person_id"] for row in first if row["first"].year == year]
    sexes = dict(CasePerson.objects.filter(person_id__in=persons).values_list("person_id", "person__sex"))
    return Counter(sexes[p] or "U" for p in persons)


def test_on_the_demo_the_official_return_equals_the_database_and_the_dashboard_hides_small_cells(demo):
    """One demo build for all the checks (building it is the slow part)."""
    years = sorted({d.year for d in CasePerson.objects.filter(role__in=("victim", "presumed_victim"))
                    .values_list("added_at", flat=True)})
    assert len(years) >= 3, "the demo spreads its victims over several years"
    for year in years:
        if year not in selectors.years():
            continue
        rows = [dict(zip(COLUMNS, r, strict=True)) for r in services.national_return(actor=demo, year=year,
                                                                                      official=True)[1:]]
        total = {r["Sex"]: r["VALUE"] for r in rows if r["Indicator"] == "Detected trafficking victims"
                 and r["Dimension"] == "Total" and r["Age"] == "Total"}
        expected = _detected(year)
        assert total.get("Total", 0) == sum(expected.values())
        assert total.get("Female", 0) == expected["F"] and total.get("Male", 0) == expected["M"]
    # the dashboard tells a story with some cells hidden; the HTCDS release has the consenting victims
    year = max(selectors.years()[1:], key=lambda y: len(list(CasePerson.objects.filter(added_at__year=y))))
    shown = [cell for section in selectors.dashboard(demo, year=year) for table in section.get("tables", ())
             for line in table.lines() for cell in line["cells"]]
    assert "<5" in shown and any(cell.isdigit() and int(cell) >= 5 for cell in shown)
    release = services.release_create(actor=demo, kind="htcds", k=2)
    consenting = Consent.objects.filter(purpose="research", revoked_at__isnull=True).values("person_id").distinct()
    assert release.report["input_records"] == consenting.count() > 0
