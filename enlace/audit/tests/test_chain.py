"""The audit chain detects alteration, deletion and reordering, naming the first bad entry."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from enlace.audit.models import AuditEntry
from enlace.audit.selectors import audit_chain_verify
from enlace.audit.services import audit_record

pytestmark = pytest.mark.django_db(transaction=True)


def _drop_triggers():
    """An attacker with DDL rights: the triggers are the first line, the chain the second."""
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("DROP TRIGGER IF EXISTS audit_no_update")
            cur.execute("DROP TRIGGER IF EXISTS audit_no_delete")
        else:
            cur.execute("DROP TRIGGER IF EXISTS audit_no_update ON audit_auditentry")


def _restore_triggers():
    from importlib import import_module

    mig = import_module("enlace.audit.migrations.0002_append_only_triggers")
    with connection.schema_editor() as editor:
        mig.backwards(None, editor)
        mig.forwards(None, editor)


@pytest.fixture
def chain():
    entries = [audit_record(action="test.event", actor_label="tester", details={"n": i}) for i in range(5)]
    yield entries
    _restore_triggers()


def test_intact_chain_verifies(chain):
    result = audit_chain_verify()
    assert result.ok and result.checked == 5


def test_triggers_refuse_update_and_delete(chain):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=chain[1].pk).update(action="forged")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=chain[1].pk).delete()


def test_altered_entry_is_named(chain):
    _drop_triggers()
    AuditEntry.objects.filter(pk=chain[2].pk).update(details={"n": 99})
    result = audit_chain_verify()
    assert not result.ok and result.first_bad_seq == chain[2].seq and "altered" in result.problem


def test_deleted_entry_is_named(chain):
    _drop_triggers()
    AuditEntry.objects.filter(pk=chain[1].pk).delete()
    result = audit_chain_verify()
    assert not result.ok and result.first_bad_seq == chain[2].seq


def test_deleted_last_entry_is_detected(chain):
    _drop_triggers()
    AuditEntry.objects.filter(pk=chain[4].pk).delete()
    assert not audit_chain_verify().ok


def test_reordered_entries_are_detected(chain):
    _drop_triggers()
    a, b = chain[1], chain[2]
    # swap their sequence numbers (via a temporary value to respect the unique constraint)
    AuditEntry.objects.filter(pk=a.pk).update(seq=10_000)
    AuditEntry.objects.filter(pk=b.pk).update(seq=a.seq)
    AuditEntry.objects.filter(pk=a.pk).update(seq=b.seq)
    result = audit_chain_verify()
    assert not result.ok and result.first_bad_seq == a.seq


def test_verify_command_exits_nonzero_and_names_entry(chain):
    call_command("audit", "verify")
    _drop_triggers()
    AuditEntry.objects.filter(pk=chain[3].pk).update(action="x")
    with pytest.raises(CommandError, match=f"#{chain[3].seq}"):
        call_command("audit", "verify")


def test_entry_rolls_back_with_the_change():
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(action="test.rolled_back")
        raise RuntimeError
    assert not AuditEntry.objects.filter(action="test.rolled_back").exists()
    assert audit_chain_verify().ok


def test_secrets_are_redacted():
    e = audit_record(action="test.secret", details={"password": "hunter2", "nested": {"token": "abc"}, "ok": 1})
    assert e.details == {"password": "[redacted]", "nested": {"token": "[redacted]"}, "ok": 1}
