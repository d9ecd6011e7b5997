"""Reads recorded once per request, denials recorded alike for missing and forbidden ids, search
terms kept only as keyed hashes that an auditor can still look a name up by."""

import base64
import json
import uuid
from unittest import mock

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from enlace.audit import keyring, reads
from enlace.audit.models import AuditEntry, AuditHead
from enlace.audit.terms import search_digests, search_fingerprint
from enlace.cases.selectors import case_get
from enlace.cases.tests.factories import make_case_world

SEARCH = "Ana María Nina Espinoza"


@pytest.fixture
def world(db):
    return make_case_world()


def _client(user) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def _seq() -> int:
    return AuditHead.objects.filter(id=1).values_list("seq", flat=True).first() or 0


def _new(since: int) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(seq__gt=since).order_by("seq"))


def test_a_case_page_and_its_tab_are_one_entry_each(world):
    client = _client(world["investigator"])
    for query in ("", "?tab=persons", "?tab=audit"):
        since = _seq()
        assert client.get(reverse("cases:detail", args=[world["case"].public_id]) + query).status_code == 200
        entries = _new(since)
        assert len(entries) == 1, [e.action for e in entries]
        assert entries[0].case_id == world["case"].pk and entries[0].actor_id == world["investigator"].pk


def test_a_list_is_one_entry_naming_its_filters(world):
    since = _seq()
    _client(world["investigator"]).get(reverse("cases:list"), {"status": "reported", "page": "1"})
    [entry] = _new(since)
    assert entry.action == "case.list"
    assert entry.details["filters"] == {"status": "reported"}


def test_the_search_term_is_stored_only_as_keyed_hashes(world):
    since = _seq()
    _client(world["investigator"]).get(reverse("cases:list"), {"q": SEARCH})
    [entry] = _new(since)
    assert entry.action == "case.search"
    stored = json.dumps(entry.details, ensure_ascii=False).casefold()
    for word in ("ana", "maría", "maria", "nina", "espinoza"):
        assert word not in stored
    assert entry.details["search"] == search_fingerprint(SEARCH)


@pytest.mark.parametrize("typed", [SEARCH, "ana maria nina espinoza", "NINA", "Espinoza"])
def test_an_auditor_finds_who_searched_for_a_name_or_a_word(world, typed):
    _client(world["investigator"]).get(reverse("cases:list"), {"q": SEARCH})
    _client(world["prosecutor"]).get(reverse("cases:list"), {"q": "Pedro Mamani"})
    auditor = _client(world["auditor"])
    since = _seq()
    resp = auditor.get(reverse("audit:list"), {"searched": typed})
    rows = list(resp.context["page_obj"].object_list)
    # The auditor's own look-up is recorded (as a hash too) and is found with the searches.
    assert [(e.action, e.actor_label) for e in rows] == [("audit.read", "auditor"), ("case.search", "inv")]
    own = [e for e in _new(since) if e.action == "audit.read"]
    assert own and typed.casefold() not in json.dumps(own[0].details, ensure_ascii=False).casefold()


def test_a_word_nobody_searched_finds_nothing(world):
    _client(world["investigator"]).get(reverse("cases:list"), {"q": SEARCH})
    resp = _client(world["auditor"]).get(reverse("audit:list"), {"searched": "Mamani"})
    assert [e.action for e in resp.context["page_obj"].object_list] == ["audit.read"]  # only the look-up


def test_searches_recorded_before_a_key_rotation_are_still_found(world):
    old = search_fingerprint(SEARCH)
    ring = {"a1": base64.b64encode(b"\x03" * 32).decode(), "a2": base64.b64encode(b"\x04" * 32).decode()}
    with override_settings(ENLACE_AUDIT_KEYS=ring, ENLACE_AUDIT_PRIMARY_KEY_ID="a2"):
        keyring.reset_cache()
        try:
            assert search_fingerprint(SEARCH) != old
            assert any(d in old.split() for d in search_digests("nina"))
        finally:
            keyring.reset_cache()


def test_missing_and_forbidden_ids_are_recorded_alike(world):
    client = _client(world["outsider"])
    shapes = []
    for case_id in (world["case"].public_id, uuid.uuid4()):
        since = _seq()
        assert client.get(reverse("cases:detail", args=[case_id])).status_code == 404
        [entry] = _new(since)
        # The public id names the case; no integer key is looked up for one and not for the other.
        assert entry.action == "access.denied" and entry.case_id is None
        assert entry.details["ids"] == {"case_id": str(case_id)}
        shapes.append((entry.object_type, entry.object_id, sorted(entry.details), entry.details["status"]))
    assert shapes[0] == shapes[1]


def test_a_denial_never_records_free_text(world):
    since = _seq()
    _client(world["monitoring"]).get(reverse("cases:list"), {"q": SEARCH})
    [entry] = _new(since)
    assert entry.action == "access.denied"
    assert "nina" not in json.dumps(entry.details, ensure_ascii=False).casefold()


def test_outside_a_request_each_read_is_written_at_once(world):
    since = _seq()
    case_get(actor=world["investigator"], case_id=world["case"].public_id)
    assert [e.action for e in _new(since)] == ["case.read"]


def test_a_read_that_cannot_be_recorded_is_not_answered(world):
    client = _client(world["investigator"])
    with mock.patch.object(reads, "audit_record", side_effect=RuntimeError("audit table unavailable")), \
            pytest.raises(RuntimeError):
        client.get(reverse("cases:detail", args=[world["case"].public_id]))


def test_the_auditor_filters_reads_and_denials(world):
    _client(world["investigator"]).get(reverse("cases:detail", args=[world["case"].public_id]))
    _client(world["outsider"]).get(reverse("cases:detail", args=[world["case"].public_id]))
    auditor = _client(world["auditor"])
    denied = auditor.get(reverse("audit:list"), {"kind": "denied"})
    assert [(e.action, e.actor_label) for e in denied.context["page_obj"].object_list] == [
        ("access.denied", "outsider")]
    read = auditor.get(reverse("audit:list"), {"kind": "read", "user": "inv"})
    assert [e.action for e in read.context["page_obj"].object_list] == ["case.read"]
    assert "<td>Case opened <span" in read.content.decode()  # the row names the action in the language of the page
