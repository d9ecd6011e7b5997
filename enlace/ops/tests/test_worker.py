"""A scheduled job really runs in ``enlace worker``, another process, and its effect is in the database."""

from __future__ import annotations

import sqlite3

import pytest

from enlace.ops.tests.subprocess_env import enlace, file_db_env, run_python, stop, wait_until

SEED = """
import datetime as dt
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.utils import timezone
from django_q.models import Schedule
from enlace.accounts.tests.factories import InstitutionFactory
from enlace.cases.tests.factories import make_case_world
from enlace.ops.schedules import ensure_schedules
from enlace.referrals import services
from enlace.referrals.models import Referral
from enlace.referrals.tests.factories import give_consent, make_provider, make_screener, screened
from enlace.cases.tests.factories import share_case

world = make_case_world()
screener = make_screener(world)
s = screened(screener)
provider, ngo = make_provider()
give_consent(screener, screening=s, recipient=ngo)
referral = services.referral_create(actor=screener, screening=s, service="shelter", recipient=ngo)
Referral.objects.filter(pk=referral.pk).update(sent_at=timezone.now() - dt.timedelta(days=5))
sharing = share_case(actor=world["investigator"], case=world["case"], institution=InstitutionFactory(),
                              scope="summary", purpose="Joint operation",
                              valid_until=timezone.localdate() - dt.timedelta(days=2))
ensure_schedules()
# The night has come: both daily jobs are due (their wall-clock time is kept, the date is yesterday).
for name in ("enlace:referrals.remind", "enlace:cases.expire_sharings"):
    row = Schedule.objects.get(name=name)
    Schedule.objects.filter(pk=row.pk).update(next_run=row.next_run - dt.timedelta(days=2))
print(referral.pk, sharing.pk, provider.pk)
"""


@pytest.mark.slow
def test_worker_runs_due_schedules_reminder_and_sharing_expiry(tmp_path):
    env = file_db_env(tmp_path, "enlace.config.settings.test", ENLACE_WORKER_PROCESSES="1")
    referral_id, sharing_id, provider_id = map(int, run_python(SEED, env).split())
    db = sqlite3.connect(tmp_path / "db.sqlite3", timeout=20)

    def scalar(sql, *args):
        return db.execute(sql, args).fetchone()[0]

    assert scalar("SELECT count(*) FROM referrals_referralreminder") == 0
    worker = enlace(["worker"], env, tmp_path / "worker.log")
    try:
        done = wait_until(lambda: scalar("SELECT count(*) FROM referrals_referralreminder") > 0
                          and scalar("SELECT is_active FROM cases_casesharing WHERE id = ?", sharing_id) == 0
                          and scalar("SELECT count(*) FROM ops_workerheartbeat") > 0,
                          timeout=60)
    finally:
        stop(worker)
    log = (tmp_path / "worker.log").read_text()
    assert done, log[-3000:]
    assert scalar("SELECT referral_id FROM referrals_referralreminder") == referral_id
    assert scalar("SELECT count(*) FROM referrals_notification WHERE kind = 'referral_overdue' AND user_id = ?",
                  provider_id) == 1
    assert scalar("SELECT count(*) FROM audit_auditentry WHERE action = 'referral.remind'") == 1
    # The worker, not this test, ran them: django-q2 recorded each as a successful task.
    funcs = {row[0] for row in db.execute("SELECT func FROM django_q_task WHERE success")}
    assert {"enlace.referrals.jobs.remind", "enlace.cases.jobs.expire_sharings"} <= funcs
    assert scalar("SELECT count(*) FROM ops_workerheartbeat") == 1
    db.close()
