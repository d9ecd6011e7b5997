"""Tampering by whoever can write the audit tables (the database owner) but holds no audit key.

Each test replays an attack that the plain SHA-256 chain let through (``audit verify`` said OK):
rewriting an entry and recomputing every later hash and the head, deleting the tail and moving
the head back, deleting everything. The keyed chain and the anchor outside the database make
each of them fail, naming what is wrong.
"""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.utils import timezone

from enlace.audit import keyring
from enlace.audit.anchor import anchor_path, read_anchors
from enlace.audit.chain import GENESIS, entry_digest
from enlace.audit.models import AuditEntry, AuditHead
from enlace.audit.services import audit_anchor_restore, audit_record, audit_verify

from .test_chain import _drop_triggers, _restore_triggers

pytestmark = pytest.mark.django_db(transaction=True)

_FIELDS = ("seq", "actor_id", "actor_label", "action", "object_type", "object_id", "case_id", "ip_address",
           "details")


@pytest.fixture
def anchored():
    """Ten entries, verified and anchored (the anchor holds the head), then the triggers dropped."""
    for i in range(10):
        audit_record(action="test.event", actor_label="x", details={"n": i})
    call_command("audit", "verify")
    _drop_triggers()
    yield
    _restore_triggers()


def _rechain_without_key(*, from_seq: int, keep_key_id: bool) -> None:
    """The attacker's rewrite: recompute every hash from ``from_seq`` on with plain SHA-256."""
    prev = AuditEntry.objects.get(seq=from_seq - 1).hash if from_seq > 1 else GENESIS
    for e in AuditEntry.objects.filter(seq__gte=from_seq).order_by("seq"):
        digest = entry_digest(at_iso=e.at.isoformat(), prev_hash=prev, **{f: getattr(e, f) for f in _FIELDS})
        AuditEntry.objects.filter(pk=e.pk).update(prev_hash=prev, hash=digest,
                                                  key_id=e.key_id if keep_key_id else None)
        prev = digest
    AuditHead.objects.filter(id=1).update(hash=prev)


def _verify_fails(match: str) -> None:
    with pytest.raises(CommandError, match=match):
        call_command("audit", "verify")


def test_an_altered_entry_with_recomputed_hashes_is_detected(anchored):
    AuditEntry.objects.filter(seq=4).update(details={"n": "forged"})
    _rechain_without_key(from_seq=4, keep_key_id=True)
    _verify_fails(r"#4.*altered")


def test_a_rewrite_as_an_unkeyed_chain_is_detected(anchored):
    """Relabelled as legacy entries the rewrite is internally consistent; the anchor is not fooled."""
    AuditEntry.objects.filter(seq=4).update(details={"n": "forged"})
    _rechain_without_key(from_seq=1, keep_key_id=False)
    _verify_fails("chain rewritten")


def test_a_partial_rewrite_as_unkeyed_entries_is_detected(anchored):
    AuditEntry.objects.filter(seq=8).update(details={"n": "forged"})
    _rechain_without_key(from_seq=8, keep_key_id=False)
    _verify_fails(r"#8.*unkeyed entry after the keyed chain")


def test_a_deleted_tail_with_the_head_moved_back_is_detected(anchored):
    anchored_seq = read_anchors()[-1].seq
    AuditEntry.objects.filter(seq__gt=5).delete()
    AuditHead.objects.filter(id=1).update(seq=5, hash=AuditEntry.objects.get(seq=5).hash)
    _verify_fails(f"the chain has 5 entries but {anchored_seq} were anchored.*removed")


def test_a_wiped_log_is_detected(anchored):
    AuditEntry.objects.all().delete()
    AuditHead.objects.all().delete()
    _verify_fails("the chain has 0 entries but 10 were anchored")


def test_a_missing_anchor_is_reported_where_none_may_be_started():
    audit_record(action="test.event", actor_label="x")
    with override_settings(ENLACE_AUDIT_ANCHOR_AUTO_INIT=False):
        _verify_fails("anchor missing")
        call_command("audit", "anchor", "--init")
        call_command("audit", "verify")
        with pytest.raises(CommandError, match="already exists"):
            call_command("audit", "anchor", "--init")
        anchor_path().unlink()
        _verify_fails("anchor missing")


def test_an_edited_anchor_line_is_reported(anchored):
    path = anchor_path()
    line = json.loads(path.read_text().splitlines()[-1])
    line["seq"] = 3  # the attacker lowers the anchored count to match a shortened chain
    path.write_text(json.dumps(line) + "\n")
    _verify_fails("anchor damaged: anchor line 1 does not match its seal")


