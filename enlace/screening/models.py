"""Screenings recorded in the field and the instrument versions they were scored with.

Why the instrument is a database row even for the built-in lists: a screening must be explainable years
later with exactly the list that scored it. A row per (key, version) is never edited once used (the foreign
keys below PROTECT it); a national variant or a corrected list is a new row with a new version.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enlace.cases.vocabulary import ExploitationForm
from enlace.core.fields import EncryptedTextField
from enlace.core.locking import VersionedModel
from enlace.core.public_ids import PublicIdModel
from enlace.geo.selectors import subdivision_name
from enlace.persons.models import Sex

User = settings.AUTH_USER_MODEL


class Exploitation(models.TextChoices):
    LABOUR = "labour", _("Labour exploitation")
    SEXUAL = "sexual", _("Sexual exploitation")


class Population(models.TextChoices):
    ADULT = "adult", _("Adults")
    CHILD = "child", _("Children")


class ScreeningStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    COMPLETED = "completed", _("Completed")


class Outcome(models.TextChoices):
    PRESUMED = "presumed_victim", _("Presumed victim")
    POSSIBLE = "possible_victim", _("Possible victim: inquire further")
    NONE = "no_indicators", _("No indicators recorded")


# The Palermo Protocol (art. 3) elements an officer may observe, independent of the indicator lists.
class PalermoAct(models.TextChoices):
    RECRUITMENT = "recruitment", _("Recruitment")
    TRANSPORTATION = "transportation", _("Transportation")
    TRANSFER = "transfer", _("Transfer")
    HARBOURING = "harbouring", _("Harbouring")
    RECEIPT = "receipt", _("Receipt of persons")


class PalermoMeans(models.TextChoices):
    FORCE = "threat_or_force", _("Threat or use of force")
    COERCION = "coercion", _("Other forms of coercion")
    ABDUCTION = "abduction", _("Abduction")
    FRAUD = "fraud", _("Fraud")
    DECEPTION = "deception", _("Deception")
    POWER = "abuse_of_power", _("Abuse of power")
    VULNERABILITY = "abuse_of_vulnerability", _("Abuse of a position of vulnerability")
    PAYMENTS = "payments", _("Payments or benefits to a person having control over another")


class PalermoPurpose(models.TextChoices):
    SEXUAL = "sexual_exploitation", _("Prostitution of others or other sexual exploitation")
    LABOUR = "forced_labour", _("Forced labour or services")
    SLAVERY = "slavery", _("Slavery or practices similar to slavery")
    SERVITUDE = "servitude", _("Servitude")
    ORGANS = "organ_removal", _("Removal of organs")


class InstrumentVersion(models.Model):
    """One version of one indicator list: a built-in ILO/EC list or a national variant, as JSON data."""

    key = models.CharField(_("key"), max_length=80)
    version = models.CharField(_("version"), max_length=20)
    population = models.CharField(_("population"), max_length=8, choices=Population.choices)
    exploitation = models.CharField(_("exploitation"), max_length=8, choices=Exploitation.choices)
    country = models.CharField(_("country"), max_length=2, blank=True)  # blank: the international list
    based_on = models.CharField(_("based on"), max_length=80, blank=True)
    data = models.JSONField(_("instrument (JSON)"))
    is_builtin = models.BooleanField(default=False)
    is_active = models.BooleanField(_("active"), default=True)
    added_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["population", "exploitation", "country", "key", "-added_at"]
        constraints = [models.UniqueConstraint(fields=["key", "version"], name="uniq_instrument_key_version")]

    def __str__(self) -> str:
        return f"{self.key} {self.version}"

    @property
    def label(self) -> str:
        return f"{self.key}@{self.version}"


class Screening(PublicIdModel, VersionedModel):
    """One screening interview. Identity is optional (anonymous mode keeps only the pseudonym)."""

    pseudonym = models.CharField(max_length=24, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=ScreeningStatus.choices,
                              default=ScreeningStatus.DRAFT, db_index=True)
    screened_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="screenings")
    institution = models.ForeignKey("accounts.Institution", on_delete=models.PROTECT, related_name="screenings")
    unit = models.ForeignKey("accounts.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="screenings")
    screened_on = models.DateField(_("date"), default=timezone.localdate)
    country = models.CharField(_("country"), max_length=2)
    subdivision = models.CharField(_("department"), max_length=8, blank=True)
    municipality = models.ForeignKey("geo.Municipality", null=True, blank=True, on_delete=models.PROTECT,
                                     verbose_name=_("municipality"))
    place_description = models.CharField(_("place"), max_length=200, blank=True)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    given_names = EncryptedTextField(_("given names"))
    first_surname = EncryptedTextField(_("first surname"))
    second_surname = EncryptedTextField(_("second surname"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    nationality = models.CharField(_("nationality"), max_length=2, blank=True)
    exploitation = models.CharField(_("type of exploitation"), max_length=8, choices=Exploitation.choices)
    age_at_exploitation = models.PositiveSmallIntegerField(_("age at the time of exploitation"), null=True, blank=True)
    adult_instrument = models.ForeignKey(InstrumentVersion, null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="+")
    child_instrument = models.ForeignKey(InstrumentVersion, null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="+")
    answers = models.JSONField(default=list, blank=True)  # indicator keys answered "yes"
    steps_done = models.JSONField(default=list, blank=True)  # steps saved at least once
    palermo_acts = models.JSONField(default=list, blank=True)
    palermo_means = models.JSONField(default=list, blank=True)
    palermo_purposes = models.JSONField(default=list, blank=True)
    forms_of_exploitation = models.JSONField(default=list, blank=True)
    observations = EncryptedTextField(_("observations"))
    result = models.JSONField(null=True, blank=True)  # ScreeningAssessment.to_dict()
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True, db_index=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    handed_to_team = models.ForeignKey("accounts.Team", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="screenings")
    handed_at = models.DateTimeField(null=True, blank=True)
    person = models.ForeignKey("persons.Person", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="screenings")
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="screenings")
    converted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    converted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # A draft written offline carries a random token from the device: the same draft sent twice
    # finds its screening instead of making a second one. The digest (a keyed hash of what was sent)
    # tells a repeat from a different draft under a used token (a conflict).
    client_token = models.CharField(max_length=64, blank=True, default="")
    client_digest = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["screened_by", "-updated_at"]), models.Index(fields=["unit", "-updated_at"])]
        constraints = [models.UniqueConstraint(fields=["screened_by", "client_token"], condition=~models.Q(client_token=""),
                                               name="screening_one_per_device_token")]

    def __str__(self) -> str:
        return self.pseudonym

    @property
    def subdivision_label(self) -> str:
        """The department by name, never its ISO code, where a page shows where the screening was."""
        return subdivision_name(self.subdivision)

    @property
    def is_draft(self) -> bool:
        return self.status == ScreeningStatus.DRAFT

    @property
    def is_converted(self) -> bool:
        return self.person_id is not None

    @property
    def may_be_victim(self) -> bool:
        return self.outcome in (Outcome.PRESUMED, Outcome.POSSIBLE)

    @property
    def instrument_labels(self) -> list[str]:
        """``key@version`` of each list the screening is (or will be) scored with."""
        return [i.label for i in (self.adult_instrument, self.child_instrument) if i is not None]

    @property
    def elements_display(self) -> list[tuple[str, list[str]]]:
        """(heading, labels) for the Palermo elements and forms of exploitation recorded."""
        def labels(values: list[str], choices: type[models.TextChoices]) -> list[str]:
            return [str(choices(v).label) for v in values if v in choices.values]

        return [(str(_("Act")), labels(self.palermo_acts, PalermoAct)),
                (str(_("Means")), labels(self.palermo_means, PalermoMeans)),
                (str(_("Purpose")), labels(self.palermo_purposes, PalermoPurpose)),
                (str(_("Forms of exploitation")), labels(self.forms_of_exploitation, ExploitationForm))]
