"""The case file: references, lifecycle, places and route, persons in roles, notes, tasks,
events, and who may see it (team, participants, supervisors of the lead unit, sharings)."""

from __future__ import annotations

import operator
from functools import reduce
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import connection, models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enlace.accounts.models import TeamMember
from enlace.accounts.roles import Role
from enlace.core.fields import EncryptedTextField
from enlace.core.locking import VersionedModel
from enlace.core.memo import request_memo
from enlace.core.public_ids import PublicIdModel

from .sharing_rules import sharing_conditions
from .vocabulary import (
    CaseStatus,
    EventKind,
    ParticipantRole,
    PlaceKind,
    RecruiterRelation,
    SharingScope,
    StatusDecidedBy,
    TraffickingStatus,
)

if TYPE_CHECKING:
    from enlace.accounts.models import User as AccountUser

User = settings.AUTH_USER_MODEL


def may_work_cases(actor: AccountUser) -> bool:
    """The role gate in front of the need-to-know rule: nobody else sees any case."""
    return actor is not None and actor.is_authenticated and actor.can_work_cases


class CaseQuerySet(models.QuerySet):
    """Cases filtered by the need-to-know rule: the ONE place that writes it.

    A user whose role may work cases sees a case when at least one holds:
      1. they are a member of the case's team (EME);
      2. they are on the case's participants list;
      3. they supervise the case's lead unit;
      4. an active, unexpired sharing, whose agreement is in force, gives the case to one of their institutions.
    Rules 1-3 give full access; a sharing gives its scope (``full`` or ``summary``).
    Everyone else, administrators, auditors and the M&E committee included, sees nothing.
    """

    def visible_to(self, actor: AccountUser, *, full: bool = False, among=None, listing: bool = False) -> CaseQuerySet:
        """Cases the actor may see (any scope; ``full=True``: only with full access), no duplicates.

        ``among``: only these case ids (a page checking a few cases). The rule is the same; the
        sharing branch is narrowed to those ids too, so PostgreSQL does not hash every sharing of a
        liaison's institution (tens of thousands) to answer for three cases.

        ``listing``: the cases of a list page, filtered, ordered and paged; the rule takes the
        shape that serves the actor's reach (``drive_from_reach``). Elsewhere the rule is a
        subquery of another query and keeps the walked shape, one statement with no count first.
        """
        if not may_work_cases(actor):
            return self.none()
        if listing and among is None and drive_from_reach(actor):
            return self.filter(need_to_know_union_q(actor, full=full))
        cases = self.filter(need_to_know_q(actor, full=full, among=among))
        return cases if among is None else cases.filter(pk__in=among)

    def fully_visible_to(self, actor: AccountUser, *, among=None) -> CaseQuerySet:
        return self.visible_to(actor, full=True, among=among)


def active_sharings(actor: AccountUser, *, scope: str | None = None):
    """Sharings in force for the actor's institutions (optionally of one scope)."""
    today = timezone.localdate()
    qs = CaseSharing.objects.filter(institution_id__in=actor.institution_ids, is_active=True).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today)).filter(sharing_conditions())
    return qs.filter(scope=scope) if scope else qs


def need_to_know_branches(actor: AccountUser, *, full: bool, among=None) -> list[Q]:
    """The rule's ways in (numbered as in ``CaseQuerySet``), each a condition on cases.

    Each is a non-correlated ``IN (subquery)`` or a column in a list: evaluated once per query,
    not once per case row. With 100,000 cases a correlated EXISTS per branch cost a full scan
    per list page, and for a user whose institution has many sharings SQLite probed the
    sharings by institution for every case (minutes per page); see docs/benchmarks.md.
    """
    branches = [Q(team_id__in=TeamMember.objects.filter(user=actor).values("team_id")),
                Q(pk__in=CaseParticipant.objects.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()),
                                                        user=actor).values("case_id"))]
    if actor.supervised_unit_ids:
        branches.append(Q(lead_unit_id__in=actor.supervised_unit_ids))
    if actor.institution_ids:
        sharings = active_sharings(actor, scope="full" if full else None)
        if among is not None:
            sharings = sharings.filter(case_id__in=among)
        branches.append(Q(pk__in=sharings.values("case_id")))
    return branches


