"""The disclosure policy point: no policy allows what is allowed today; any refusal wins."""

import pytest

from enlace.core import disclosure
from enlace.core.disclosure import (
    ALLOW,
    Decision,
    Disclosure,
    check_disclosure,
    disclosure_decision,
    register_disclosure_policy,
    unregister_disclosure_policy,
)
from enlace.core.errors import Forbidden


@pytest.fixture(autouse=True)
def _no_app_policies(monkeypatch):
    """The mechanism alone: the policies the installed apps registered are set aside."""
    monkeypatch.setattr(disclosure, "_policies", [])


@pytest.fixture
def policy():
    registered = []

    def add(fn):
        registered.append(register_disclosure_policy(fn))
        return fn

    yield add
    for fn in registered:
        unregister_disclosure_policy(fn)


def _disclosure(agreement_ref=""):
    return Disclosure(kind="case.share", actor=None, recipient="inst", subject="case", scope="full",
                      agreement_ref=agreement_ref)


def test_without_policies_everything_allowed_today_stays_allowed():
    assert disclosure_decision(_disclosure()) is ALLOW
    check_disclosure(_disclosure())


def test_any_refusal_wins_and_carries_its_reason(policy):
    policy(lambda d: ALLOW)
    policy(lambda d: ALLOW if d.agreement_ref else Decision(False, "No agreement in force covers this sharing."))
    assert disclosure_decision(_disclosure("MOU-1")).allowed
    with pytest.raises(Forbidden) as exc:
        check_disclosure(_disclosure())
    assert "No agreement" in str(exc.value.message)
