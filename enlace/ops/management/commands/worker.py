"""``enlace worker``: run the background jobs (django-q2 cluster on the database queue).

Schedules are brought in line with the registry (``enlace.core.jobs``) at every start, and any
schedule already due is queued at once rather than at the scheduler's first turn 30 s later.
TERM or Ctrl-C stops after the running tasks finish.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import connections
from django_q.cluster import Cluster
from django_q.scheduler import scheduler

from enlace.ops.schedules import ensure_schedules


class Command(BaseCommand):
    help = "Run the background job worker (scheduled jobs and long work)."

    def handle(self, *args, **o):
        counts = ensure_schedules()
        self.stdout.write("schedules: {created} created, {updated} updated, {removed} removed".format(**counts))
        scheduler()
        connections.close_all()  # the cluster forks its processes
        self.stdout.flush()
        cluster = Cluster()
        cluster.start()
        if cluster.sentinel is not None:
            cluster.sentinel.join()
