"""The audit page's chain status (tail after the last checkpoint) and "Verify whole chain now".

The page must cost the same however long the log is before its checkpoint, say when the whole
chain was last walked, and the button must find what the quick check cannot: an entry altered
before the checkpoint. The button is POST-only, CSRF-protected, for auditors, and audited.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enlace.accounts.tests.factories import make_user
from enlace.audit import selectors
from enlace.audit.models import AuditCheckpoint, AuditEntry
from enlace.audit.services import audit_chain_checkpoint, audit_record

from .test_chain import _drop_triggers, _restore_triggers

LIST = reverse("audit:list")
VERIFY = reverse("audit:verify")
MAX_PAGE_QUERIES = 20  # measured 17 (SQLite)


@pytest.fixture
def auditor():
    return make_user("auditor", username="aud")


@pytest.fixture
def aclient(client, auditor):
    client.force_login(auditor)
    return client


def _events(n: int) -> list[AuditEntry]:
    return [audit_record(action="test.event", actor_label="x", details={"n": i}) for i in range(n)]


def _page(client):
    with CaptureQueriesContext(connection) as queries:
        resp = client.get(LIST)
    assert resp.status_code == 200
    return resp, len(queries.captured_queries)


@pytest.mark.django_db
def test_first_view_walks_the_whole_chain_once_and_records_it(aclient):
    _events(3)
    first = aclient.get(LIST)
    assert first.context["chain"].ok and first.context["chain"].check.full
    cp = AuditCheckpoint.objects.get()
    assert (cp.full, cp.ok, cp.seq, cp.actor_label) == (True, True, 3, "aud")
    second = aclient.get(LIST)
    chain = second.context["chain"]
    assert chain.ok and not chain.check.full and chain.base == cp
    assert AuditCheckpoint.objects.count() == 1  # a short tail is not worth a checkpoint row
    html = second.content.decode()
    assert "Chain intact." in html and "newer entries (after checkpoint #3) verified now" in html
    assert "Whole chain last verified on" in html and "by aud (entries #1 to #3)" in html
    assert "found only by verifying the whole chain" in html
    assert f'action="{VERIFY}"' in html


@pytest.mark.django_db
def test_queries_do_not_grow_with_the_entries_before_the_checkpoint(aclient, django_assert_max_num_queries):
    measured = []
    for before in (5, 400):
        _events(before)
        audit_chain_checkpoint(actor_label="tester", full=True)
        aclient.get(LIST)  # the same state for both sizes: one read after the checkpoint
        with django_assert_max_num_queries(MAX_PAGE_QUERIES):
            resp, count = _page(aclient)
        chain = resp.context["chain"]
        assert chain.ok and not chain.check.full
        assert chain.check.result.checked == 2  # the checkpoint's own entry and the previous read only
        measured.append(count)
    assert measured[0] == measured[1], measured


@pytest.mark.django_db
def test_a_long_tail_is_checkpointed_by_the_page(aclient, monkeypatch):
    _events(3)
    aclient.get(LIST)
    monkeypatch.setattr(selectors, "TAIL_CHECKPOINT_EVERY", 5)
    _events(6)
    aclient.get(LIST)
    latest = AuditCheckpoint.objects.order_by("-id").first()
    assert latest.ok and not latest.full and latest.seq > 9 and latest.actor_label == "aud"
    assert AuditEntry.objects.filter(action="audit.verify", details__full=False).count() == 1


@pytest.fixture
def tampered(auditor):
    """#1-#5 verified by a full checkpoint, later entries after it; the triggers dropped."""
    before = _events(5)
    audit_chain_checkpoint(actor_label="tester", full=True)
    after = _events(3)
    _drop_triggers()
    yield before, after
    _restore_triggers()


@pytest.mark.django_db(transaction=True)
def test_entry_altered_before_the_checkpoint_page_misses_it_the_button_finds_it(client, auditor, tampered):
    before, _after = tampered
    AuditEntry.objects.filter(pk=before[1].pk).update(details={"n": 99})
    client.force_login(auditor)
    quick = client.get(LIST)
    assert quick.context["chain"].ok and "Chain intact." in quick.content.decode()

    resp = client.post(VERIFY, follow=True)
    assert resp.redirect_chain == [(LIST, 302)]
    html = resp.content.decode()
    assert "Whole chain verified: it is broken at entry #2." in html
    assert "Chain broken" in html and "First bad entry: #2." in html
    assert reverse("audit:detail", args=[before[1].pk]) in html
    cp = AuditCheckpoint.objects.get(ok=False)
    assert (cp.seq, cp.full, cp.actor_label) == (2, True, "aud")
    logged = AuditEntry.objects.get(action="audit.verify", actor=auditor)
    assert logged.details == {"full": True, "ok": False, "checked": 1, "seq": 2}
    assert "Chain broken" in client.get(LIST).content.decode()  # it stays shown


@pytest.mark.django_db(transaction=True)
def test_entry_altered_after_the_checkpoint_is_shown_by_the_page(client, auditor, tampered):
    _before, after = tampered
    AuditEntry.objects.filter(pk=after[0].pk).update(action="forged")
    client.force_login(auditor)
    html = client.get(LIST).content.decode()
    assert "Chain broken" in html and f"First bad entry: #{after[0].seq}." in html
    assert AuditCheckpoint.objects.get(ok=False).seq == after[0].seq  # recorded, so it cannot be lost


@pytest.mark.django_db
def test_verify_button_walks_everything_records_and_audits(aclient, auditor):
    _events(4)
    resp = aclient.post(VERIFY, follow=True)
    assert resp.redirect_chain == [(LIST, 302)]
    assert "Whole chain verified: 4 entries, none altered, removed or reordered." in resp.content.decode()
    cp = AuditCheckpoint.objects.get()
    assert (cp.ok, cp.full, cp.seq, cp.checked, cp.actor_label) == (True, True, 4, 4, "aud")
    logged = AuditEntry.objects.get(action="audit.verify")
    assert logged.actor_id == auditor.pk and logged.object_id == str(cp.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["investigator", "sysadmin", "monitoring"])
def test_verify_button_is_for_auditors_only(client, role):
    client.force_login(make_user(role))
    assert client.post(VERIFY).status_code == 404
    assert not AuditCheckpoint.objects.exists()


@pytest.mark.django_db
def test_verify_button_needs_post_and_a_csrf_token(aclient, auditor):
    assert aclient.get(VERIFY).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(auditor)
    assert strict.post(VERIFY).status_code == 403
    assert not AuditCheckpoint.objects.exists()
