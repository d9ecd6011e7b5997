"""National Referral Mechanism: consent, referrals to service providers, the directory of services,
reflection and recovery periods, non-punishment flags, and a small per-user notification list.

A referral's subject is a person (once in a case) or a screening (a frontline officer refers before anyone
opened a case, often anonymously). When a screening becomes a person, its consents and referrals keep the
screening and gain the person, so nothing is lost and nothing is shared twice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from enlace.core.fields import EncryptedTextField
from enlace.core.locking import VersionedModel
from enlace.core.public_ids import PublicIdModel
from enlace.geo.selectors import subdivision_name
from enlace.screening.models import Outcome

# The recipient's work on a referral lives beside (imported here so the app registers its models).
from .models_work import ClosureOutcome, ClosureReason, ReferralMessage, ServicePlanItem  # noqa: F401

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

User = settings.AUTH_USER_MODEL


class Service(models.TextChoices):
    SHELTER = "shelter", _("Shelter")
    MEDICAL = "medical", _("Medical care")
    PSYCHOLOGICAL = "psychological", _("Psychological support")
    LEGAL_AID = "legal_aid", _("Legal aid")
    INTERPRETATION = "interpretation", _("Interpretation")
    RETURN = "return_reintegration", _("Return and reintegration")
    DOCUMENTATION = "documentation", _("Identity documents")
    COMPENSATION = "compensation", _("Compensation claim")


class ConsentPurpose(models.TextChoices):
    """What a consent is for: one of the services, or research use of de-identified data (the only
    purpose under which a person's record may leave the workspace in a case-data-standard export)."""

    SHELTER = Service.SHELTER.value, Service.SHELTER.label
    MEDICAL = Service.MEDICAL.value, Service.MEDICAL.label
    PSYCHOLOGICAL = Service.PSYCHOLOGICAL.value, Service.PSYCHOLOGICAL.label
    LEGAL_AID = Service.LEGAL_AID.value, Service.LEGAL_AID.label
    INTERPRETATION = Service.INTERPRETATION.value, Service.INTERPRETATION.label
    RETURN = Service.RETURN.value, Service.RETURN.label
    DOCUMENTATION = Service.DOCUMENTATION.value, Service.DOCUMENTATION.label
    COMPENSATION = Service.COMPENSATION.value, Service.COMPENSATION.label
    RESEARCH = "research", _("Research use of de-identified data")


class DataCategory(models.TextChoices):
    """What a recipient may see about the person. The pseudonym is always shown; nothing else by default."""

    FIRST_NAME = "first_name", _("First name")
    AGE = "age", _("Age")
    SEX = "sex", _("Sex")
    NATIONALITY = "nationality", _("Nationality")
    LANGUAGE = "language", _("Language spoken")
    NEEDS = "needs", _("Needs")
    CONTACT = "contact", _("How to reach the person")
    SCREENING_OUTCOME = "screening_outcome", _("Screening outcome (presumed or possible victim)")


class ConsentBasis(models.TextChoices):
    CONSENT = "consent", _("Informed consent of the person")
    BEST_INTEREST = "best_interest", _("Child: guardian and best-interest determination")


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    IN_SERVICE = "in_service", _("In service")
    COMPLETED = "completed", _("Completed")
    REVOKED = "revoked", _("Revoked")


OPEN_STATUSES = (ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.IN_SERVICE)
# Who moves a referral where: the recipient answers and reports; the sender (or a consent withdrawal) revokes.
RECIPIENT_TRANSITIONS: dict[str, tuple[str, ...]] = {
    ReferralStatus.SENT: (ReferralStatus.ACCEPTED, ReferralStatus.REJECTED),
    ReferralStatus.ACCEPTED: (ReferralStatus.IN_SERVICE, ReferralStatus.COMPLETED),
    ReferralStatus.IN_SERVICE: (ReferralStatus.COMPLETED,),
}


class Offence(models.TextChoices):
    """Offences a trafficked person may have been compelled to commit (non-punishment principle)."""

    IRREGULAR_STAY = "irregular_entry_or_stay", _("Irregular entry or stay")
    FALSE_DOCUMENTS = "false_documents", _("Use of false documents")
    ILLEGAL_WORK = "illegal_work", _("Work without a permit")
    PROSTITUTION = "prostitution_related", _("Prostitution-related offences")
    DRUGS = "drug_offences", _("Drug cultivation, transport or sale")
    PETTY_CRIME = "theft_or_petty_crime", _("Theft or petty crime")
    BEGGING = "begging", _("Begging")
    ONLINE_FRAUD = "online_fraud", _("Online fraud (scam compounds)")
    OTHER = "other", _("Other")


class ServiceOffer(VersionedModel):
    """An entry of the directory: which organisation offers which service in which department."""

    institution = models.ForeignKey("accounts.Institution", on_delete=models.PROTECT, related_name="service_offers",
                                    verbose_name=_("organisation"))
    service = models.CharField(_("service"), max_length=24, choices=Service.choices, db_index=True)
    country = models.CharField(_("country"), max_length=2)
    subdivision = models.CharField(_("department"), max_length=8, blank=True, db_index=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    capacity_notes = models.CharField(_("capacity"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["subdivision", "service", "institution__name"]

    @property
    def subdivision_label(self) -> str:
        return subdivision_name(self.subdivision) if self.subdivision else ""


class Consent(PublicIdModel, VersionedModel):
    """Agreement to share named categories of data with one organisation for one purpose.

    For a child the record is a guardian's agreement and a best-interest determination instead.
    """

    # Not a column: set on the consents a page lists (``selectors.consent_is_active``).
    active: bool

    person = models.ForeignKey("persons.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="consents")
    screening = models.ForeignKey("screening.Screening", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="consents")
    recipient = models.ForeignKey("accounts.Institution", on_delete=models.PROTECT, related_name="consents_received",
                                  verbose_name=_("shared with"))
    purpose = models.CharField(_("purpose"), max_length=24, choices=ConsentPurpose.choices)
    purpose_note = models.CharField(_("why"), max_length=300, blank=True)
    categories = models.JSONField(_("what is shared"), default=list)
    basis = models.CharField(_("basis"), max_length=16, choices=ConsentBasis.choices, default=ConsentBasis.CONSENT)
    explained_in = models.CharField(_("explained in (language)"), max_length=40, blank=True)
    guardian_name = EncryptedTextField(_("guardian"))
    guardian_relation = models.CharField(_("guardian's relation to the child"), max_length=80, blank=True)
    best_interest_authority = models.CharField(_("best interest determined by"), max_length=200, blank=True)
    best_interest_reference = models.CharField(_("reference of the determination"), max_length=100, blank=True)
    given_on = models.DateField(_("date"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    taken_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    taken_by_institution = models.ForeignKey("accounts.Institution", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    revocation_note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-given_on", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(person__isnull=False) | models.Q(screening__isnull=False),
                                              name="consent_has_subject")]

    @property
    def categories_display(self) -> list[str]:
        return [str(DataCategory(c).label) for c in self.categories if c in DataCategory.values]


class Referral(PublicIdModel, VersionedModel):
    # Not a column: set on the referrals a list shows (``selectors.is_overdue``).
    overdue: bool

    person = models.ForeignKey("persons.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="referrals")
    screening = models.ForeignKey("screening.Screening", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="referrals")
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="referrals")
    service = models.CharField(_("service"), max_length=24, choices=Service.choices)
    recipient = models.ForeignKey("accounts.Institution", on_delete=models.PROTECT, related_name="referrals_received",
                                  verbose_name=_("organisation"))
    offer = models.ForeignKey(ServiceOffer, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals")
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="referrals")
    status = models.CharField(_("status"), max_length=12, choices=ReferralStatus.choices, default=ReferralStatus.SENT,
                              db_index=True)
    needs = EncryptedTextField(_("needs"))
    language = models.CharField(_("language spoken"), max_length=60, blank=True)
    contact = EncryptedTextField(_("how to reach the person"))
    rejection_reason = models.CharField(_("reason"), max_length=500, blank=True)
    # Recorded by the receiving organisation when it closes the service (status completed).
    outcome = models.CharField(_("outcome"), max_length=16, choices=ClosureOutcome.choices, blank=True)
    closure_reason = models.CharField(_("reason for closure"), max_length=24, choices=ClosureReason.choices,
                                      blank=True)
    sent_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="referrals_sent")
    sent_by_institution = models.ForeignKey("accounts.Institution", on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(db_index=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(person__isnull=False) | models.Q(screening__isnull=False),
                                              name="referral_has_subject")]

    @property
    def reference(self) -> str:
        return f"REF-{self.pk:05d}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ReferralStatusChange(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} -> {self.to_status}"

    @property
    def to_status_label(self) -> str:
        return str(ReferralStatus(self.to_status).label) if self.to_status in ReferralStatus.values else self.to_status


class ReferralReminder(models.Model):
    """Recorded by ``enlace referrals remind`` for a referral not answered in time."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="reminders")
    at = models.DateTimeField()
    days_waiting = models.PositiveIntegerField()

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"reminder {self.referral_id} ({self.days_waiting} days)"


class RecoveryPeriod(PublicIdModel, VersionedModel):
    """Reflection and recovery period: time to recover and decide whether to cooperate with the authorities."""

    person = models.ForeignKey("persons.Person", on_delete=models.PROTECT, related_name="recovery_periods")
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    granted_by = models.CharField(_("granted by"), max_length=200, blank=True)
    note = EncryptedTextField(_("note"))
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]


class RecoveryExtension(models.Model):
    period = models.ForeignKey(RecoveryPeriod, on_delete=models.CASCADE, related_name="extensions")
    previous_end = models.DateField()
    new_end = models.DateField(_("new end"))
    reason = models.CharField(_("reason"), max_length=300)
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.previous_end} -> {self.new_end}"


class NonPunishmentFlag(PublicIdModel, models.Model):
    """Offences the person was compelled to commit as a direct consequence of being trafficked."""

    person = models.ForeignKey("persons.Person", on_delete=models.PROTECT, related_name="non_punishment_flags")
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    offences = models.JSONField(_("offences"), default=list)
    note = EncryptedTextField(_("note"))
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return ", ".join(self.offences)

    @property
    def offences_display(self) -> list[str]:
        return [str(Offence(o).label) for o in self.offences if o in Offence.values]


class NotificationKind(models.TextChoices):
    SCREENING_HANDED_OVER = "screening_handed_over", _("Screening handed to your team")
    SCREENING_CONVERTED = "screening_converted", _("Screening added to a case")
    SCREENING_TAKEN_UP = "screening_taken_up", _("Your screening was taken up")
    REFERRAL_RECEIVED = "referral_received", _("New referral")
    REFERRAL_ANSWERED = "referral_answered", _("Referral answered")
    REFERRAL_REVOKED = "referral_revoked", _("Referral revoked")
    REFERRAL_OVERDUE = "referral_overdue", _("Referral not answered")
    AUDIT_CHAIN_BROKEN = "audit_chain_broken", _("Audit chain broken")
    ACCESS_REQUESTED = "access_requested", _("Access request to decide")
    ACCESS_DECIDED = "access_decided", _("Access request decided")
    BREAK_GLASS = "break_glass", _("Emergency access used")
    STAGE_DEADLINE = "stage_deadline", _("Procedural time limit running out")
    HITS_FOUND = "hits_found", _("Possible matches found")
    REFERRAL_MESSAGE = "referral_message", _("New message on a referral")


class Notification(models.Model):
    """A line on someone's home page. Holds codes and pseudonyms only, never names or free text."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=32, choices=NotificationKind.choices)
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at", "-created_at"])]

    def __str__(self) -> str:
        return self.kind

    @property
    def text(self) -> str:
        """The message in the reader's language, rendered now from codes (so it follows the language switch)."""
        params = dict(self.params)
        for name, choices in (("service", Service), ("status", ReferralStatus)):
            if params.get(name) in choices.values:
                params[name] = choices(params[name]).label
        if params.get("outcome"):

            if params["outcome"] in Outcome.values:
                params["outcome"] = Outcome(params["outcome"]).label
        if "case_id" in params:  # notices written before they named the case by its reference
            params.setdefault("case", f"#{params['case_id']}")
        template = NOTIFICATION_TEXT.get(self.kind)
        if self.kind == NotificationKind.REFERRAL_OVERDUE and "references" in params:
            template = OVERDUE_DIGEST_TEXT
        if template is None:
            return str(NotificationKind(self.kind).label) if self.kind in NotificationKind.values else self.kind
        try:
            return str(template) % params
        except (KeyError, TypeError, ValueError):
            return str(NotificationKind(self.kind).label)


# The daily digest of referrals waiting for an answer (one line per user, not one per referral).
OVERDUE_DIGEST_TEXT = _("Waiting for an answer beyond the reminder period: %(references)s.")
NOTIFICATION_TEXT: dict[str, StrOrPromise] = {
    NotificationKind.ACCESS_REQUESTED: _("A grant of access (%(kind)s) asked by %(requester)s waits for your "
                                         "decision."),
    NotificationKind.ACCESS_DECIDED: _("Your request for a grant of access (%(kind)s) was %(status)s by "
                                       "%(decider)s."),
    NotificationKind.BREAK_GLASS: _("Emergency access (break-glass): %(user)s was given case %(case)s until "
                                    "%(until)s without a second person's approval. Check the reason in the audit log."),
    NotificationKind.STAGE_DEADLINE: _("Case %(case)s, defendant %(defendant)s: the time limit of the stage "
                                       "\"%(stage)s\" runs out on %(deadline)s."),
    NotificationKind.AUDIT_CHAIN_BROKEN: _("The nightly verification found the audit log altered or damaged at entry "
                                           "#%(seq)s. Open the audit log and report it."),
    NotificationKind.SCREENING_HANDED_OVER: _("Screening %(pseudonym)s (%(outcome)s) was handed to your team %(team)s."),
    NotificationKind.SCREENING_CONVERTED: _("Screening %(pseudonym)s is now person %(person)s in case %(case)s: "
                                            "a review task was added to the case."),
    NotificationKind.SCREENING_TAKEN_UP: _("Your screening %(pseudonym)s was taken up by the specialised team."),
    NotificationKind.HITS_FOUND: _("Person %(pseudonym)s, just added to case %(case)s, has possible matches in "
                                   "other cases: see the case's links."),
    NotificationKind.REFERRAL_RECEIVED: _("New referral %(reference)s for %(service)s."),
    NotificationKind.REFERRAL_ANSWERED: _("Referral %(reference)s (%(service)s) is now: %(status)s."),
    NotificationKind.REFERRAL_REVOKED: _("Referral %(reference)s was revoked (consent withdrawn or referral "
                                         "cancelled): stop using the data it shared."),
    NotificationKind.REFERRAL_MESSAGE: _("New message on referral %(reference)s (%(service)s)."),
    NotificationKind.REFERRAL_OVERDUE: _("Referral %(reference)s (%(service)s) has not been answered for %(days)s "
                                         "days."),
}


def register_notification_text(kind: str, template: StrOrPromise) -> None:
    """A notification kind of a higher app and its text (``%(name)s`` from params: codes only).

    Why here: the notification line is rendered by this app in the reader's language; an app
    above (special techniques' expiry alerts) sends its own kinds without this app knowing it.
    """
    NOTIFICATION_TEXT[kind] = template
