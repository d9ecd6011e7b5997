"""Coverage arithmetic: valid certificates on a date, per unit and team, gaps and expiring ones."""

import datetime as dt
from decimal import Decimal

import pytest

from enlace.accounts.models import TeamMember
from enlace.capacity import coverage, services_training
from enlace.core.errors import Forbidden

from .factories import capacity_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    w = capacity_world()
    m = w["manager"]
    course = services_training.course_create(actor=m, title="Investigación", provider="unodc", hours=40,
                                             modality="in_person", competencies=["tip_investigation"],
                                             validity_months=24)
    interviewing = services_training.course_create(actor=m, title="Entrevista", provider="iom", hours=16,
                                                   modality="online", competencies=["victim_interviewing"])
    s1 = services_training.session_create(actor=m, course=course, starts_on=dt.date(2009, 5, 11),
                                          ends_on=dt.date(2009, 5, 15), place="La Paz")
    s2 = services_training.session_create(actor=m, course=interviewing, starts_on=dt.date(2010, 3, 1),
                                          ends_on=dt.date(2010, 3, 2), place="En línea")
    staff = [services_training.staff_create(actor=m, full_name=f"Agente {i}", institution=w["police"],
                                            unit=w["police_unit"]) for i in range(4)]
    staff[0].user = w["officer_a"]
    staff[0].save()
    fiscal = services_training.staff_create(actor=m, full_name="Fiscal Uno", institution=w["fiscalia"],
                                            unit=w["fiscalia_unit"], user=w["prosecutor"])
    record = services_training.participation_record
    record(actor=m, session=s1, staff=staff[0], completed=True)  # valid 2009-05-15 .. 2011-05-15
    record(actor=m, session=s1, staff=staff[1], completed=True, certificate_on=dt.date(2008, 1, 10))  # to 2010-01-10
    record(actor=m, session=s1, staff=staff[2], completed=False)  # attended only
    record(actor=m, session=s2, staff=fiscal, completed=True)  # never expires
    w.update(staff=staff, fiscal=fiscal)
    return w


def _cell(groups, kind, name, competency):
    group = next(g for g in groups if g.kind == kind and g.name == name)
    return next(c for c in group.cells if c.competency == competency)


def test_share_trained_per_unit_counts_valid_certificates_on_the_date(w):
    on = dt.date(2009, 12, 1)
    groups = coverage.coverage(actor=w["manager"], on=on, threshold=Decimal("0.5"))
    cell = _cell(groups, "unit", "DTTP La Paz", "tip_investigation")
    assert (cell.trained, cell.members, cell.share, cell.gap) == (2, 4, Decimal("0.50"), False)
    later = coverage.coverage(actor=w["manager"], on=dt.date(2010, 6, 1), threshold=Decimal("0.5"))
    cell = _cell(later, "unit", "DTTP La Paz", "tip_investigation")
    assert (cell.trained, cell.share, cell.gap) == (1, Decimal("0.25"), True)  # one certificate expired
    assert _cell(later, "unit", "DTTP La Paz", "victim_interviewing").gap


def test_team_coverage_goes_through_the_members_accounts(w):
    # The team has officer_a (staff 0) and the prosecutor (fiscal); officer_b has no staff record.
    TeamMember.objects.create(team=w["team"], user=w["officer_b"])
    groups = coverage.coverage(actor=w["manager"], on=dt.date(2010, 6, 1), threshold=Decimal("0.5"))
    team = next(g for g in groups if g.kind == "team")
    assert team.members == 2
    cells = {c.competency: (c.trained, c.share) for c in team.cells}
    assert cells["tip_investigation"] == (1, Decimal("0.50"))
    assert cells["victim_interviewing"] == (1, Decimal("0.50"))
    assert cells["financial_investigation"] == (0, Decimal("0.00"))


def test_expiring_certificates_within_days(w):
    soon = coverage.expiring_certificates(actor=w["manager"], on=dt.date(2011, 3, 1), within_days=90)
    assert [p.staff for p in soon] == [w["staff"][0]]
    assert not coverage.expiring_certificates(actor=w["manager"], on=dt.date(2011, 1, 1), within_days=90)


def test_aggregate_for_the_dashboard_and_access(w):
    cells = {c.competency: c for c in coverage.aggregate_coverage(on=dt.date(2009, 12, 1))}
    assert (cells["tip_investigation"].trained, cells["tip_investigation"].members) == (2, 5)
    with pytest.raises(Forbidden):
        coverage.coverage(actor=w["officer_a"], on=dt.date(2009, 12, 1))
