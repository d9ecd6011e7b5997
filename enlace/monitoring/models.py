"""Population figures (for rates), the privacy budget of the victim data, and stored releases."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from enlace.accounts.models import User


class PopulationFigure(models.Model):
    """Resident population of the country by year, sex and UNODC age group, with its source:
    the denominator of SDG 16.2.2 (victims per 100,000). Loaded from a data file."""

    country = models.CharField(max_length=2)
    year = models.PositiveSmallIntegerField()
    sex = models.CharField(max_length=1)  # F, M; "T" both
    age_group = models.CharField(max_length=8)  # child, adult, total
    value = models.PositiveBigIntegerField()
    source = models.CharField(_("source"), max_length=300)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["country", "year", "sex", "age_group"],
                                               name="monitoring_population_unique")]
        ordering = ["country", "year", "sex", "age_group"]


class ReleaseKind(models.TextChoices):
    K_ANONYMOUS = "k-anon", _("k-anonymised victim records")
    DIFFERENTIAL = "dp", _("Differentially private counts")
    HTCDS = "htcds", _("Case data standard (HTCDS), research consent only")


class PrivacyBudget(models.Model):
    """The privacy-loss budget of the workspace's victim data: every differentially private release
    spends part of it; a release that would exceed it is refused. One row per data set."""

    key = models.CharField(max_length=40, unique=True)
    total_epsilon = models.DecimalField(max_digits=8, decimal_places=4)
    spent_epsilon = models.DecimalField(max_digits=8, decimal_places=4, default=Decimal("0"))
    total_delta = models.DecimalField(max_digits=12, decimal_places=10, default=Decimal("0"))
    spent_delta = models.DecimalField(max_digits=12, decimal_places=10, default=Decimal("0"))

    @property
    def remaining_epsilon(self) -> Decimal:
        return self.total_epsilon - self.spent_epsilon


class Release(models.Model):
    """A release made once, stored with its parameters, downloaded again but never re-run."""

    kind = models.CharField(_("kind"), max_length=10, choices=ReleaseKind.choices)
    parameters = models.JSONField(default=dict)
    report = models.JSONField(default=dict)  # what was generalised, suppressed; the accuracy of each figure
    content = models.TextField()  # the CSV as released
    epsilon = models.DecimalField(max_digits=8, decimal_places=4, null=True, blank=True)
    delta = models.DecimalField(max_digits=12, decimal_places=10, null=True, blank=True)
    records = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    @property
    def filename(self) -> str:
        return f"release-{self.pk}-{self.kind}.csv"


class FigureSnapshot(models.Model):
    """The dashboard's counts (before suppression) for one scope and year, as the job worker last
    computed them: the pages read these instead of counting a large workspace on every request."""

    scope_key = models.CharField(max_length=400)  # "all", or "units:" and the supervised unit ids
    year = models.PositiveSmallIntegerField()
    data = models.JSONField(default=dict)
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope_key", "year"], name="monitoring_figures_unique")]
