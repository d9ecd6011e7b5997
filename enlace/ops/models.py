"""Job runs (long work started by a person, with its progress) and the worker's heartbeat."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobKind(models.TextChoices):
    REINDEX = "reindex", _("Rebuild the match index")
    RESOLVE_DATABASE = "resolve_database", _("Find duplicate persons in the whole register")
    STATISTICAL_RELEASE = "statistical_release", _("Statistical release")


# Started from Administration → Jobs; the other kinds are started from their own app's page,
# which decides who may start them (``services.job_queue``).
ADMIN_KINDS = (JobKind.REINDEX, JobKind.RESOLVE_DATABASE)


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for the worker")
    RUNNING = "running", _("Running")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Failed")


class JobRun(models.Model):
    """One run of long work, shown with its progress to the person who started it.

    ``summary`` holds counts only (never names): it is shown on a page and kept. ``parameters``
    are the choices the starter made (a release's k or epsilon), never data.
    """

    kind = models.CharField(max_length=32, choices=JobKind.choices)
    status = models.CharField(max_length=12, choices=JobStatus.choices, default=JobStatus.QUEUED)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    done = models.PositiveBigIntegerField(default=0)
    total = models.PositiveBigIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    summary = models.JSONField(default=dict, blank=True)
    parameters = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["started_by", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} {self.status}"

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)


class WorkerHeartbeat(models.Model):
    """One row per worker cluster, touched every minute by a scheduled job (see ``/healthz``)."""

    name = models.CharField(max_length=100, unique=True)
    at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} {self.at:%Y-%m-%d %H:%M}"
