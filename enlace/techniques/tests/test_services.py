"""Recording, renewing and confirming authorisations: validation, links, audit."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from enlace.audit.models import AuditEntry
from enlace.cases.services_persons import case_person_add
from enlace.core.errors import Conflict, Forbidden, NotFound
from enlace.persons.services import PersonInput
from enlace.techniques import selectors
from enlace.techniques.models import Authorisation
from enlace.techniques.services import authorisation_confirm, authorisation_renew
from enlace.techniques.vocabulary import Status

from .factories import SCOPE, make_authorisation

pytestmark = pytest.mark.django_db


def test_the_creator_is_named_and_the_audit_holds_no_scope(world):
    auth = make_authorisation(world, members=[world["prosecutor"]])
    assert set(auth.members.all()) == {world["investigator"], world["prosecutor"]}
    entry = AuditEntry.objects.get(action="technique.create", object_id=str(auth.pk))
    assert SCOPE not in str(entry.details) and "TÍO" not in str(entry.details)
    assert auth.status(renewed=False) == Status.ACTIVE


@pytest.mark.parametrize(("fields", "field"), [
    ({"expires_on": timezone.localdate() - dt.timedelta(days=30)}, "expires_on"),
    ({"emergency": True}, "confirm_by"),
    ({"judge": "  "}, "judge"),
    ({"kind": "telepathy"}, "kind"),
    ({"target_pseudonyms": []}, "target_person_ids"),
])
def test_bad_input_is_refused_and_nothing_is_written(world, fields, field):
    with pytest.raises(ValidationError) as exc:
        make_authorisation(world, **fields)
    assert field in exc.value.message_dict
    assert not Authorisation.objects.exists()


def test_only_members_of_the_case_can_be_named(world):
    with pytest.raises(ValidationError):
        make_authorisation(world, members=[world["outsider"]])
    with pytest.raises(ValidationError):  # supervises the unit but is not a member of the case
        make_authorisation(world, members=[world["supervisor"]])


def test_targets_are_persons_of_the_case_shown_through_the_identity_gate(world):
    cp = case_person_add(actor=world["investigator"], case=world["case"], role="suspect",
                         data=PersonInput(given_names="Wilber", first_surname="Condori"))
    victim = case_person_add(actor=world["investigator"], case=world["case"], role="victim",
                             data=PersonInput(given_names="Rosaura", first_surname="Tintaya"))
    auth = make_authorisation(world, target_person_ids=[cp.pk, victim.pk])
    labels = [t.label for t in selectors.authorisation_targets(actor=world["investigator"], auth=auth)]
    assert any("Wilber" in label for label in labels)  # a suspect is not protected
    assert victim.person.pseudonym in labels and not any("Rosaura" in label for label in labels)
    assert "EL TÍO" in labels


def test_a_role_that_does_not_edit_cases_cannot_record(world):
    with pytest.raises((Forbidden, NotFound)):
        make_authorisation(world, actor=world["auditor"])


def test_a_renewal_is_a_new_linked_record_that_carries_members_and_targets(world):
    auth = make_authorisation(world, members=[world["prosecutor"]])
    renewal = authorisation_renew(actor=world["prosecutor"], authorisation_id=auth.public_id,
                                  expires_on=auth.expires_on + dt.timedelta(days=30), judge="Juez Quispe")
    assert renewal.renews_id == auth.pk and renewal.starts_on == auth.expires_on + dt.timedelta(days=1)
    assert set(renewal.members.all()) == set(auth.members.all())
    assert [t.pseudonym for t in renewal.targets.all()] == ["EL TÍO"]
    assert renewal.scope == auth.scope
    with pytest.raises(ValidationError):  # renew the latest, not the same one twice
        authorisation_renew(actor=world["investigator"], authorisation_id=auth.public_id,
                            expires_on=auth.expires_on + dt.timedelta(days=60), judge="Juez Quispe")
    with pytest.raises(ValidationError):
        authorisation_renew(actor=world["investigator"], authorisation_id=renewal.public_id,
                            expires_on=renewal.starts_on - dt.timedelta(days=1), judge="Juez Quispe")


def test_a_team_member_not_named_cannot_renew(world):
    auth = make_authorisation(world)
    with pytest.raises(NotFound):
        authorisation_renew(actor=world["prosecutor"], authorisation_id=auth.public_id,
                            expires_on=auth.expires_on + dt.timedelta(days=30), judge="Juez Quispe")


def test_an_emergency_authorisation_is_confirmed_before_its_deadline(world):
    now = timezone.now()
    auth = make_authorisation(world, emergency=True, confirm_by=now + dt.timedelta(hours=20))
    assert auth.status(renewed=False) == Status.PENDING_CONFIRMATION
    with pytest.raises(ValidationError):
        authorisation_renew(actor=world["investigator"], authorisation_id=auth.public_id,
                            expires_on=auth.expires_on + dt.timedelta(days=3), judge="Juez Quispe")
    with pytest.raises(Conflict):
        authorisation_confirm(actor=world["investigator"], authorisation_id=auth.public_id, version=auth.version + 1,
                              confirmed_by="Juez Mamani")
    authorisation_confirm(actor=world["investigator"], authorisation_id=auth.public_id, version=auth.version,
                          confirmed_by="Juez Mamani")
    auth.refresh_from_db()
    assert auth.confirmed_at is not None and auth.status(renewed=False) == Status.ACTIVE


def test_a_late_confirmation_is_refused_and_the_authorisation_has_lapsed(world):
    auth = make_authorisation(world, emergency=True, confirm_by=timezone.now() - dt.timedelta(hours=1))
    assert auth.status(renewed=False) == Status.LAPSED
    with pytest.raises(ValidationError):
        authorisation_confirm(actor=world["investigator"], authorisation_id=auth.public_id, version=auth.version,
                              confirmed_by="Juez Mamani")
