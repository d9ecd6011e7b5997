"""A record of each demo load: the marker ``enlace demo --once`` looks for."""

from django.db import models


class DemoRun(models.Model):
    seed = models.IntegerField()
    cases_requested = models.PositiveIntegerField()
    cases_loaded = models.PositiveIntegerField(default=0)
    bulk = models.BooleanField(default=False)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"demo seed={self.seed} cases={self.cases_loaded}"