def need_to_know_q(actor: AccountUser, *, full: bool, among=None) -> Q:
    """The rule as one condition per case row: the ways in, OR-ed.

    The database walks the cases in the list's order (the ``updated_at`` index) and keeps those
    that pass; with a LIMIT it stops at the page. Right for someone who sees a large share of
    the cases (a liaison with 41,000 through sharings); for someone who sees a few thousand it
    walks most of the table before a selective filter fills a page (``drive_from_reach``).
    """
    return reduce(operator.or_, need_to_know_branches(actor, full=full, among=among))


def need_to_know_union_q(actor: AccountUser, *, full: bool) -> Q:
    """The same rule as one ``IN`` over the union of the ways in: the database first collects
    the actor's cases (through the team, unit and sharing indexes), then filters and sorts only
    those. Same answer as ``need_to_know_q``, another plan (``test_access_shapes``)."""
    ids = _ways_in_ids(actor, full=full)
    return Q(pk__in=ids[0].union(*ids[1:], all=True))


def _ways_in_ids(actor: AccountUser, *, full: bool, limit: int | None = None) -> list[models.QuerySet]:
    """Each way in as the ids of its cases (the first ``limit`` of each, when given)."""
    ids = [Case.objects.filter(branch).values("pk").order_by() for branch in need_to_know_branches(actor, full=full)]
    return ids if limit is None else [each[:limit] for each in ids]


# Someone who reaches fewer cases than this is served by collecting their cases first. Walking
# the list's index in order visits about window x total / reach rows to fill a capped count
# (core.paging, 1,000 rows), collecting visits about reach rows: the two meet near
# sqrt(1,000 x total), 10,000 at 100,000 cases, where the measurements of docs/benchmarks.md
# also put the crossing (investigators at 2,500 cases: 3-6 times faster collected; a supervisor
# at 35,000 and a liaison at 41,000: 3-6 times faster walked).
NARROW_REACH = 10_000


def drive_from_reach(actor: AccountUser) -> bool:
    """Whether the actor's cases are few enough to collect before filtering (see ``NARROW_REACH``).

    SQLite always collects: its planner runs the union through the same indexes and was as fast
    or faster for every demo role. PostgreSQL counts the ways in up to the threshold, once per
    request (``request_memo``): the OR-ed form gives its planner nothing to estimate the reach
    from, so it would pick the walk for everyone.
    """
    if connection.vendor == "sqlite":
        return True
    return request_memo(("cases.reach", actor.pk), lambda: _reach_below(actor, NARROW_REACH))


def _reach_below(actor: AccountUser, limit: int) -> bool:
    ids = _ways_in_ids(actor, full=False, limit=limit)
    return ids[0].union(*ids[1:], all=True).count() < limit


class Case(PublicIdModel, VersionedModel):
    # Not a column: set on the cases a list shows (labels of the forms of exploitation).
    form_labels: list[str]

    title = models.CharField(_("title"), max_length=200)
    summary = EncryptedTextField(_("summary"))
    lead_institution = models.ForeignKey("accounts.Institution", on_delete=models.PROTECT, related_name="led_cases")
    lead_unit = models.ForeignKey("accounts.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="led_cases")
    team = models.ForeignKey("accounts.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="cases")
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.REPORTED, db_index=True)
    forms_of_exploitation = models.JSONField(_("forms of exploitation"), default=list, blank=True)
    labour_sectors = models.JSONField(_("labour sectors"), default=list, blank=True)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    is_transnational = models.BooleanField(_("transnational"), default=False, db_index=True)
    reported_on = models.DateField(_("reported on"), null=True, blank=True)
    search_text = models.TextField(blank=True, editable=False)  # title, references, tags: never person data
    organisations = models.ManyToManyField("persons.Organisation", blank=True, related_name="cases")
    vehicles = models.ManyToManyField("persons.Vehicle", blank=True, related_name="cases")
    bank_accounts = models.ManyToManyField("persons.BankAccount", blank=True, related_name="cases")
    created_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["lead_unit", "-updated_at"]), models.Index(fields=["team", "-updated_at"])]

    def __str__(self) -> str:
        return self.title

    def reference_label(self) -> str:
        """How people name the case in a message: its first reference number, else its title."""
        number = self.references.order_by("id").values_list("number", flat=True).first()
        return number or self.title

    @property
    def status_class(self) -> str:
        """The badge class of the status (closed and archived look apart from the open ones)."""
        return {"closed": "badge--status-closed", "archived": "badge--status-archived"}.get(
            self.status, "badge--status-open")


