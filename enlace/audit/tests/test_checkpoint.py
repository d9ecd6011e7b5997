"""Checkpoints let the audit page re-hash only the tail of the chain, without hiding tampering.

What must hold: the tail walk finds an entry altered or removed after the checkpoint; an entry
altered before it is missed by the tail walk (that is the trade-off, documented) but found by
every full walk (``enlace audit verify``); a recorded failure is never hidden by an older OK
checkpoint; checkpoints are append-only like the entries.
"""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, transaction

from enlace.accounts.tests.factories import make_user
from enlace.audit.chain import GENESIS, entry_digest, verify_rows
from enlace.audit.models import AuditCheckpoint, AuditEntry, AuditHead
from enlace.audit.selectors import audit_chain_check, audit_chain_status
from enlace.audit.services import audit_chain_checkpoint, audit_record

from .test_chain import _drop_triggers, _restore_triggers

# --- the pure function ---------------------------------------------------------------------------


def _pure_chain(n: int) -> list[dict]:
    rows, prev = [], GENESIS
    for seq in range(1, n + 1):
        row = {"id": seq, "seq": seq, "at_iso": "2026-01-01T00:00:00+00:00", "actor_id": None, "actor_label": "t",
               "action": "test.event", "object_type": "", "object_id": "", "case_id": None, "ip_address": None,
               "details": {"n": seq}, "prev_hash": prev}
        row["hash"] = prev = entry_digest(**{k: v for k, v in row.items() if k not in ("id",)})
        rows.append(row)
    return rows


def test_verify_rows_from_an_anchor_checks_only_the_tail():
    rows = _pure_chain(6)
    rows[1]["details"] = {"n": 99}  # before the anchor: not looked at
    result = verify_rows(rows[3:], head_seq=6, head_hash=rows[5]["hash"], after_seq=3, after_hash=rows[2]["hash"])
    assert result.ok and result.checked == 3
    assert (result.last_seq, result.last_hash) == (6, rows[5]["hash"])
    assert not verify_rows(rows, head_seq=6, head_hash=rows[5]["hash"]).ok  # from genesis it is found


def test_verify_rows_from_an_anchor_finds_tail_damage():
    rows = _pure_chain(6)
    head = {"head_seq": 6, "head_hash": rows[5]["hash"]}
    wrong_anchor = verify_rows(rows[3:], after_seq=3, after_hash="f" * 64, **head)
    assert not wrong_anchor.ok and wrong_anchor.first_bad_seq == 4 and "link" in wrong_anchor.problem
    gap = verify_rows(rows[4:], after_seq=3, after_hash=rows[2]["hash"], **head)
    assert not gap.ok and gap.first_bad_seq == 5
    altered = [dict(r) for r in rows[3:]]
    altered[1]["action"] = "forged"
    bad = verify_rows(altered, after_seq=3, after_hash=rows[2]["hash"], **head)
    assert not bad.ok and bad.first_bad_seq == 5 and bad.checked == 1
    assert not verify_rows([], after_seq=3, after_hash=rows[2]["hash"], **head).ok  # tail removed
    assert verify_rows([], after_seq=6, after_hash=rows[5]["hash"], **head).ok  # nothing new: fine


# --- against the database ------------------------------------------------------------------------

tx = pytest.mark.django_db(transaction=True)


@pytest.fixture
def auditor():
    return make_user("auditor", username="aud")


@pytest.fixture
def checkpointed(auditor):
    """Entries #1-#5, a full checkpoint at #5 (its own audit.verify entry is #6), then #7-#9."""
    before = [audit_record(action="test.event", actor_label="x", details={"n": i}) for i in range(5)]
    audit_chain_checkpoint(actor_label="tester", full=True)
    after = [audit_record(action="test.event", actor_label="x", details={"n": i}) for i in range(5, 8)]
    assert [e.seq for e in after] == [7, 8, 9]
    yield before, after
    _restore_triggers()


@tx
def test_a_checkpoint_records_the_tip_and_is_audited(checkpointed):
    cp = AuditCheckpoint.objects.get()
    assert (cp.seq, cp.hash, cp.ok, cp.full, cp.checked, cp.actor_label) == (5, checkpointed[0][4].hash, True, True,
                                                                            5, "tester")
    entry = AuditEntry.objects.get(action="audit.verify")
    assert entry.seq == 6 and entry.object_id == str(cp.pk) and entry.details == {
        "full": True, "ok": True, "checked": 5, "seq": 5}


@tx
def test_the_quick_check_walks_only_entries_after_the_checkpoint(checkpointed, auditor):
    status = audit_chain_status(actor=auditor)
    assert status.ok and not status.check.full
    assert status.base.seq == 5 and status.check.result.checked == 4  # #6-#9
    assert status.last_full.seq == 5


