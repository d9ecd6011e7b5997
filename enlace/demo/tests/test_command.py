"""``enlace demo`` against the database: small sizes only (timing lives in bench/)."""

import hashlib
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from enlace.accounts.models import Membership, User
from enlace.accounts.roles import Role
from enlace.audit.models import AuditEntry
from enlace.cases.access import visible_cases
from enlace.cases.models import Case, CaseReference, CaseStatusChange, CaseTask
from enlace.cases.services import _recompute_transnational, _refresh_search_text
from enlace.demo import plan as plan_module
from enlace.demo.management.commands import demo as demo_command
from enlace.demo.models import DemoRun
from enlace.persons.models import Person, PersonDocument, PersonPhone

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def demo_mode(settings):
    settings.ENLACE_DEMO_MODE = True


def run_demo(**kwargs) -> str:
    out = io.StringIO()
    call_command("demo", stdout=out, **kwargs)
    return out.getvalue()


def digest() -> str:
    """Non-random content of the workspace: titles, statuses, references, pseudonyms and roles."""
    lines = []
    for case in Case.objects.order_by("id").prefetch_related("references", "case_persons__person"):
        refs = sorted(r.number for r in case.references.all())
        persons = sorted(f"{cp.person.pseudonym}:{cp.role}" for cp in case.case_persons.all())
        lines.append(f"{case.title}|{case.status}|{refs}|{persons}")
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


class _Rollback(Exception):
    pass


def digest_of_fresh_run(**kwargs) -> str:
    try:
        with transaction.atomic():
            run_demo(**kwargs)
            result = digest()
            raise _Rollback
    except _Rollback:
        pass
    assert not Case.objects.exists()
    return result


def test_same_seed_builds_the_same_workspace():
    first = digest_of_fresh_run(cases=6, seed=11)
    assert first == digest_of_fresh_run(cases=6, seed=11)
    assert first != digest_of_fresh_run(cases=6, seed=12)


def test_small_demo_builds_a_realistic_workspace():
    output = run_demo(cases=12, seed=3)
    assert Case.objects.count() == 12
    roles = set(Membership.objects.filter(user__username__in=[line.split()[0] for line in output.splitlines()
                                                               if "Enlace-Demo-2026" in line])
                .values_list("role", flat=True))
    assert roles == set(Role.values), "every role has a printed login"
    # Four eyes: the demo's supervisors approve grants for their institution.
    sup = User.objects.get(username="supervisor.lpz")
    assert sup.approver_institution_ids == {sup.primary_institution.pk}
    assert User.objects.get(username="investigador.lpz").check_password("Enlace-Demo-2026")
    assert Case.objects.filter(is_transnational=True).exists()
    assert len(set(Case.objects.values_list("status", flat=True))) >= 5
    today = timezone.localdate()
    assert CaseTask.objects.filter(done_at__isnull=True, due_on__lt=today).exists(), "some tasks are overdue"
    assert CaseTask.objects.filter(done_at__isnull=True, due_on__gte=today).exists()
    assert CaseStatusChange.objects.filter(from_status="investigation", to_status="prosecution").exists()
    # identifying fields are encrypted at rest
    with connection.cursor() as cur:
        cur.execute("SELECT first_surname FROM persons_person WHERE first_surname <> '' LIMIT 5")
        assert all(row[0].startswith("enc2:") for row in cur.fetchall())  # bound to their row
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    assert "audit chain OK" in out.getvalue()
    assert AuditEntry.objects.filter(action="case.person_add").count() == Person.objects.count() + 1  # one reused
    _joint_and_international_work()


def _joint_and_international_work():
    """The plan has milestones met and missed; the operation spans Bolivia and Peru; an MLA request
    to Argentina, a yellow notice and a Bolivia–Chile team are linked to a case."""
    from enlace.cooperation.models import (
        InterpolNotice,
        JointInvestigationTeam,
        JointPlan,
        MlaRequest,
        Operation,
    )

    plan = JointPlan.objects.get()
    assert {"met", "missed", "pending"} <= set(plan.milestones.values_list("status", flat=True))
    assert Operation.objects.get().countries == ["BO", "PE"]
    assert MlaRequest.objects.get().counterpart_country == "AR"
    assert InterpolNotice.objects.get(colour="yellow").subject is not None
    jit = JointInvestigationTeam.objects.get()
    assert sorted(jit.parties.values_list("country", flat=True)) == ["BO", "CL"] and jit.extensions.count() == 1


@pytest.mark.parametrize("model,field", [(PersonPhone, "e164_bidx"), (PersonDocument, "number_bidx")])
def test_identifiers_recur_across_cases_in_different_departments(model, field):
    run_demo(cases=12, seed=3)
    shared = (model.objects.exclude(**{field: ""}).values(field)
              .annotate(departments=Count("person__case_roles__case__team__subdivision", distinct=True))
              .filter(departments__gt=1))
    assert shared.exists()


