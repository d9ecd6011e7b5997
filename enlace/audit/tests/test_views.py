"""Audit log pages: auditors only (404 for everyone else), filters, pagination, chain status, reads audited."""

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from enlace.accounts.tests.factories import make_user
from enlace.audit.models import AuditEntry
from enlace.audit.services import audit_record

LIST = reverse("audit:list")

OTHER_ROLES = ["investigator", "prosecutor", "supervisor", "screener", "service_provider", "liaison",
               "monitoring", "sysadmin"]


@pytest.fixture
def auditor(db):
    return make_user("auditor", username="aud")


@pytest.fixture
def aclient(client, auditor):
    client.force_login(auditor)
    return client


def _rows(resp) -> list[AuditEntry]:
    return list(resp.context["page_obj"].object_list)


@pytest.mark.django_db
@pytest.mark.parametrize("role", OTHER_ROLES)
def test_non_auditors_get_404(client, role):
    entry = audit_record(action="test.event", actor_label="x")
    client.force_login(make_user(role))
    assert client.get(LIST).status_code == 404
    assert client.get(reverse("audit:detail", args=[entry.pk])).status_code == 404
    assert not AuditEntry.objects.filter(action="audit.read").exists()


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    resp = client.get(LIST)
    assert resp.status_code == 302 and resp.url.startswith(reverse("web:login"))


@pytest.mark.django_db
def test_list_newest_first_and_read_is_audited(aclient, auditor):
    for i in range(3):
        audit_record(action="test.event", actor_label="x", details={"n": i})
    resp = aclient.get(LIST)
    assert resp.status_code == 200
    rows = _rows(resp)
    seqs = [e.seq for e in rows]
    assert seqs == sorted(seqs, reverse=True)
    read = AuditEntry.objects.get(action="audit.read")
    assert read.actor_id == auditor.pk
    assert rows[0] == read  # the auditor's own read is the newest entry
    assert "Chain intact." in resp.content.decode()


@pytest.fixture
def entries(db, auditor):
    ana = make_user("investigator", username="ana")
    beto = make_user("prosecutor", username="beto")
    return {
        "login": audit_record(actor=ana, action="auth.login", obj=ana),
        "grant": audit_record(actor=beto, action="permission.grant", obj=ana, details={"role": "liaison"}),
        "case": audit_record(actor=ana, action="case.read", object_type="cases.case", object_id=7, case_id=7),
        "other_case": audit_record(actor=beto, action="case.read", object_type="cases.case", object_id=8, case_id=8),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("params,expected", [
    ({"kind": "signin"}, {"login"}),
    ({"kind": "access"}, {"grant"}),
    ({"user": "beto"}, {"grant", "other_case"}),
    ({"kind": "read", "user": "ana"}, {"case"}),
])
def test_filters(aclient, entries, params, expected):
    resp = aclient.get(LIST, params)
    assert resp.status_code == 200
    got = {e.pk for e in _rows(resp)} - set(AuditEntry.objects.filter(action="audit.read").values_list("pk", flat=True))
    assert got == {entries[k].pk for k in expected}
    read = AuditEntry.objects.filter(action="audit.read").latest("seq")
    assert read.details["filters"] == params


@pytest.mark.django_db
def test_date_filters(aclient, entries):
    today = timezone.localdate()
    resp = aclient.get(LIST, {"date_from": today.isoformat(), "date_to": today.isoformat()})
    assert {entries["login"].pk, entries["case"].pk} <= {e.pk for e in _rows(resp)}
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    assert _rows(aclient.get(LIST, {"date_from": tomorrow})) == []
    yesterday = (today - dt.timedelta(days=1)).isoformat()
    assert _rows(aclient.get(LIST, {"date_to": yesterday})) == []


@pytest.mark.django_db
@pytest.mark.parametrize("params,field", [
    ({"case": "NO-SUCH-REF"}, "case"),
    ({"person": "V-NONE-9999"}, "person"),
    ({"kind": "case.read"}, "kind"),
    ({"date_from": "2026-13-45"}, "date_from"),
    ({"date_from": "2026-05-02", "date_to": "2026-05-01"}, "date_to"),
])
def test_invalid_filters_show_errors(aclient, entries, params, field):
    resp = aclient.get(LIST, params)
    assert resp.status_code == 200
    assert resp.context["form"].errors[field]


@pytest.mark.django_db
def test_pagination(aclient):
    bulk = make_user("investigator", username="bulk")
    for i in range(60):
        audit_record(action="test.bulk", actor=bulk, details={"n": i})
    first = aclient.get(LIST, {"user": "bulk"})
    assert len(_rows(first)) == 50 and first.context["page_obj"].paginator.count == 60
    second = aclient.get(LIST, {"user": "bulk", "page": 2})
    assert len(_rows(second)) == 10
    assert max(e.seq for e in _rows(second)) < min(e.seq for e in _rows(first))
    assert "user=bulk" in first.content.decode()  # page links keep the filters


@pytest.mark.django_db
def test_detail_shows_details_and_is_audited(aclient, entries, auditor):
    e = entries["grant"]
    resp = aclient.get(reverse("audit:detail", args=[e.pk]))
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "permission.grant" in html and "&quot;role&quot;: &quot;liaison&quot;" in html and e.hash in html
    read = AuditEntry.objects.filter(action="audit.read").latest("seq")
    assert read.actor_id == auditor.pk and read.object_type == "audit.auditentry" and read.object_id == str(e.pk)


@pytest.mark.django_db
def test_unknown_entry_is_404(aclient):
    assert aclient.get(reverse("audit:detail", args=[999999])).status_code == 404


def _restore_triggers():
    from importlib import import_module

    mig = import_module("enlace.audit.migrations.0002_append_only_triggers")
    with connection.schema_editor() as editor:
        mig.backwards(None, editor)
        mig.forwards(None, editor)


@pytest.mark.django_db(transaction=True)
def test_broken_chain_is_shown(client):
    auditor = make_user("auditor", username="aud2")
    entries = [audit_record(action="test.event", actor_label="x", details={"n": i}) for i in range(3)]
    try:
        with connection.cursor() as cur:
            if connection.vendor == "sqlite":
                cur.execute("DROP TRIGGER IF EXISTS audit_no_update")
            else:
                cur.execute("DROP TRIGGER IF EXISTS audit_no_update ON audit_auditentry")
        AuditEntry.objects.filter(pk=entries[1].pk).update(details={"n": 99})
        client.force_login(auditor)
        html = client.get(LIST).content.decode()
        assert "Chain broken" in html and f"#{entries[1].seq}" in html
        assert reverse("audit:detail", args=[entries[1].pk]) in html
    finally:
        _restore_triggers()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["es", "pt-br"])
def test_audit_dates_in_the_language_own_format(aclient, language):
    entry = audit_record(action="test.event", actor_label="x")
    local = timezone.localtime(entry.at)
    for url in (LIST, reverse("audit:detail", args=[entry.pk])):
        page = aclient.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert local.strftime("%d/%m/%Y") in page
        assert local.strftime("%Y-%m-%d %H:%M") not in page