@tx
def test_the_quick_check_finds_an_entry_altered_after_the_checkpoint(checkpointed, auditor):
    _drop_triggers()
    AuditEntry.objects.filter(seq=8).update(details={"n": 99})
    status = audit_chain_status(actor=auditor)
    assert not status.ok and status.first_bad_seq == 8 and "altered" in status.problem
    assert status.first_bad_id == checkpointed[1][1].pk


@tx
@pytest.mark.parametrize(("seq", "named"), [(6, 7), (8, 9), (9, 9)])  # first after it, middle, last
def test_the_quick_check_finds_an_entry_removed_after_the_checkpoint(checkpointed, auditor, seq, named):
    _drop_triggers()
    AuditEntry.objects.filter(seq=seq).delete()
    status = audit_chain_status(actor=auditor)
    assert not status.ok and status.first_bad_seq == named  # the entry after the gap, or the missing tip


@tx
def test_an_entry_altered_before_the_checkpoint_is_found_only_by_a_full_walk(checkpointed, auditor):
    _drop_triggers()
    AuditEntry.objects.filter(seq=2).update(action="forged")
    quick = audit_chain_status(actor=auditor)
    assert quick.ok  # the documented trade-off: the tail walk trusts the checkpoint
    with pytest.raises(CommandError, match="#2"):
        call_command("audit", "verify")
    failed = AuditCheckpoint.objects.get(ok=False)
    assert (failed.seq, failed.full, failed.actor_label) == (2, True, "(operator)") and "altered" in failed.problem
    # from now on the page reports it, although the tail after the checkpoint is still clean
    after = audit_chain_status(actor=auditor)
    assert not after.ok and after.failure_standing and after.first_bad_seq == 2 and after.check is None
    assert after.first_bad_id == checkpointed[0][1].pk


@tx
def test_a_failure_is_not_hidden_by_older_or_incremental_ok_checkpoints(checkpointed, auditor):
    _drop_triggers()
    AuditEntry.objects.filter(seq=2).update(action="forged")
    assert not audit_chain_checkpoint(actor_label="tester", full=True).result.ok
    for _ in range(2):
        audit_record(action="test.event", actor_label="x")
        audit_chain_checkpoint(actor_label="tester", full=False)  # a clean tail, recorded as OK
    assert AuditCheckpoint.objects.filter(ok=True, full=False).count() == 2
    status = audit_chain_status(actor=auditor)
    assert not status.ok and status.failure_standing and status.first_bad_seq == 2


@tx
def test_a_full_walk_that_passes_later_clears_the_failure_but_it_stays_visible(checkpointed, auditor):
    _drop_triggers()
    original = AuditEntry.objects.get(seq=2).action
    AuditEntry.objects.filter(seq=2).update(action="forged")
    assert not audit_chain_checkpoint(actor_label="tester", full=True).result.ok
    AuditEntry.objects.filter(seq=2).update(action=original)  # e.g. restored from a backup
    assert audit_chain_checkpoint(actor_label="tester", full=True).result.ok
    status = audit_chain_status(actor=auditor)
    assert status.ok and not status.failure_standing and status.failure.seq == 2


@tx
def test_verify_command_walks_from_genesis_and_records_a_full_checkpoint(checkpointed):
    call_command("audit", "verify")
    latest = AuditCheckpoint.objects.order_by("-id").first()
    assert latest.ok and latest.full and latest.seq == 9 and latest.checked == 9 and latest.actor_label == "(operator)"


@tx
def test_an_entry_slipped_in_beyond_the_head_is_found(checkpointed, auditor):
    head = AuditHead.objects.get()
    fields = {"seq": head.seq + 1, "actor_id": None, "actor_label": "x", "action": "forged", "object_type": "",
              "object_id": "", "case_id": None, "ip_address": None, "details": {}, "prev_hash": head.hash}
    at = AuditEntry.objects.get(seq=head.seq).at
    forged = AuditEntry.objects.create(at=at, hash=entry_digest(at_iso=at.isoformat(), **fields), **fields)
    assert not audit_chain_check(full=True).result.ok
    status = audit_chain_status(actor=auditor)
    assert not status.ok and status.first_bad_seq == forged.seq and "beyond the chain head" in status.problem


@tx
def test_checkpoints_are_append_only(checkpointed):
    cp = AuditCheckpoint.objects.get()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditCheckpoint.objects.filter(pk=cp.pk).update(ok=False)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditCheckpoint.objects.filter(pk=cp.pk).delete()
    assert AuditCheckpoint.objects.get(pk=cp.pk).ok


@pytest.mark.django_db
def test_only_auditors_get_the_chain_status():
    from enlace.core.errors import NotFound

    with pytest.raises(NotFound):
        audit_chain_status(actor=make_user("sysadmin"))
