"""Forms of international cooperation, joint plans and operations, and the agreement pages
(the services validate again)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from enlace.accounts.models import Institution, User
from enlace.cases.selectors import case_public_id_for, case_reference_suggestions
from enlace.core.formfields import form_field
from enlace.core.forms import DateInput
from enlace.geo.selectors import country_choices

from .models import Agreement
from .vocabulary import AgreementKind, AgreementStatus, DataCategory
from .vocabulary_intl import (
    AssistanceType,
    Direction,
    InterpolStatus,
    JitBasis,
    LegalBasis,
    MilestoneStatus,
    NoticeColour,
    OperationPhase,
)

FLOW_ROWS = 4
PARTY_ROWS = 3
TEXT = {"rows": 3}


def _countries(form: forms.Form, *names: str, blank: bool = False) -> None:
    for name in names:
        field = form.fields[name]
        choices = country_choices()
        if isinstance(field, forms.MultipleChoiceField):
            field.choices = choices
        elif isinstance(field, forms.ChoiceField):
            field.choices = ([("", "—")] if blank else []) + choices


class MlaForm(forms.Form):
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    counterpart_country = forms.ChoiceField(label=_("Counterpart country"))
    requesting_authority = forms.CharField(label=_("Requesting state and authority"), max_length=200)
    requested_authority = forms.CharField(label=_("Requested state and authority"), max_length=200)
    central_authority = forms.CharField(label=_("Central authority"), max_length=200)
    legal_basis = forms.ChoiceField(label=_("Legal basis"), choices=LegalBasis.choices)
    treaty = forms.CharField(label=_("Treaty"), max_length=200, required=False)
    assistance_type = forms.ChoiceField(label=_("Type of assistance"), choices=AssistanceType.choices)
    facts = forms.CharField(label=_("Summary of the facts"), widget=forms.Textarea(attrs=TEXT))
    law = forms.CharField(label=_("Applicable law"), widget=forms.Textarea(attrs=TEXT))
    assistance_sought = forms.CharField(label=_("Assistance sought"), widget=forms.Textarea(attrs=TEXT))
    confidential = forms.BooleanField(label=_("Confidential"), required=False)
    confidentiality_reasons = forms.CharField(label=_("Reasons for confidentiality"), max_length=300, required=False)
    translation = forms.CharField(label=_("Translation"), max_length=100, required=False,
                                  help_text=_("The language it is translated into, if any."))
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DateInput)

    def __init__(self, data: Mapping[str, Any] | None = None) -> None:
        super().__init__(data)
        _countries(self, "counterpart_country")


class MoveMlaForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("New status"), choices=())
    on = forms.DateField(label=_("On"), required=False, widget=DateInput)
    note = forms.CharField(label=_("Reason or note"), max_length=300, required=False)

    def __init__(self, data: Mapping[str, Any] | None = None, *, choices: list[tuple[str, Any]],
                 initial: dict | None = None) -> None:
        super().__init__(data, initial=initial)
        form_field(self, "status", forms.ChoiceField).choices = choices


class PseudonymChoiceField(forms.ModelChoiceField):
    """Persons of a case offered by pseudonym: a form never lists names."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.person.pseudonym)


class NoticeForm(forms.Form):
    colour = forms.ChoiceField(label=_("Notice or diffusion"), choices=NoticeColour.choices)
    subject: PseudonymChoiceField = PseudonymChoiceField(label=_("Subject (by pseudonym)"), queryset=None,
                                                         required=False)
    ncb = forms.CharField(label=_("National central bureau"), max_length=100)
    purpose = forms.CharField(label=_("Purpose"), max_length=300)
    requested_on = forms.DateField(label=_("Requested on"), widget=DateInput)

    def __init__(self, data: Mapping[str, Any] | None = None, *, subjects: QuerySet[Any]) -> None:
        super().__init__(data)
        form_field(self, "subject", forms.ModelChoiceField).queryset = subjects


class NoticeStatusForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=[c for c in InterpolStatus.choices
                                                           if c[0] != InterpolStatus.REQUESTED])
    on = forms.DateField(label=_("Issued on"), required=False, widget=DateInput)
    interpol_reference = forms.CharField(label=_("INTERPOL reference"), max_length=40, required=False)


class JitForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    legal_basis = forms.ChoiceField(label=_("Legal basis"), choices=JitBasis.choices)
    agreement: forms.ModelChoiceField[Agreement] = forms.ModelChoiceField(label=_("Agreement"), queryset=None,
                                                                          required=False)
    purpose = forms.CharField(label=_("Purpose"), widget=forms.Textarea(attrs=TEXT))
    applicable_law = forms.CharField(label=_("Law that applies where it operates"), max_length=300)
    evidence_terms = forms.CharField(label=_("Evidence-sharing terms"), widget=forms.Textarea(attrs=TEXT))
    starts_on = forms.DateField(label=_("Start"), widget=DateInput)
    expires_on = forms.DateField(label=_("Expiry"), widget=DateInput)
    members = forms.CharField(label=_("Members"), required=False, widget=forms.Textarea(attrs=TEXT),
                              help_text=_("One a line: country code; name; function."))

    def __init__(self, data: Mapping[str, Any] | None = None, *, agreements: QuerySet[Agreement]) -> None:
        super().__init__(data)
        form_field(self, "agreement", forms.ModelChoiceField).queryset = agreements
        for i in range(1, PARTY_ROWS + 1):
            self.fields[f"party{i}_country"] = forms.ChoiceField(label=_("Party %(n)d: country") % {"n": i},
                                                                 required=i <= 2)
            self.fields[f"party{i}_authority"] = forms.CharField(label=_("Authority"), max_length=200,
                                                                 required=i <= 2)
            self.fields[f"party{i}_leader"] = forms.CharField(label=_("Team leader"), max_length=200, required=i <= 2)
            _countries(self, f"party{i}_country", blank=True)

    def parties(self) -> list[tuple[str, str, str]]:
        d = self.cleaned_data
        return [(d[f"party{i}_country"], d[f"party{i}_authority"], d[f"party{i}_leader"])
                for i in range(1, PARTY_ROWS + 1) if d.get(f"party{i}_country")]

    def member_rows(self) -> list[tuple[str, str, str]]:
        rows = []
        for line in self.cleaned_data["members"].splitlines():
            parts = [p.strip() for p in line.split(";")]
            if parts and parts[0]:
                rows.append((parts[0].upper(), parts[1] if len(parts) > 1 else "", parts[2] if len(parts) > 2 else ""))
        return rows


class JitExtendForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    new_expiry = forms.DateField(label=_("New expiry"), widget=DateInput)
    agreed_on = forms.DateField(label=_("Agreed by the parties on"), widget=DateInput)


class AgreementForm(forms.Form):
    code = forms.SlugField(label=_("Reference"), max_length=60)
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=AgreementKind.choices)
    purpose = forms.CharField(label=_("Purpose"), widget=forms.Textarea(attrs=TEXT))
    parties: forms.ModelMultipleChoiceField[Institution] = forms.ModelMultipleChoiceField(label=_("Parties"), queryset=None,
                                             widget=forms.CheckboxSelectMultiple)
    consent_required = forms.BooleanField(label=_("Victim consent required"), required=False)
    purpose_limited = forms.BooleanField(label=_("Purpose limitation"), required=False, initial=True)
    onward_sharing_forbidden = forms.BooleanField(label=_("Onward sharing forbidden"), required=False, initial=True)
    signed_on = forms.DateField(label=_("Signed on"), required=False, widget=DateInput)
    in_force_from = forms.DateField(label=_("In force from"), required=False, widget=DateInput)
    expires_on = forms.DateField(label=_("Expires on"), required=False, widget=DateInput)
    review_on = forms.DateField(label=_("Review on"), required=False, widget=DateInput)
    status = forms.ChoiceField(label=_("Status"), choices=AgreementStatus.choices, initial=AgreementStatus.DRAFT)
    answer_days = forms.IntegerField(label=_("Days to answer a request"), min_value=1, max_value=365, initial=15)

    def __init__(self, data: Mapping[str, Any] | None = None, *, institutions: QuerySet[Institution]) -> None:
        super().__init__(data)
        form_field(self, "parties", forms.ModelMultipleChoiceField).queryset = institutions
        for i in range(1, FLOW_ROWS + 1):
            self.fields[f"flow{i}_provider"] = forms.ModelChoiceField(
                label=_("Flow %(n)d: from") % {"n": i}, queryset=institutions, required=False)
            self.fields[f"flow{i}_recipient"] = forms.ModelChoiceField(label=_("to"), queryset=institutions,
                                                                       required=False)
            self.fields[f"flow{i}_categories"] = forms.MultipleChoiceField(
                label=_("what may flow"), choices=DataCategory.choices, required=False,
                widget=forms.CheckboxSelectMultiple)

    def flows(self) -> list[tuple[Institution, Institution, list[str]]]:
        d = self.cleaned_data
        return [(d[f"flow{i}_provider"], d[f"flow{i}_recipient"], d[f"flow{i}_categories"])
                for i in range(1, FLOW_ROWS + 1) if d.get(f"flow{i}_provider") and d.get(f"flow{i}_recipient")]


