"""The legal elements matrix: national offences as versioned data, and per defendant the link of each
element and aggravation of the offence to the evidence and testimonies that prove it.

Why offences are rows of data and not code: the law changes, each country words the offence its own
way, and a text not yet checked against the official gazette must say so (``verified``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from enlace.core.fields import EncryptedTextField
from enlace.core.locking import VersionedModel
from enlace.core.public_ids import PublicIdModel

from .vocabulary_proceedings import ElementStatus

User = settings.AUTH_USER_MODEL


class Offence(models.Model):
    """One national offence in one version: its elements and aggravations as data (``data/offences.json``)."""

    code = models.CharField(_("code"), max_length=40)
    version = models.CharField(_("version"), max_length=20)
    country = models.CharField(_("country"), max_length=2, db_index=True)
    article = models.CharField(_("article"), max_length=120)
    title = models.CharField(_("title"), max_length=200)
    source = models.CharField(_("source"), max_length=300)
    penalty = models.CharField(_("penalty"), max_length=300, blank=True)
    verified = models.BooleanField(_("checked against the official gazette"), default=False)
    elements = models.JSONField(default=list)  # [{"key", "label", "child_exempt"?}]
    aggravations = models.JSONField(default=list)  # [{"key", "label"}]
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["country", "code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="uniq_offence_code_version")]

    def __str__(self) -> str:
        return f"{self.article} ({self.version})"

    def element_keys(self) -> list[str]:
        return [e["key"] for e in self.elements] + [f"agg:{a['key']}" for a in self.aggravations]

    def label_of(self, key: str) -> str:
        for entry in self.elements:
            if entry["key"] == key:
                return entry["label"]
        for entry in self.aggravations:
            if f"agg:{entry['key']}" == key:
                return entry["label"]
        return key

    def child_exempt(self, key: str) -> bool:
        return any(e["key"] == key and e.get("child_exempt") for e in self.elements)


class ElementLink(PublicIdModel, VersionedModel):
    """One cell row of the matrix: an element (or ``agg:<key>`` aggravation) of an offence for one defendant."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="element_links")
    defendant = models.ForeignKey("cases.CasePerson", on_delete=models.PROTECT, related_name="element_links")
    offence = models.ForeignKey(Offence, on_delete=models.PROTECT, related_name="+")
    element = models.CharField(_("element"), max_length=60)
    status = models.CharField(_("status"), max_length=12, choices=ElementStatus.choices, default=ElementStatus.MISSING)
    note = EncryptedTextField(_("note"))
    evidence = models.ManyToManyField("prosecution.EvidenceItem", blank=True, related_name="element_links",
                                      verbose_name=_("evidence items"))
    testimonies = models.ManyToManyField("cases.CasePerson", blank=True, related_name="testimony_links",
                                         verbose_name=_("testimonies"))
    screening_values = models.JSONField(default=list, blank=True)  # Palermo codes recorded at screening
    updated_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["defendant_id", "offence_id", "id"]
        constraints = [models.UniqueConstraint(fields=["defendant", "offence", "element"], name="uniq_element_link")]

    def __str__(self) -> str:
        return self.element
