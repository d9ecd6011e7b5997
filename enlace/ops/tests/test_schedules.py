"""The registry becomes stored schedules: idempotent, in the workspace time zone, stale ones removed."""

import datetime as dt
import zoneinfo

import pytest
from django.test import override_settings
from django.utils import timezone
from django_q.models import Schedule

from enlace.core import jobs as registry
from enlace.core.jobs import PREFIX, register_schedule, registered_schedules
from enlace.ops.schedules import ensure_schedules, next_daily_run

pytestmark = pytest.mark.django_db

EXPECTED = {"accounts.clear_lockouts", "accounts.clear_sessions", "audit.anchor", "audit.verify", "cases.expire_sharings",
            "keys.verify", "ops.heartbeat", "referrals.remind"}


def test_every_app_job_is_registered():
    assert EXPECTED <= {job.name for job in registered_schedules()}


def test_ensure_schedules_is_idempotent():
    first = ensure_schedules()
    assert first["created"] == len(registered_schedules())
    assert ensure_schedules() == {"created": 0, "updated": 0, "removed": 0}
    rows = {s.name: s for s in Schedule.objects.all()}
    assert {PREFIX + n for n in EXPECTED} <= set(rows)
    assert rows[PREFIX + "ops.heartbeat"].schedule_type == Schedule.MINUTES
    assert rows[PREFIX + "ops.heartbeat"].minutes == 1


def test_daily_jobs_run_at_their_wall_clock_time_in_the_workspace_zone():
    ensure_schedules()
    remind = Schedule.objects.get(name=PREFIX + "referrals.remind")
    local = remind.next_run.astimezone(zoneinfo.ZoneInfo("America/La_Paz"))
    assert remind.schedule_type == Schedule.DAILY and (local.hour, local.minute) == (7, 0)
    assert remind.next_run > timezone.now()


@override_settings(TIME_ZONE="Europe/Madrid")
def test_another_workspace_zone_moves_the_wall_clock():
    now = dt.datetime(2026, 7, 1, 10, 0, tzinfo=dt.UTC)  # 12:00 in Madrid (summer time)
    run = next_daily_run(dt.time(7, 0), now=now)
    assert run.astimezone(zoneinfo.ZoneInfo("Europe/Madrid")).hour == 7 and run.date() == dt.date(2026, 7, 2)
    assert next_daily_run(dt.time(13, 0), now=now) == dt.datetime(2026, 7, 1, 11, 0, tzinfo=dt.UTC)


def test_a_changed_registration_updates_and_an_unregistered_one_is_removed(monkeypatch):
    ensure_schedules()
    Schedule.objects.create(name=PREFIX + "gone.job", func="enlace.gone.job", schedule_type=Schedule.DAILY)
    Schedule.objects.create(name="made by hand", func="somewhere.job", schedule_type=Schedule.DAILY)
    changed = dict(registry._REGISTRY)
    changed["referrals.remind"] = registry.ScheduledJob(name="referrals.remind", func="enlace.referrals.jobs.remind",
                                                        daily_at=dt.time(9, 30))
    monkeypatch.setattr(registry, "_REGISTRY", changed)
    assert ensure_schedules() == {"created": 0, "updated": 1, "removed": 1}
    remind = Schedule.objects.get(name=PREFIX + "referrals.remind")
    assert timezone.localtime(remind.next_run).time() == dt.time(9, 30)
    assert Schedule.objects.filter(name="made by hand").exists()


def test_registration_is_checked():
    with pytest.raises(ValueError):
        register_schedule("x.bad", "x.y", every_minutes=5, daily_at="01:00")
    with pytest.raises(ValueError):
        register_schedule("referrals.remind", "enlace.referrals.jobs.remind", daily_at="08:00")  # differs
    register_schedule("referrals.remind", "enlace.referrals.jobs.remind", daily_at="07:00")  # same: fine
