"""Joint operational plans and operations: who writes them, who sees the cases an operation
touches (the cases' access rule), milestones recalled by the job worker, the committee's counts."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from enlace.accounts.tests.factories import make_user
from enlace.cases.tests.factories import share_case
from enlace.cooperation import jobs_intl
from enlace.cooperation.models import Notice
from enlace.cooperation.selectors_plans import operation_cases, operation_get, plan_get, plans_review
from enlace.cooperation.services_plans import (
    milestone_add,
    milestone_set,
    objective_add,
    operation_create,
    operation_link_case,
    operation_update,
    plan_create,
)
from enlace.core.errors import Forbidden, NotFound

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def plan(world):
    return plan_create(actor=world["supervisor"], code="POC-2026", title="Plan operativo conjunto",
                       institutions=[world["police"], world["fiscalia"]], starts_on=TODAY - dt.timedelta(days=60),
                       ends_on=TODAY + dt.timedelta(days=300), agreement=world["agreement"])


def test_only_a_manager_of_a_party_writes_a_plan(world, plan):
    with pytest.raises(Forbidden):
        plan_create(actor=world["investigator"], code="X", title="X", institutions=[world["police"],
                    world["fiscalia"]], starts_on=TODAY, ends_on=TODAY)
    with pytest.raises(ValidationError):
        plan_create(actor=world["supervisor"], code="Y", title="Y", institutions=[world["police"]], starts_on=TODAY,
                    ends_on=TODAY)
    assert plan_get(actor=world["prosecutor"], plan_id=plan.public_id) == plan  # fiscalía is a party
    with pytest.raises(NotFound):
        plan_get(actor=world["outsider"], plan_id=plan.public_id)


def test_the_committee_reviews_counts_and_no_one(world, plan):
    objective = objective_add(actor=world["supervisor"], plan=plan, text="Rescue victims in textile workshops",
                              institution=world["police"], responsible=world["investigator"])
    met = milestone_add(actor=world["supervisor"], plan=plan, title="Joint training", due_on=TODAY - dt.timedelta(20),
                        objective=objective)
    milestone_set(actor=world["supervisor"], milestone=met, status="met")
    missed = milestone_add(actor=world["supervisor"], plan=plan, title="Inspections", due_on=TODAY - dt.timedelta(5))
    milestone_set(actor=world["supervisor"], milestone=missed, status="missed")
    milestone_add(actor=world["supervisor"], plan=plan, title="Overdue one", due_on=TODAY - dt.timedelta(1),
                  responsible=world["investigator"])
    op = operation_create(actor=world["supervisor"], code="OP-1", name="Operación Illimani", plan=plan,
                          institutions=[world["police"], world["fiscalia"]], countries=["BO", "PE"],
                          starts_on=TODAY)
    operation_update(actor=world["supervisor"], operation=op, expected_version=op.version, phase="evaluation",
                     persons_rescued=12, persons_arrested=3, places_inspected=9)
    assert plans_review(actor=world["investigator"]) == []
    [row] = plans_review(actor=world["monitoring"])
    assert (row["n_objectives"], row["n_met"], row["n_missed"], row["n_pending"], row["n_overdue"]) == (1, 1, 1, 1, 1)
    assert (row["operations"], row["rescued"], row["arrested"], row["inspected"]) == (1, 12, 3, 9)
    assert not any(isinstance(v, str) and "inv" in v for v in row.values())
    told = jobs_intl.international_deadlines(today=TODAY)
    assert told["milestones"] == 1
    assert Notice.objects.filter(user=world["investigator"], kind="milestone_due").exists()


def test_each_participant_sees_only_the_cases_its_access_allows(world):
    op = operation_create(actor=world["supervisor"], code="OP-2", name="Operación Frontera",
                          institutions=[world["police"], world["other"]], countries=["BO", "PE"], starts_on=TODAY)
    with pytest.raises(Forbidden):
        operation_link_case(actor=world["outsider"], operation=op, case=world["case"])  # no access to the case
    operation_link_case(actor=world["investigator"], operation=op, case=world["case"])
    outsider = world["outsider"]  # of the other police: a participant
    assert operation_get(actor=outsider, operation_id=op.public_id) == op
    assert operation_cases(actor=outsider, operation=op) == []
    share_case(actor=world["investigator"], case=world["case"], institution=world["other"], scope="summary",
               purpose="Operation", agreement_id=world["agreement"].pk)
    assert operation_cases(actor=outsider, operation=op) == [world["case"]]
    with pytest.raises(NotFound):
        operation_get(actor=make_user("investigator", institution=world["fiscalia"]), operation_id=op.public_id)


def test_a_case_is_linked_to_an_operation_by_its_reference(world):
    """The form asks for the reference users see (with the references of their cases offered), not the
    identifier in the case's address; a reference of a case the user may not see is refused in words."""
    from django.test import Client
    from django.urls import reverse

    op = operation_create(actor=world["supervisor"], code="OP-3", name="Operación Puerto",
                          institutions=[world["police"], world["other"]], countries=["BO"], starts_on=TODAY)
    page = reverse("cooperation:operation_detail", args=[op.public_id])
    add = reverse("cooperation:operation_case_add", args=[op.public_id])
    outsider, investigator = Client(), Client()
    outsider.force_login(world["outsider"])
    investigator.force_login(world["investigator"])
    html = investigator.get(page).content.decode()
    assert 'list="case-references"' in html and '<option value="FELCC-LP-2026-001">' in html
    assert "FELCC-LP-2026-001" not in outsider.get(page).content.decode()  # only references one may see

    refused = outsider.post(add, {"case": "FELCC-LP-2026-001"}, follow=True)
    assert "No case you may see has this reference." in refused.content.decode()
    assert operation_cases(actor=world["investigator"], operation=op) == []
    investigator.post(add, {"case": " felcc-lp-2026-001 "})
    assert operation_cases(actor=world["investigator"], operation=op) == [world["case"]]
