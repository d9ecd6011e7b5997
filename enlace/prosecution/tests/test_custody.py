import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction

from enlace.audit.models import AuditEntry
from enlace.prosecution.custody import custody_state
from enlace.prosecution.models import AppendOnlyError, CustodyEvent
from enlace.prosecution.selectors import item_state
from enlace.prosecution.services import (
    custody_confirm,
    custody_dispose,
    custody_transfer,
    evidence_item_create,
)

from .factories import laboratory, make_item

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _store(settings, tmp_path):
    settings.ENLACE_FILE_STORE = tmp_path


def test_registering_makes_the_registrar_custodian_and_is_audited(world):
    item = make_item(world)
    state = item_state(item)
    assert state.responsible_id == world["investigator"].pk and state.pending is None
    assert AuditEntry.objects.filter(action="evidence.create", object_id=str(item.pk)).exists()
    assert item.location.path == "Evidence room FELCC La Paz / Shelf B / Box 4"


def test_exhibit_number_is_unique_in_the_case(world):
    make_item(world)
    with pytest.raises(ValidationError):
        make_item(world)


def test_only_the_current_custodian_hands_over(world):
    item = make_item(world)
    with pytest.raises(ValidationError, match="current custodian"):
        custody_transfer(actor=world["prosecutor"], item_id=item.pk, to_user=world["investigator"])
    assert not CustodyEvent.objects.filter(item=item, kind="transfer").exists()


def test_transfer_is_pending_until_the_receiver_confirms(world):
    item = make_item(world)
    inv, pros = world["investigator"], world["prosecutor"]
    transfer = custody_transfer(actor=inv, item_id=item.pk, to_user=pros, reason="For the accusation")
    state = item_state(item)
    assert state.pending == transfer and state.responsible_id == inv.pk
    with pytest.raises(ValidationError, match="pending"):  # no second hand-over while one waits
        custody_transfer(actor=inv, item_id=item.pk, to_user=pros)
    with pytest.raises(ValidationError):  # the receiver cannot hand on what they have not confirmed
        custody_transfer(actor=pros, item_id=item.pk, to_user=inv)
    with pytest.raises(ValidationError):  # only the named receiver confirms
        custody_confirm(actor=inv, item_id=item.pk)
    custody_confirm(actor=pros, item_id=item.pk, seal_intact=True)
    state = item_state(item)
    assert state.responsible_id == pros.pk and state.pending is None
    custody_transfer(actor=pros, item_id=item.pk, to_user=inv)  # now the prosecutor may


def test_receiver_needs_full_access_to_the_case(world):
    item = make_item(world)
    with pytest.raises(ValidationError):
        custody_transfer(actor=world["investigator"], item_id=item.pk, to_user=world["outsider"])


def test_external_custodian_needs_a_receipt_and_the_sender_stays_responsible(world):
    item = make_item(world)
    lab = laboratory()
    with pytest.raises(ValidationError):
        custody_transfer(actor=world["investigator"], item_id=item.pk, to_external=lab)
    custody_transfer(actor=world["investigator"], item_id=item.pk, to_external=lab, receipt_reference="IDIF-77")
    state = item_state(item)
    assert state.external_id == lab.pk and state.responsible_id == world["investigator"].pk


def test_events_cannot_be_edited_or_deleted(world):
    item = make_item(world)
    event = CustodyEvent.objects.get(item=item)
    event.reason = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises((DatabaseError, IntegrityError)), transaction.atomic():  # the trigger, below the ORM
        CustodyEvent.objects.filter(pk=event.pk).update(reason="rewritten")
    with pytest.raises((DatabaseError, IntegrityError)), transaction.atomic():
        CustodyEvent.objects.filter(pk=event.pk).delete()
    assert CustodyEvent.objects.get(pk=event.pk).reason == ""


def test_destruction_closes_the_chain_and_retention_is_recorded(world):
    item = make_item(world)
    inv = world["investigator"]
    with pytest.raises(ValidationError):
        custody_dispose(actor=inv, item_id=item.pk, kind="retention", ordered_by="Juez 3.º de Instrucción")
    custody_dispose(actor=inv, item_id=item.pk, kind="retention", ordered_by="Juez 3.º de Instrucción",
                    retain_until=dt.date(2031, 1, 1))
    with pytest.raises(ValidationError):  # only the custodian
        custody_dispose(actor=world["prosecutor"], item_id=item.pk, kind="destroyed", ordered_by="Juez")
    custody_dispose(actor=inv, item_id=item.pk, kind="destroyed", ordered_by="Juez 3.º de Instrucción")
    state = item_state(item)
    assert state.disposed is not None and str(state.retain_until) == "2031-01-01"
    with pytest.raises(ValidationError, match="closed"):
        custody_transfer(actor=inv, item_id=item.pk, to_user=world["prosecutor"])


def test_state_ignores_a_confirmation_of_another_transfer():
    class E:
        def __init__(self, pk, kind, by, to_user_id=None, transfer_id=None):
            self.pk, self.kind, self.recorded_by_id, self.to_user_id = pk, kind, by, to_user_id
            self.to_external_id, self.transfer_id, self.retain_until = None, transfer_id, None

    events = [E(1, "acquired", 10), E(2, "transfer", 10, to_user_id=20), E(3, "confirmed", 20, transfer_id=99)]
    state = custody_state(events)
    assert state.responsible_id == 10 and state.pending.pk == 2


def test_case_persons_of_another_case_cannot_be_linked(world):
    with pytest.raises(ValidationError):
        evidence_item_create(actor=world["investigator"], case_id=world["case"].public_id, exhibit_number="EV-9",
                             kind="physical", person_ids=[987654])