def test_a_removed_anchor_line_is_reported(anchored):
    call_command("audit", "verify")  # a second line
    path = anchor_path()
    path.write_text(path.read_text().splitlines()[-1] + "\n")
    _verify_fails("does not follow line 0")


def test_a_restore_is_reported_as_a_restore_not_as_tampering(anchored):
    AuditEntry.objects.filter(seq__gt=5).delete()  # the backup held the first five entries
    AuditHead.objects.filter(id=1).update(seq=5, hash=AuditEntry.objects.get(seq=5).hash)
    assert audit_anchor_restore(note="nightly backup").result.ok
    assert read_anchors()[-1].event == "restore"
    call_command("audit", "verify")
    assert AuditEntry.objects.filter(action="audit.restore").exists()


def test_the_periodic_job_anchors_the_head_and_finds_removal(anchored):
    audit_record(action="test.event", actor_label="x")
    check = audit_verify(full=False, event="periodic", actor_label="(scheduler)")
    assert check.result.ok and read_anchors()[-1].event == "periodic"
    top, anchored_seq = AuditHead.objects.get().seq, read_anchors()[-1].seq
    AuditEntry.objects.filter(seq__gte=top - 1).delete()
    AuditHead.objects.filter(id=1).update(seq=top - 2, hash=AuditEntry.objects.get(seq=top - 2).hash)
    later = audit_verify(full=False, event="periodic", actor_label="(scheduler)").result
    assert not later.ok
    assert read_anchors()[-1].seq == anchored_seq  # the shortened chain was not anchored


def test_entries_from_before_the_keyed_chain_stay_verifiable():
    """An installation upgraded from the unkeyed chain: legacy entries verify, the keyed chain starts after."""
    prev = GENESIS
    for seq in (1, 2, 3):
        at = timezone.now()
        fields = {"seq": seq, "actor_id": None, "actor_label": "old", "action": "legacy.event", "object_type": "",
                  "object_id": "", "case_id": None, "ip_address": None, "details": {"n": seq}}
        prev = AuditEntry.objects.create(at=at, prev_hash=prev, hash=entry_digest(at_iso=at.isoformat(),
                                         prev_hash=prev, **fields), **fields).hash
    AuditHead.objects.update_or_create(id=1, defaults={"seq": 3, "hash": prev, "key_id": ""})
    audit_record(action="test.event", actor_label="x")
    marker = AuditEntry.objects.get(seq=4)
    assert marker.action == "audit.chain.keyed" and marker.details == {"legacy_entries": 3} and marker.key_id == "a1"
    call_command("audit", "verify")
    assert read_anchors()[-1].keyed_from == 4


def test_a_rotated_audit_key_verifies_old_and_new_entries():
    audit_record(action="test.event", actor_label="x")
    two = {"a1": keyring.read_material()["keys"]["a1"], "a2": keyring._new_key()}
    try:
        with override_settings(ENLACE_AUDIT_KEYS=two, ENLACE_AUDIT_PRIMARY_KEY_ID="a2"):
            keyring.reset_cache()
            entry = audit_record(action="test.event", actor_label="x")
            assert entry.key_id == "a2"
            call_command("audit", "verify")
        with override_settings(ENLACE_AUDIT_KEYS={"a2": two["a2"]}, ENLACE_AUDIT_PRIMARY_KEY_ID="a2"):
            keyring.reset_cache()
            _verify_fails("unknown audit key 'a1'")  # a dropped old key: its entries can't be vouched for
    finally:
        keyring.reset_cache()


def test_rotate_key_command_keeps_old_keys_in_the_key_file(tmp_path):
    key_file = tmp_path / "audit-key.json"
    try:
        with override_settings(ENLACE_AUDIT_KEYS=None, ENLACE_AUDIT_KEY_FILE=key_file, ENLACE_CREATE_KEY_FILE=True):
            keyring.reset_cache()
            first = audit_record(action="test.event", actor_label="x")
            call_command("audit", "rotate-key")
            data = json.loads(key_file.read_text())
            assert data["primary"] == "a2" and set(data["keys"]) == {"a1", "a2"}
            assert (key_file.stat().st_mode & 0o777) == 0o600
            assert first.key_id == "a1" and AuditEntry.objects.order_by("-seq").first().key_id == "a2"
            call_command("audit", "verify")
    finally:
        keyring.reset_cache()
