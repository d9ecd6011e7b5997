"""/healthz: ok or not ok for anyone, details only for an administrator; each check can fail it."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone
from django_q.models import OrmQ

from enlace.accounts.tests.factories import make_user
from enlace.audit.models import AuditCheckpoint
from enlace.ops.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


@pytest.fixture
def alive():
    return WorkerHeartbeat.objects.create(name="worker-1", at=timezone.now())


def _get(client=None):
    return (client or Client()).get("/healthz")


def test_anonymous_gets_ok_and_nothing_else_when_all_is_well(alive):
    r = _get()
    assert r.status_code == 200 and r.content == b"ok\n" and r["Content-Type"].startswith("text/plain")
    assert "no-cache" in r["Cache-Control"] or "max-age=0" in r["Cache-Control"]


def test_no_worker_heartbeat_is_not_ok():
    r = _get()
    assert r.status_code == 503 and r.content == b"not ok\n"


def test_an_old_heartbeat_is_not_ok(alive):
    WorkerHeartbeat.objects.filter(pk=alive.pk).update(at=timezone.now() - dt.timedelta(minutes=10))
    assert _get().status_code == 503


def test_a_task_waiting_too_long_is_not_ok(alive):
    OrmQ.objects.create(key="enlace", payload="x", lock=timezone.now() - dt.timedelta(minutes=30))
    assert _get().status_code == 503


def test_a_broken_last_full_audit_walk_is_not_ok(alive):
    AuditCheckpoint.objects.create(seq=3, hash="", verified_at=timezone.now(), ok=False, full=True, checked=2,
                                   problem="hash mismatch")
    assert _get().status_code == 503


def test_administrator_sees_the_details_others_do_not(alive):
    AuditCheckpoint.objects.create(seq=3, hash="", verified_at=timezone.now(), ok=False, full=True, checked=2,
                                   problem="hash mismatch")
    admin, investigator = make_user("sysadmin"), make_user("investigator")
    client = Client()
    client.force_login(admin)
    r = _get(client)
    body = json.loads(r.content)
    assert r.status_code == 503 and body["status"] == "not ok"
    assert body["checks"] == {"database": True, "queue": True, "audit": False}
    assert "#3" in body["details"]["audit"]
    client.force_login(investigator)
    r = _get(client)
    assert r.content == b"not ok\n"
