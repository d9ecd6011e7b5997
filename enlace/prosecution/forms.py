"""Forms of the evidence pages; their choices come from the selectors (persons of this case only)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from enlace.accounts.models import User
from enlace.core.formfields import form_field

from .models import ExternalCustodian, StorageLocation
from .vocabulary import DISPOSAL_KINDS, EventKind, EvidenceKind

SEAL = [("", _("Not checked")), ("yes", _("Seal intact")), ("no", _("Seal broken"))]


def seal_value(raw: str) -> bool | None:
    return {"yes": True, "no": False}.get(raw)


class EvidenceFilterForm(forms.Form):
    """The registry's filters: a part of the exhibit number and a kind (a heavy case is read a page at a time)."""

    number = forms.CharField(label=_("Exhibit number"), required=False, max_length=40)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *EvidenceKind.choices])

    def values(self) -> dict[str, str]:
        """The filters to apply; none when the form is invalid (the form shows why)."""
        if not self.is_valid():
            return {}
        return {"number": self.cleaned_data["number"], "kind": self.cleaned_data["kind"]}


class ItemForm(forms.Form):
    exhibit_number = forms.CharField(label=_("Exhibit number"), max_length=40)
    kind = forms.ChoiceField(label=_("Kind"), choices=EvidenceKind.choices)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    seized_where = forms.CharField(label=_("Seized where"), required=False, max_length=300)
    seized_at = forms.DateTimeField(label=_("Seized at"), required=False,
                                    widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    seized_by = forms.CharField(label=_("Seized by"), required=False, max_length=160)
    seal_number = forms.CharField(label=_("Seal number"), required=False, max_length=60)
    condition = forms.CharField(label=_("Condition"), required=False, max_length=200)
    location: forms.ModelChoiceField[StorageLocation] = forms.ModelChoiceField(label=_("Storage location"), queryset=None, required=False)
    person_ids = forms.MultipleChoiceField(label=_("Persons"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, locations, case_persons, **kwargs):
        super().__init__(*args, **kwargs)
        form_field(self, "location", forms.ModelChoiceField).queryset = locations
        form_field(self, "person_ids", forms.MultipleChoiceField).choices = [(cp.pk, f"{cp.person.pseudonym} ({cp.get_role_display()})")
                                             for cp in case_persons]

    def clean_person_ids(self):
        return [int(v) for v in self.cleaned_data["person_ids"]]


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File"))


class TransferForm(forms.Form):
    to_user: forms.ModelChoiceField[User] = forms.ModelChoiceField(label=_("To a user"), queryset=None, required=False)
    to_external: forms.ModelChoiceField[ExternalCustodian] = forms.ModelChoiceField(label=_("Or to an external custodian"), queryset=None, required=False)
    receipt_reference = forms.CharField(label=_("Receipt reference"), required=False, max_length=80)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)
    seal = forms.ChoiceField(label=_("Seal"), choices=SEAL, required=False)
    condition = forms.CharField(label=_("Condition"), required=False, max_length=200)

    def __init__(self, *args, users, externals, **kwargs):
        super().__init__(*args, **kwargs)
        form_field(self, "to_user", forms.ModelChoiceField).queryset = users
        form_field(self, "to_external", forms.ModelChoiceField).queryset = externals


class ConfirmForm(forms.Form):
    seal = forms.ChoiceField(label=_("Seal"), choices=SEAL, required=False)
    condition = forms.CharField(label=_("Condition"), required=False, max_length=200)


class DisposeForm(forms.Form):
    kind = forms.ChoiceField(label=_("What"), choices=[(k.value, k.label) for k in (EventKind.RETENTION, *DISPOSAL_KINDS)])
    ordered_by = forms.CharField(label=_("Ordered by"), max_length=160)
    retain_until = forms.DateField(label=_("Retain until"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))
    receipt_reference = forms.CharField(label=_("Receipt reference"), required=False, max_length=80)
    reason = forms.CharField(label=_("How and why"), required=False, max_length=300)
