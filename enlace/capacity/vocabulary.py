"""Closed vocabularies of the capacity app: competencies, providers, modalities, statuses.

Why choices and not rows: coverage is computed per competency, and a report that compares two
years must name the same competencies; adding one is a reviewed code change with translations.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Competency(models.TextChoices):
    TIP_INVESTIGATION = "tip_investigation", _("Trafficking investigation")
    VICTIM_INTERVIEWING = "victim_interviewing", _("Victim-centred interviewing")
    FINANCIAL_INVESTIGATION = "financial_investigation", _("Financial investigation")
    INTERNATIONAL_COOPERATION = "international_cooperation", _("International cooperation")
    VICTIM_IDENTIFICATION = "victim_identification", _("Victim identification and referral")
    PROSECUTION = "prosecution", _("Prosecution of trafficking cases")
    SMUGGLING_DISTINCTION = "smuggling_distinction", _("Trafficking and migrant smuggling told apart")


class Provider(models.TextChoices):
    UNODC = "unodc", "UNODC"
    IOM = "iom", _("IOM")
    INTERPOL = "interpol", "INTERPOL"
    ILANUD = "ilanud", "ILANUD"
    NATIONAL_SCHOOL = "national_school", _("National school (police or prosecution)")
    OTHER = "other", _("Other")


class Modality(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    BLENDED = "blended", _("Blended")


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Open for answers")
    CLOSED = "closed", _("Closed")


class Quadrant(models.TextChoices):
    STRENGTH = "S", _("Strength")
    WEAKNESS = "W", _("Weakness")
    OPPORTUNITY = "O", _("Opportunity")
    THREAT = "T", _("Threat")


class ItemOrigin(models.TextChoices):
    SCORES = "scores", _("From the answers")
    WORKSHOP = "workshop", _("Added in the workshop")


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_ACTION_STATUSES = frozenset({ActionStatus.PLANNED, ActionStatus.IN_PROGRESS})
