"""Stored schedules kept in line with the registry of scheduled jobs (``enlace.core.jobs``).

Why here and not in the registry: apps register from ``AppConfig.ready()`` modules imported
before any model is loaded, so the registry cannot import django-q2's models; this module can.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django_q.models import Schedule

from enlace.core.jobs import PREFIX, ScheduledJob, registered_schedules


def next_daily_run(at: dt.time, *, now: dt.datetime | None = None) -> dt.datetime:
    """The next moment the wall clock of the workspace time zone shows ``at``."""
    local_now = timezone.localtime(now or timezone.now())
    candidate = local_now.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
    if candidate <= local_now:
        candidate = timezone.make_aware(
            dt.datetime.combine(candidate.date() + dt.timedelta(days=1), at), local_now.tzinfo)
    return candidate


def _wanted(job: ScheduledJob) -> dict:
    if job.every_minutes is not None:
        return {"func": job.func, "schedule_type": "I", "minutes": job.every_minutes}
    return {"func": job.func, "schedule_type": "D", "minutes": None}


@transaction.atomic
def ensure_schedules() -> dict[str, int]:
    """Make the stored schedules match the registry; safe to run any number of times."""
    created = updated = 0
    registered = registered_schedules()
    for job in registered:
        wanted = _wanted(job)
        first_run = next_daily_run(job.daily_at) if job.daily_at else timezone.now()
        row = Schedule.objects.filter(name=job.schedule_name).first()
        if row is None:
            Schedule.objects.create(name=job.schedule_name, repeats=-1, next_run=first_run, **wanted)
            created += 1
            continue
        moved = job.daily_at is not None and _local_hm(row.next_run) != (job.daily_at.hour, job.daily_at.minute)
        if moved or any(getattr(row, k) != v for k, v in wanted.items()) or row.repeats != -1:
            for key, value in wanted.items():
                setattr(row, key, value)
            row.repeats = -1
            if moved:
                row.next_run = first_run
            row.save()
            updated += 1
    names = {job.schedule_name for job in registered}
    removed, _ = Schedule.objects.filter(name__startswith=PREFIX).exclude(name__in=names).delete()
    return {"created": created, "updated": updated, "removed": removed}


def _local_hm(moment: dt.datetime | None) -> tuple[int, int] | None:
    if moment is None:
        return None
    local = timezone.localtime(moment)
    return local.hour, local.minute
