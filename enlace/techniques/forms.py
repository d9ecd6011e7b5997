"""Forms of the special techniques pages; members and targets come from the selectors (this case only)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from enlace.accounts.models import User
from enlace.cases.models import CasePerson
from enlace.core.formfields import form_field
from enlace.core.forms import DateInput

from .vocabulary import TechniqueKind


class AuthorisationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Technique"), choices=TechniqueKind.choices)
    reference = forms.CharField(label=_("Authorisation reference"), max_length=60, required=False)
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300)
    authority = forms.CharField(label=_("Authorising authority"), max_length=200)
    judge = forms.CharField(label=_("Judge"), max_length=160)
    scope = forms.CharField(label=_("Scope"), widget=forms.Textarea(attrs={"rows": 3}))
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    expires_on = forms.DateField(label=_("Expires on"), widget=DateInput())
    emergency = forms.BooleanField(label=_("Emergency authorisation (to be confirmed by a judge)"), required=False)
    confirm_by = forms.DateTimeField(label=_("Judge's confirmation due by"), required=False,
                                     widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    report_due_on = forms.DateField(label=_("Report due to the judge on"), required=False, widget=DateInput())
    product_custody = forms.CharField(label=_("Custody of the product"), max_length=200, required=False)
    destroy_product_on = forms.DateField(label=_("Product to be destroyed on"), required=False, widget=DateInput())
    member_ids = forms.MultipleChoiceField(label=_("Also named (they alone will see it)"), required=False,
                                           widget=forms.CheckboxSelectMultiple)
    target_person_ids = forms.MultipleChoiceField(label=_("Targets among the persons of the case"), required=False,
                                                  widget=forms.CheckboxSelectMultiple)
    target_pseudonyms = forms.CharField(label=_("Other targets, by code name (one a line)"), required=False,
                                        widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, members: QuerySet[User], persons: list[CasePerson], labels: dict[int, str],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "member_ids", forms.MultipleChoiceField).choices = [(u.pk, u.get_username()) for u in members]
        form_field(self, "target_person_ids", forms.MultipleChoiceField).choices = [
            (cp.pk, f"{labels[cp.person_id]} ({cp.get_role_display()})") for cp in persons]

    def clean_member_ids(self) -> list[int]:
        return [int(v) for v in self.cleaned_data["member_ids"]]

    def clean_target_person_ids(self) -> list[int]:
        return [int(v) for v in self.cleaned_data["target_person_ids"]]

    def clean_target_pseudonyms(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["target_pseudonyms"].splitlines() if line.strip()]


class RenewForm(forms.Form):
    expires_on = forms.DateField(label=_("New expiry"), widget=DateInput())
    judge = forms.CharField(label=_("Judge"), max_length=160)
    reference = forms.CharField(label=_("Authorisation reference"), max_length=60, required=False)
    authority = forms.CharField(label=_("Authorising authority (if it changed)"), max_length=200, required=False)
    legal_basis = forms.CharField(label=_("Legal basis (if it changed)"), max_length=300, required=False)
    report_due_on = forms.DateField(label=_("Report due to the judge on"), required=False, widget=DateInput())


class ConfirmForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    confirmed_by = forms.CharField(label=_("Confirmed by (judge)"), max_length=160)