class CaseReference(models.Model):
    """Each institution numbers cases its own way; a case carries one number per institution."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="references")
    institution = models.ForeignKey("accounts.Institution", on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("reference number"), max_length=60)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["institution", "number"], name="uniq_case_reference")]


class CaseStatusChange(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "id"]


class CasePlace(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="places")
    kind = models.CharField(_("kind"), max_length=20, choices=PlaceKind.choices)
    order = models.PositiveSmallIntegerField(default=0)
    country = models.CharField(_("country"), max_length=2)
    subdivision = models.CharField(_("department"), max_length=8, blank=True)
    municipality = models.ForeignKey("geo.Municipality", null=True, blank=True, on_delete=models.PROTECT)
    description = models.CharField(_("description"), max_length=200, blank=True)
    date_from = models.DateField(_("from"), null=True, blank=True)
    date_to = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        ordering = ["order", "id"]
        # The department filter of the case list reads the cases with a place there (index only).
        indexes = [models.Index(fields=["subdivision", "case"], name="cases_place_subdivision")]


class CaseParticipant(models.Model):
    """Users added to one case by name (beyond the team): need-to-know, one case at a time."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="case_participations")
    added_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    # Break-glass access ends by itself: the rule ignores the row after this moment.
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="uniq_case_participant")]


class CaseSharing(models.Model):
    """A case (or a category of its data) shared with another institution.

    ``agreement_id`` names the agreement the sharing rests on, kept by the cooperation app (a
    higher layer, so an opaque id rather than a foreign key): its disclosure policy checks it
    when the sharing is made, and its sharing condition (``sharing_rules``) when it is read.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="sharings")
    institution = models.ForeignKey("accounts.Institution", on_delete=models.PROTECT, related_name="case_sharings")
    scope = models.CharField(max_length=20, choices=SharingScope.choices, default=SharingScope.SUMMARY)
    purpose = models.CharField(_("purpose"), max_length=300)
    agreement_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    valid_until = models.DateField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)


class CasePerson(PublicIdModel, VersionedModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_persons")
    person = models.ForeignKey("persons.Person", on_delete=models.PROTECT, related_name="case_roles")
    role = models.CharField(_("role"), max_length=20, choices=ParticipantRole.choices)
    perpetrator_roles = models.JSONField(_("perpetrator roles"), default=list, blank=True)
    age_at_exploitation = models.PositiveSmallIntegerField(_("age at exploitation"), null=True, blank=True)
    means_of_control = models.JSONField(_("means of control"), default=list, blank=True)
    recruiter_relation = models.CharField(_("relation to recruiter"), max_length=20, choices=RecruiterRelation.choices, blank=True)
    trafficking_status = models.CharField(_("trafficking status"), max_length=20, choices=TraffickingStatus.choices, blank=True)
    status_decided_by = models.CharField(_("status decided by"), max_length=20, choices=StatusDecidedBy.choices, blank=True)
    notes = EncryptedTextField(_("notes"))
    added_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "person", "role"], name="uniq_case_person_role")]


class CaseNote(PublicIdModel, models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    text = EncryptedTextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]


class CaseTask(VersionedModel):
    # Not a column: set on the tasks a page lists (``selectors.overdue``).
    is_overdue: bool

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=200)
    due_on = models.DateField(_("due on"), null=True, blank=True, db_index=True)
    assignee = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="case_tasks")
    # A task for whoever holds this role on the case (team or named participant) when no one is named;
    # both empty: anyone of the case's own team.
    assignee_role = models.CharField(_("role"), max_length=20, blank=True, default="", choices=Role.choices)
    done_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["done_at", "due_on", "id"]


class CaseEvent(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    occurred_on = models.DateField(_("date"))
    description = models.CharField(_("description"), max_length=500)
    created_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["occurred_on", "id"]
