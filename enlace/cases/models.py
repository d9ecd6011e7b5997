"""The case file: references, lifecycle, places and route, persons in roles, notes, tasks,
events, and who may see it (team, participants, supervisors of the lead unit, sharings)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from enlace.core.fields import EncryptedTextField
from enlace.core.locking import VersionedModel

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

User = settings.AUTH_USER_MODEL


class Case(VersionedModel):
    # Not columns: set on the cases a list shows (badge class, labels of the forms of exploitation).
    status_class: str
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

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["lead_unit", "-updated_at"]), models.Index(fields=["team", "-updated_at"])]

    def __str__(self) -> str:
        return self.title


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


class CaseParticipant(models.Model):
    """Users added to one case by name (beyond the team): need-to-know, one case at a time."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="case_participations")
    added_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="uniq_case_participant")]


class CaseSharing(models.Model):
    """A case (or a category of its data) shared with another institution.

    Agreements (MoUs) plug in through ``agreement_ref``: the cooperation app creates and
    ends sharings under an agreement; the access rule only looks at this table.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="sharings")
    institution = models.ForeignKey("accounts.Institution", on_delete=models.PROTECT, related_name="case_sharings")
    scope = models.CharField(max_length=20, choices=SharingScope.choices, default=SharingScope.SUMMARY)
    purpose = models.CharField(_("purpose"), max_length=300)
    agreement_ref = models.CharField(max_length=60, blank=True)
    valid_until = models.DateField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)


class CasePerson(VersionedModel):
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


class CaseNote(models.Model):
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
