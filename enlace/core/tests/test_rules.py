"""A rule gives the same answer as a filter and on a loaded object, including around NULL."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.db.models import Q

from enlace.accounts.models import Unit
from enlace.accounts.tests.factories import InstitutionFactory, UnitFactory
from enlace.core.rules import Field

TODAY = dt.date(2026, 3, 1)


@pytest.mark.django_db
def test_filter_and_predicate_agree_on_the_same_rows():
    rule = Field("is_active", "exact", True) & (Field("subdivision", "exact", "") | Field("institution__code", "gte", "m"))
    low, high = InstitutionFactory(code="a-police"), InstitutionFactory(code="z-police")
    rows = [UnitFactory(code="u1", institution=low, subdivision=""),
            UnitFactory(code="u2", institution=low, subdivision="", is_active=False),
            UnitFactory(code="u3", institution=low, subdivision="BO-L"),
            UnitFactory(code="u4", institution=high, subdivision="BO-L")]
    units = Unit.objects.filter(pk__in=[r.pk for r in rows])
    in_sql = set(units.filter(rule.q()).values_list("code", flat=True))
    in_python = {u.code for u in units.select_related("institution") if rule.holds(u)}
    assert in_sql == in_python == {"u1", "u4"}


def test_null_as_in_sql_and_prefix_through_a_relation():
    rule = Field("valid_until", "gte", TODAY)
    assert not rule.holds(SimpleNamespace(valid_until=None))  # a comparison with NULL is never true
    assert rule.holds(SimpleNamespace(valid_until=TODAY))
    assert not rule.holds(SimpleNamespace(valid_until=TODAY - dt.timedelta(days=1)))
    assert Field("revoked_at", "isnull", True).holds(SimpleNamespace(revoked_at=None))
    assert rule.q("consent__") == Q(consent__valid_until__gte=TODAY)


def test_unknown_lookups_are_refused():
    with pytest.raises(ValueError):
        Field("name", "icontains", "x")
