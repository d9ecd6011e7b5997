"""A referral that exists but is not yours and one that does not exist cost the same work.

The visibility rule is asked about a real row on both paths (the named one, or a stand-in for an
id that names nothing), so the two answers cannot be told apart by the statements they run.
"""

from __future__ import annotations

import re
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enlace.cases.tests.factories import make_case_world
from enlace.core.errors import NotFound
from enlace.referrals import selectors, services
from enlace.referrals.tests.factories import give_consent, make_provider, make_screener, screened

pytestmark = pytest.mark.django_db


def _statements(actor, referral_id) -> list[str]:
    with CaptureQueriesContext(connection) as ctx, pytest.raises(NotFound):
        selectors.referral_get_sent(actor=actor, referral_id=referral_id)
    # The audit entry of the denial is written by the request layer, not here: only the reads count.
    return [q["sql"] for q in ctx.captured_queries]


def test_forbidden_and_missing_referrals_run_the_same_statements_on_a_real_row():
    world = make_case_world()
    screener = make_screener(world)
    s = screened(screener)
    provider, ngo = make_provider()
    give_consent(screener, screening=s, recipient=ngo)
    referral = services.referral_create(actor=screener, screening=s, service="shelter", recipient=ngo)
    stranger = world["outsider"]

    _statements(stranger, uuid.uuid4())  # warm-up: the stranger's memberships are read once
    forbidden = _statements(stranger, referral.public_id)
    missing = _statements(stranger, uuid.uuid4())

    assert len(forbidden) == len(missing)
    # Both ask the visibility rule (its screening subquery) about an existing row, by its key.
    about_row = re.compile(rf'"referrals_referral"\."id" = {referral.pk}\b')
    assert any("screening" in sql.lower() and about_row.search(sql) for sql in forbidden)
    assert any("screening" in sql.lower() and about_row.search(sql) for sql in missing)
    # The owner still gets the referral.
    assert selectors.referral_get_sent(actor=screener, referral_id=referral.public_id) == referral
