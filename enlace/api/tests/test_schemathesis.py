"""Property-based run of the whole API from its own OpenAPI schema (schemathesis, no server).

Each operation gets a few generated requests (derandomised, so a run is repeatable) as an
investigator and as the monitoring committee, through Django's WSGI application. Checks:
no server error, and every status returned is documented for the operation (need-to-know
404s, 403s, 413s and 422s are expected answers, so they must be in the schema).
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import status_code_conformance

from .conftest import make_token

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

EXAMPLES = 8  # per operation and role: ~35 operations x 2 roles, well under two minutes on both databases
CHECKS = [not_a_server_error, status_code_conformance]


def _operations(token: str):
    auth = {"Authorization": f"Bearer {token}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application(), headers=auth)
    return [result.ok() for result in schema.get_all_operations()], auth


def _run(operation, auth: dict) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def check(case):
        response = case.call(headers=auth)
        case.validate_response(response, checks=CHECKS, headers=auth)

    check()


@pytest.fixture
def keep_test_connection():
    """Like Django's test client: the WSGI handler must not close the test's connection (and transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.parametrize("role", ["investigator", "monitoring"])
def test_the_api_never_fails_and_answers_only_documented_statuses(world, role, keep_test_connection):
    operations, auth = _operations(make_token(world[role]))
    assert len(operations) > 25
    failures = []
    for operation in operations:
        try:
            _run(operation, auth)
        except (Exception, BaseExceptionGroup) as exc:  # collect every failing operation, not only the first
            failures.append(f"{operation.method.upper()} {operation.path}: {str(exc)[:600]}")
    assert failures == [], "\n\n".join(failures)
