"""Forms for a person's identity. They turn what an officer typed into ``PersonInput``;
the services validate and save it (atomically, with the identifiers' blind indexes)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.validators import validate_email
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from enlace.core.formfields import form_field
from enlace.geo.selectors import country_choices

from .models import DocumentType, Sex
from .services import PersonChanges, PersonInput, phone_line_errors

NONE_CHOSEN = [("", "—")]
MONTHS = [(str(i), str(i)) for i in range(1, 13)]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class PersonCoreForm(forms.Form):
    """Names, sex, partial birth date and nationality: shared by "new person" and "edit"."""

    given_names = forms.CharField(label=_("Given names"), max_length=200, required=False)
    first_surname = forms.CharField(label=_("First surname"), max_length=100, required=False)
    second_surname = forms.CharField(label=_("Second surname"), max_length=100, required=False)
    married_surname = forms.CharField(label=_("Married surname"), max_length=100, required=False,
                                      widget=forms.TextInput(attrs={"placeholder": _("For example: de Mamani")}))
    aliases = forms.CharField(label=_("Aliases and nicknames"), required=False, max_length=2000,
                              help_text=_("One per line."), widget=forms.Textarea(attrs={"rows": 3}))
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    birth_day = forms.IntegerField(label=_("Day"), required=False, min_value=1, max_value=31,
                                   widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    birth_month = forms.IntegerField(label=_("Month"), required=False, min_value=1, max_value=12,
                                     widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    birth_year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2100,
                                    widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    nationality = forms.ChoiceField(label=_("Nationality"), required=False)

    BIRTH_FIELDS = ("birth_day", "birth_month", "birth_year")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "nationality", forms.ChoiceField).choices = NONE_CHOSEN + country_choices()

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("birth_day") and not data.get("birth_month"):
            self.add_error("birth_month", _("A day needs a month."))
        return data

    def core_values(self) -> dict:
        d = self.cleaned_data
        return {
            "given_names": d["given_names"].strip(), "first_surname": d["first_surname"].strip(),
            "second_surname": d["second_surname"].strip(), "married_surname": d["married_surname"].strip(),
            "aliases": "\n".join(_lines(d["aliases"])), "sex": d["sex"], "birth_day": d["birth_day"],
            "birth_month": d["birth_month"], "birth_year": d["birth_year"], "nationality": d["nationality"],
        }


class ContactFieldsForm(forms.Form):
    """Phones, e-mails, an address and a social-media handle: for a new person, and for
    identifiers learnt later about someone already on file (``IdentifiersForm``)."""

    phones = forms.CharField(label=_("Phone numbers"), required=False, max_length=1000, help_text=_("One per line."),
                             widget=forms.Textarea(attrs={"rows": 2, "inputmode": "tel"}))
    phones_unverified = forms.BooleanField(
        label=_("Keep unverified numbers"), required=False,
        help_text=_("Numbers that cannot be checked are kept as written, but are not used to find matches."))
    emails = forms.CharField(label=_("E-mail addresses"), required=False, max_length=1000, help_text=_("One per line."),
                             widget=forms.Textarea(attrs={"rows": 2}))
    address = forms.CharField(label=_("Address"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    handle_platform = forms.CharField(label=_("Social media platform"), required=False, max_length=40,
                                      widget=forms.TextInput(attrs={"placeholder": _("Facebook, TikTok, WhatsApp…")}))
    handle = forms.CharField(label=_("Social media handle"), required=False, max_length=200)

    CONTACT_FIELDS = ("phones", "emails", "address", "handle")
    # The service names its errors after PersonInput's lists; the form's field for each.
    SERVICE_FIELDS = {"addresses": "address", "handles": "handle_platform"}

    def clean_emails(self) -> list[str]:
        emails = _lines(self.cleaned_data.get("emails", ""))
        bad = []
        for e in emails:
            try:
                validate_email(e)
            except forms.ValidationError:
                bad.append(e)
        if bad:
            raise forms.ValidationError(_("Not a valid e-mail address: %(values)s"), params={"values": ", ".join(bad)})
        return emails

    def clean_phones(self) -> list[str]:
        """One number a line; whether each can be kept is the service's rule, asked here too so the
        form reports every error at once (the service checks again whatever surface sends)."""
        return _lines(self.cleaned_data.get("phones", ""))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for message in phone_line_errors(data.get("phones", []), default_region=settings.ENLACE_DEFAULT_COUNTRY,
                                         unverified=bool(data.get("phones_unverified"))):
            self.add_error("phones", message)
        if data.get("handle") and not data.get("handle_platform"):
            self.add_error("handle_platform", _("Say on which platform the handle is."))
        return data

    def contact_values(self) -> dict:
        """The PersonInput lists for phones, e-mails, addresses and handles (the form must be valid)."""
        d = self.cleaned_data
        return {
            "phones": d["phones"], "phones_unverified": bool(d.get("phones_unverified")), "emails": d["emails"],
            "addresses": [d["address"].strip()] if d["address"].strip() else [],
            "handles": [(d["handle_platform"].strip(), d["handle"].strip())] if d["handle"].strip() else [],
        }


class NewPersonForm(PersonCoreForm, ContactFieldsForm):
    """A new person with contact identifiers (documents come from ``DocumentFormSet``)."""

    field_order = [*PersonCoreForm.base_fields, *ContactFieldsForm.base_fields]
    IDENTIFYING = ("given_names", "first_surname", "second_surname", "married_surname", "aliases", "phones",
                   "emails", "address", "handle")

    def is_blank(self) -> bool:
        """Nothing entered that identifies someone (the form must be valid)."""
        return not any(self.cleaned_data.get(name) for name in self.IDENTIFYING)

    def person_input(self, documents: list[tuple[str, str, str]]) -> PersonInput:
        return PersonInput(**self.core_values(), documents=documents, **self.contact_values())


class IdentifiersForm(ContactFieldsForm):
    """Identifiers to add to a person already on file (documents come from ``DocumentFormSet``)."""

    def is_blank(self) -> bool:
        return not any(self.cleaned_data.get(name) for name in self.CONTACT_FIELDS)


class DocumentForm(forms.Form):
    doc_type = forms.ChoiceField(label=_("Document type"), choices=DocumentType.choices, initial=DocumentType.NATIONAL_ID)
    number = forms.CharField(label=_("Number"), max_length=60, required=False)
    issuing_country = forms.ChoiceField(label=_("Issuing country"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "issuing_country", forms.ChoiceField).choices = NONE_CHOSEN + country_choices()

    def has_changed(self) -> bool:
        # A row counts only when a number was typed: type and country have defaults.
        return bool(self.data.get(self.add_prefix("number"), "").strip()) if self.is_bound else False


class BaseDocumentFormSet(forms.BaseFormSet):
    def documents(self) -> list[tuple[str, str, str]]:
        return [(f.cleaned_data["doc_type"], f.cleaned_data["number"].strip(), f.cleaned_data.get("issuing_country", ""))
                for f in self.forms if f.cleaned_data.get("number", "").strip()]


DocumentFormSet = forms.formset_factory(DocumentForm, formset=BaseDocumentFormSet, extra=1, max_num=10,
                                        absolute_max=20, validate_max=True)


def document_formset(data: QueryDict | None = None, *, add_row: bool = False,
                     default_country: str = "") -> BaseDocumentFormSet:
    """The documents rows; ``add_row`` re-renders the submitted rows plus an empty one (no JS)."""
    prefix = "doc"
    kwargs = {"initial": {"issuing_country": default_country}}
    if data is not None and add_row:
        data = data.copy()
        key = f"{prefix}-TOTAL_FORMS"
        try:
            total = int(data.get(key, 1))
        except ValueError:
            total = 1
        data[key] = str(max(1, min(total + 1, 10)))
    # formset_factory is typed as returning the base class; this one is built on BaseDocumentFormSet.
    return cast(BaseDocumentFormSet, DocumentFormSet(data, prefix=prefix, form_kwargs=kwargs))


class PersonEditForm(PersonCoreForm):
    notes = forms.CharField(label=_("Notes"), required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 4}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def changes(self) -> PersonChanges:
        return PersonChanges.from_mapping({**self.core_values(), "notes": self.cleaned_data["notes"]})


REASON_NEEDED = _("Give the reason for seeing the identity (at least 10 characters).")


class RevealForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), min_length=10, max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": REASON_NEEDED, "min_length": REASON_NEEDED},
        help_text=_("Why you need to see who this is (for example: preparing the interview on 12 May). "
                    "The reason is recorded in the audit log."))