class DocumentForm(forms.Form):
    document = forms.FileField(label=_("Signed document"))


class PlanForm(forms.Form):
    code = forms.CharField(label=_("Reference"), max_length=40)
    title = forms.CharField(label=_("Title"), max_length=200)
    agreement: forms.ModelChoiceField[Agreement] = forms.ModelChoiceField(label=_("Under agreement"), queryset=None,
                                                                          required=False)
    institutions: forms.ModelMultipleChoiceField[Institution] = forms.ModelMultipleChoiceField(
        label=_("Institutions"), queryset=None,
                                                  widget=forms.CheckboxSelectMultiple)
    starts_on = forms.DateField(label=_("Start"), widget=DateInput)
    ends_on = forms.DateField(label=_("End"), widget=DateInput)

    def __init__(self, data: Mapping[str, Any] | None = None, *, institutions: QuerySet[Institution],
                 agreements: QuerySet[Agreement]) -> None:
        super().__init__(data)
        form_field(self, "institutions", forms.ModelMultipleChoiceField).queryset = institutions
        form_field(self, "agreement", forms.ModelChoiceField).queryset = agreements


class ObjectiveForm(forms.Form):
    text = forms.CharField(label=_("Objective"), max_length=300)
    activities = forms.CharField(label=_("Activities"), required=False, widget=forms.Textarea(attrs=TEXT))
    institution: forms.ModelChoiceField[Institution] = forms.ModelChoiceField(label=_("Owner institution"),
                                                                              queryset=None)

    def __init__(self, data: Mapping[str, Any] | None = None, *, institutions: QuerySet[Institution]) -> None:
        super().__init__(data)
        form_field(self, "institution", forms.ModelChoiceField).queryset = institutions


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_on = forms.DateField(label=_("Due on"), widget=DateInput)


class MilestoneStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=MilestoneStatus.choices)


class ProgressForm(forms.Form):
    text = forms.CharField(label=_("Progress report"), widget=forms.Textarea(attrs=TEXT))


class OperationForm(forms.Form):
    code = forms.CharField(label=_("Reference"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=200)
    institutions: forms.ModelMultipleChoiceField[Institution] = forms.ModelMultipleChoiceField(
        label=_("Participating institutions"), queryset=None,
                                                  widget=forms.CheckboxSelectMultiple)
    countries = forms.MultipleChoiceField(label=_("Countries"), widget=forms.SelectMultiple(attrs={"size": 6}))
    starts_on = forms.DateField(label=_("Start"), widget=DateInput)
    ends_on = forms.DateField(label=_("End"), required=False, widget=DateInput)

    def __init__(self, data: Mapping[str, Any] | None = None, *, institutions: QuerySet[Institution]) -> None:
        super().__init__(data)
        form_field(self, "institutions", forms.ModelMultipleChoiceField).queryset = institutions
        _countries(self, "countries")


class OperationUpdateForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    phase = forms.ChoiceField(label=_("Phase"), choices=OperationPhase.choices)
    persons_rescued = forms.IntegerField(label=_("Persons rescued"), min_value=0)
    persons_arrested = forms.IntegerField(label=_("Persons arrested"), min_value=0)
    places_inspected = forms.IntegerField(label=_("Places inspected"), min_value=0)


class CaseLinkForm(forms.Form):
    case = forms.CharField(
        label=_("Case reference"), max_length=60,
        help_text=_("A case you work on with full access, by its reference number."),
        widget=forms.TextInput(attrs={"list": "case-references", "autocomplete": "off",
                                      "placeholder": "DTTP-LP-2026-00006"}))

    def __init__(self, data: Mapping[str, Any] | None = None, *, actor: User) -> None:
        super().__init__(data)
        self.actor = actor

    def references(self) -> list[str]:
        """The datalist under the field: references of the cases the user may see."""
        return case_reference_suggestions(actor=self.actor)

    def clean_case(self) -> UUID:
        found = case_public_id_for(actor=self.actor, text=self.cleaned_data["case"])
        if found is None:
            raise forms.ValidationError(_("No case you may see has this reference."))
        return found
