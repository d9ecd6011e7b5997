"""Persons and the other entities of a case file (organisations, vehicles, bank accounts).

A person is shared: the same individual can appear in several cases, each time in a role
(``cases.CasePerson``). Every identifying field is encrypted at rest, for all persons:
in trafficking a suspect is often a former victim, so the protection cannot depend on a
role that may change. Identifiers used for exact matching carry an HMAC blind index.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from enlace.core.fields import EncryptedTextField
from enlace.core.locking import VersionedModel
from enlace.core.public_ids import PublicIdModel

from .access import PersonQuerySet

# A person in any of these case roles (values of ``cases.vocabulary.ParticipantRole``) is protected:
# shown by pseudonym unless revealed with a reason. It is the persons app's rule, so it lives here,
# below the cases app that names the roles.
PROTECTED_ROLES = frozenset({"presumed_victim", "victim", "witness", "reporting"})

class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")
    OTHER = "X", _("Other")
    UNKNOWN = "U", _("Unknown")


class Person(PublicIdModel, VersionedModel):
    pseudonym = models.CharField(max_length=24, unique=True)
    given_names = EncryptedTextField(_("given names"))
    first_surname = EncryptedTextField(_("first surname"))
    second_surname = EncryptedTextField(_("second surname"))
    married_surname = EncryptedTextField(_("married surname"))
    aliases = EncryptedTextField(_("aliases and nicknames"), help_text=_("One per line."))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    birth_month = models.PositiveSmallIntegerField(_("birth month"), null=True, blank=True)
    birth_day = models.PositiveSmallIntegerField(_("birth day"), null=True, blank=True)
    nationality = models.CharField(_("nationality"), max_length=2, blank=True)
    notes = EncryptedTextField(_("notes"))
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="merged_from")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["pseudonym"]

    def __str__(self) -> str:
        return self.pseudonym

    @property
    def full_name(self) -> str:
        surnames = " ".join(p for p in (self.first_surname, self.second_surname) if p)
        return " ".join(p for p in (self.given_names, surnames) if p).strip()

    @property
    def birth_date_display(self) -> str:
        parts = [f"{self.birth_day:02d}" if self.birth_day else "", f"{self.birth_month:02d}" if self.birth_month else "",
                 str(self.birth_year) if self.birth_year else ""]
        return "/".join(p for p in parts if p)


class DocumentType(models.TextChoices):
    NATIONAL_ID = "national_id", _("National identity card")
    PASSPORT = "passport", _("Passport")
    RESIDENCE = "residence", _("Residence permit")
    DRIVING = "driving", _("Driving licence")
    BIRTH = "birth", _("Birth certificate")
    TAX = "tax", _("Tax number")
    OTHER = "other", _("Other")


class PersonDocument(PublicIdModel, models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="documents")
    doc_type = models.CharField(_("document type"), max_length=20, choices=DocumentType.choices)
    number = EncryptedTextField(_("number"))
    number_raw = EncryptedTextField(_("as written"))
    issuing_country = models.CharField(_("issuing country"), max_length=2, blank=True)
    number_bidx = models.CharField(max_length=32, db_index=True)


class PersonPhone(PublicIdModel, models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="phones")
    raw = EncryptedTextField(_("phone as written"))
    e164 = EncryptedTextField(_("phone (E.164)"))
    e164_bidx = models.CharField(max_length=32, db_index=True, blank=True)


class PersonEmail(PublicIdModel, models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="emails")
    address = EncryptedTextField(_("e-mail"))
    address_bidx = models.CharField(max_length=32, db_index=True)


class PersonAddress(PublicIdModel, models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="addresses")
    text = EncryptedTextField(_("address"))
    country = models.CharField(_("country"), max_length=2, blank=True)
    subdivision = models.CharField(_("department"), max_length=8, blank=True)
    municipality = models.ForeignKey("geo.Municipality", null=True, blank=True, on_delete=models.PROTECT)
    text_bidx = models.CharField(max_length=32, db_index=True, blank=True)


class PersonHandle(PublicIdModel, models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="handles")
    platform = models.CharField(_("platform"), max_length=40)
    handle = EncryptedTextField(_("handle"))
    handle_bidx = models.CharField(max_length=32, db_index=True)


class OrganisationKind(models.TextChoices):
    BUSINESS = "business", _("Business")
    RECRUITMENT = "recruitment", _("Recruitment or employment agency")
    TRANSPORT = "transport", _("Transport company")
    VENUE = "venue", _("Bar, club or venue")
    PUBLIC = "public", _("Public body")
    OTHER = "other", _("Other")


class Organisation(VersionedModel):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices, default=OrganisationKind.BUSINESS)
    country = models.CharField(_("country"), max_length=2, blank=True)
    registration_number = models.CharField(_("registration or tax number"), max_length=60, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class Vehicle(VersionedModel):
    plate = models.CharField(_("plate"), max_length=20)
    plate_key = models.CharField(max_length=20, db_index=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    description = models.CharField(_("make, model, colour"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.plate


class BankAccount(PublicIdModel, VersionedModel):
    bank = models.CharField(_("bank or provider"), max_length=120, blank=True)
    number = EncryptedTextField(_("account number"))
    number_bidx = models.CharField(max_length=32, db_index=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)


class PseudonymCounter(models.Model):
    prefix = models.CharField(max_length=12, primary_key=True)
    last = models.PositiveIntegerField(default=0)
