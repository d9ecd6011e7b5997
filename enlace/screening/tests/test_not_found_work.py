"""A screening that exists but is not yours and one that does not exist cost the database the same work.

Every way in to a screening (the screener, the unit's supervisors, the team it was handed to, the
case it became) is computed as a column of one statement about the named row and a stand-in row;
as a single filter, the database skipped the rule entirely for an id that names nothing.
"""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enlace.cases.tests.factories import make_case_world
from enlace.core.errors import NotFound
from enlace.referrals.tests.factories import make_screener, screened
from enlace.screening import selectors
from enlace.screening.visibility import visible_screening_pk

pytestmark = pytest.mark.django_db


def _statements(actor, screening_id) -> list[str]:
    with CaptureQueriesContext(connection) as ctx, pytest.raises(NotFound):
        selectors.screening_get(actor=actor, screening_id=screening_id)
    return [q["sql"] for q in ctx.captured_queries]


def _rule_in_columns(sql: str) -> bool:
    """The case-visibility way in is computed before the screening table is read from: a column."""
    lowered = sql.lower()
    select_list = lowered.split('from "screening_screening"', 1)[0]
    return '"cases_case"' in select_list and "team" in select_list


def test_forbidden_and_missing_screenings_run_the_same_statement_with_the_rule_as_columns():
    world = make_case_world()
    screening = screened(make_screener(world))
    stranger = world["outsider"]  # works cases in another unit: every way in is asked

    _statements(stranger, uuid.uuid4())  # warm-up: the stranger's memberships are read once
    forbidden = _statements(stranger, screening.public_id)
    missing = _statements(stranger, uuid.uuid4())

    assert len(forbidden) == len(missing) == 1
    assert _rule_in_columns(forbidden[0]) and _rule_in_columns(missing[0])


def test_the_stand_in_row_never_answers_for_another_id():
    world = make_case_world()
    screener = make_screener(world)
    own = screened(screener)  # the first row of the table: the stand-in, and visible to its screener
    assert visible_screening_pk(actor=screener, screening_id=own.public_id) == own.pk
    assert visible_screening_pk(actor=screener, screening_id=uuid.uuid4()) is None
    assert visible_screening_pk(actor=world["outsider"], screening_id=own.public_id) is None


def test_a_role_that_sees_no_screening_asks_nothing():
    world = make_case_world()
    screening = screened(make_screener(world))
    with CaptureQueriesContext(connection) as ctx:
        assert visible_screening_pk(actor=world["auditor"], screening_id=screening.public_id) is None
    assert not any("screening_screening" in q["sql"] for q in ctx.captured_queries)  # only its roles were read