def test_once_twice_does_not_duplicate_and_prints_the_logins():
    run_demo(cases=4, seed=1, once=True)
    counts = (Case.objects.count(), Person.objects.count(), User.objects.count(), CaseReference.objects.count())
    output = run_demo(cases=4, seed=1, once=True)
    assert "already loaded" in output and "investigador.lpz" in output
    assert (Case.objects.count(), Person.objects.count(), User.objects.count(),
            CaseReference.objects.count()) == counts
    assert DemoRun.objects.count() == 1


def test_refuses_a_non_empty_workspace_unless_forced():
    run_demo(cases=2, seed=1)
    with pytest.raises(CommandError, match="not empty"):
        run_demo(cases=2, seed=1)
    run_demo(cases=2, seed=1, force=True)
    assert Case.objects.count() == 4


def test_once_leaves_a_real_workspace_alone():
    """make run calls --once every time: on a workspace without the demo it must not fail or load."""
    from enlace.accounts.services import institution_create

    institution_create(code="real", name="A real institution", kind="police", country="BO")
    output = run_demo(cases=2, once=True)
    assert "not empty" in output
    assert not Case.objects.exists() and not DemoRun.objects.exists()


def test_refuses_outside_demo_mode(settings):
    settings.ENLACE_DEMO_MODE = False
    with pytest.raises(CommandError, match="ENLACE_DEMO_MODE"):
        run_demo(cases=2)
    assert not Case.objects.exists()


def test_bulk_loaded_cases_are_valid_and_scoped_to_teams(monkeypatch):
    """Above SERVICE_CASES the demo bulk-loads; the rows must look as the services leave them."""
    monkeypatch.setattr(demo_command, "SERVICE_CASES", 4)
    monkeypatch.setattr(plan_module, "CASES_PER_TEAM", 8)
    run_demo(cases=60, seed=8)
    assert Case.objects.count() == 60
    bulk = list(Case.objects.order_by("id")[4:])
    for case in bulk:
        text, flag = case.search_text, case.is_transnational
        _refresh_search_text(case)
        _recompute_transnational(case)
        assert (text, flag) == (case.search_text, case.is_transnational)
        assert case.status_changes.order_by("at", "id").last().to_status == case.status
    assert not Person.objects.values("pseudonym").annotate(n=Count("id")).filter(n__gt=1).exists()
    with connection.cursor() as cur:
        cur.execute("SELECT number FROM persons_persondocument")
        assert all(row[0].startswith("enc2:") for row in cur.fetchall())  # bound to their row
    assert AuditEntry.objects.filter(action="demo.bulk_load").count() == 1
    call_command("audit", "verify", stdout=io.StringIO())
    investigator = User.objects.get(username="investigador.lpz")
    lpz_cases = Case.objects.filter(team__subdivision="BO-L").count()
    mine = visible_cases(investigator)
    assert 0 < mine.count() < lpz_cases
    assert not mine.exclude(team__code="eme-lpz").exclude(participants__user=investigator).exists()
    supervisor = User.objects.get(username="supervisor.lpz")
    assert visible_cases(supervisor).count() > mine.count()


def test_demo_includes_screenings_referrals_and_matches():
    """The demo's screening, referral and matching content: screenings and referrals in several states, hits and a review queue."""
    from enlace.links.models import MatchCandidate
    from enlace.referrals.models import Referral
    from enlace.screening.models import Screening

    run_demo(cases=12, seed=5)
    assert len(set(Screening.objects.values_list("status", flat=True))) >= 2
    assert len(set(Referral.objects.values_list("status", flat=True))) >= 3
    assert MatchCandidate.objects.exists()
    _assert_transnational_network()
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    assert "audit chain OK" in out.getvalue()


def _assert_transnational_network():
    """The demo's transnational content: a flagged entity ties cases in two countries, and the network
    around it holds a community whose cases lie in both."""
    from enlace.links.graph import network_around
    from enlace.links.graph_view import analyse
    from enlace.links.transnational import transnational

    flagged = [(user, e) for user in User.objects.filter(username__in=["supervisor.lpz", "investigador.lpz"])
               for e in transnational(actor=user).entities]
    assert flagged, "no transnational entity in the demo"
    user, entity = flagged[0]
    assert len(entity.countries) >= 2 and len(entity.cases) >= 2
    net = network_around(actor=user, center=entity.node_id, hops=2)
    community = analyse(net).community_of
    assert {f"case:{c['id']}" for c in entity.cases} <= set(net.graph)
    mine = community.get(entity.node_id)
    countries = {country for c in entity.cases if community.get(f"case:{c['id']}") == mine for country in c["countries"]}
    assert mine is not None and len(countries) >= 2, (entity.node_id, community)
