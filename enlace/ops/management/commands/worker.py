"""``enlace worker``: run the background jobs (django-q2 cluster on the database queue).

Schedules are brought in line with the registry (``enlace.core.jobs``) at every start, and any
schedule already due is queued at once rather than at the scheduler's first turn 30 s later.
TERM or Ctrl-C stops after the running tasks finish.
"""

from __future__ import annotations

import time

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
        cluster = Cluster()  # handles TERM and INT itself: stops the sentinel and joins it
        cluster.start()
        # Poll, never join: a signal arriving inside join() would make the handler's own join deadlock.
        while cluster.sentinel is not None and cluster.sentinel.is_alive():
            time.sleep(0.5)
