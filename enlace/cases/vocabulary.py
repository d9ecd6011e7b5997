"""Controlled vocabularies of the field, kept as data with their source.

Source: IOM Human Trafficking Case Data Standard (HTCDS 2.0) and the CTDC data standard,
as summarised in shared/domain.md. Codes are stable; labels are translatable.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

SOURCE = "IOM HTCDS 2.0 / CTDC data standard"


class CaseStatus(models.TextChoices):
    REPORTED = "reported", _("Reported")
    IDENTIFICATION = "identification", _("Identification")
    INVESTIGATION = "investigation", _("Investigation")
    PROSECUTION = "prosecution", _("Prosecution")
    TRIAL = "trial", _("Trial")
    JUDGMENT = "judgment", _("Judgment")
    CLOSED = "closed", _("Closed")
    ARCHIVED = "archived", _("Archived")


# The lifecycle: which status may follow which. Closing/archiving is possible from any
# open stage (e.g. a case dismissed during investigation); reopening goes back to investigation.
STATUS_TRANSITIONS: dict[str, tuple[str, ...]] = {
    "reported": ("identification", "investigation", "closed"),
    "identification": ("investigation", "closed"),
    "investigation": ("prosecution", "closed", "archived"),
    "prosecution": ("trial", "investigation", "closed", "archived"),
    "trial": ("judgment", "closed"),
    "judgment": ("closed",),
    "closed": ("archived", "investigation"),
    "archived": ("investigation",),
}


class ExploitationForm(models.TextChoices):
    FORCED_LABOUR = "forced_labour", _("Forced labour")
    SEXUAL = "sexual", _("Sexual exploitation")
    CHILD_LABOUR = "child_labour", _("Child labour")
    FORCED_MARRIAGE = "forced_marriage", _("Forced marriage")
    SERVITUDE = "servitude", _("Servitude (incl. domestic servitude)")
    MILITARY = "military", _("Forced military service by non-state actors")
    ORGANS = "organs", _("Organ removal")
    BEGGING = "begging", _("Forced begging")
    ADOPTION = "adoption", _("Forced or illegal adoption")
    SURROGACY = "surrogacy", _("Surrogacy")
    CRIMINALITY = "criminality", _("Forced criminality (incl. online scam compounds)")
    OTHER = "other", _("Other")


class LabourSector(models.TextChoices):
    AGRICULTURE = "agriculture", _("Agriculture")
    FISHING = "fishing", _("Fishing and aquafarming")
    MARINE = "marine", _("Marine transport")
    MINING = "mining", _("Mining")
    CONSTRUCTION = "construction", _("Construction")
    MANUFACTURING = "manufacturing", _("Manufacturing (incl. textiles)")
    DOMESTIC = "domestic", _("Domestic work")
    HOSPITALITY = "hospitality", _("Hospitality")
    BEGGING = "begging", _("Begging")
    PEDDLING = "peddling", _("Peddling")
    ILLICIT = "illicit", _("Illicit activities")
    TRANSPORTATION = "transportation", _("Transportation")
    OTHER = "other", _("Other")


class MeansOfControl(models.TextChoices):
    DEBT = "debt_bondage", _("Debt bondage")
    EARNINGS = "takes_earnings", _("Takes earnings")
    FINANCIAL = "restricts_financial", _("Restricts financial access")
    THREATS = "threats", _("Threats")
    PSYCHOLOGICAL = "psychological", _("Psychological abuse")
    PHYSICAL = "physical", _("Physical abuse")
    SEXUAL = "sexual", _("Sexual abuse")
    PROMISES = "false_promises", _("False promises")
    SUBSTANCES = "substances", _("Psychoactive substances")
    MOVEMENT = "restricts_movement", _("Restricts movement")
    MEDICAL = "restricts_medical", _("Restricts medical care")
    HOURS = "excessive_hours", _("Excessive working hours")
    CHILDREN = "uses_children", _("Uses children")
    LAW = "law_enforcement_threat", _("Threat of law enforcement")
    NECESSITIES = "withholds_necessities", _("Withholds necessities")
    DOCUMENTS = "withholds_documents", _("Withholds documents")


class RecruiterRelation(models.TextChoices):
    PARTNER = "intimate_partner", _("Intimate partner")
    FRIEND = "friend", _("Friend")
    FAMILY = "family", _("Family")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class PerpetratorRole(models.TextChoices):
    RECRUITER = "recruiter", _("Recruiter or intermediary")
    TRANSPORTER = "transporter", _("Transporter")
    EXPLOITER = "exploiter", _("Exploiter")
    SMUGGLER = "smuggler", _("Smuggler")
    FINANCIER = "financier", _("Financier")
    FORGER = "forger", _("Document forger")
    OFFICIAL = "corrupt_official", _("Corrupt official")


class TraffickingStatus(models.TextChoices):
    POSSIBLE = "possible", _("Possible victim")
    ACTUAL = "actual", _("Victim (identified)")
    NOT_VICTIM = "not_victim", _("Not a victim")


class StatusDecidedBy(models.TextChoices):
    POLICE = "police", _("Police")
    NGO = "ngo", _("NGO")
    COURT = "court", _("Court or prosecution")
    GOVERNMENT = "government", _("Other government body")


class ParticipantRole(models.TextChoices):
    PRESUMED_VICTIM = "presumed_victim", _("Presumed victim")
    VICTIM = "victim", _("Victim")
    SUSPECT = "suspect", _("Suspect")
    DEFENDANT = "defendant", _("Defendant")
    WITNESS = "witness", _("Witness")
    REPORTING = "reporting", _("Reporting person")
    OTHER = "other", _("Other")


PSEUDONYM_PREFIX = {"presumed_victim": "V", "victim": "V", "witness": "W", "reporting": "R",
                    "suspect": "S", "defendant": "S", "other": "P"}


class PlaceKind(models.TextChoices):
    ORIGIN = "origin", _("Origin")
    RECRUITMENT = "recruitment", _("Recruitment")
    TRANSIT = "transit", _("Transit")
    DESTINATION = "destination", _("Destination")
    EXPLOITATION = "exploitation", _("Exploitation")


class EventKind(models.TextChoices):
    REPORT = "report", _("Report received")
    OPERATION = "operation", _("Operation or raid")
    RESCUE = "rescue", _("Rescue")
    ARREST = "arrest", _("Arrest")
    INTERVIEW = "interview", _("Interview")
    HEARING = "hearing", _("Hearing")
    CHARGE = "charge", _("Charges filed")
    JUDGMENT = "judgment", _("Judgment")
    OTHER = "other", _("Other")


class SharingScope(models.TextChoices):
    FULL = "full", _("Full case file")
    SUMMARY = "summary", _("Summary without persons")
