"""The auditor's filters: who, which person or case (by pseudonym or reference), which kind of
action, which period. Nothing here asks for an internal id or a code of the software."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from enlace.core.actors import Actor
from enlace.core.formfields import form_field

from .actions import family_choices
from .selectors import audit_subject_exists
from .selectors_reports import audit_user_choices

SUGGEST_LIST = "audit-subjects"


def _code_input(placeholder: Any) -> forms.TextInput:
    """A text box offering the references and pseudonyms that start with what is typed (htmx)."""
    return forms.TextInput(attrs={
        "list": SUGGEST_LIST, "autocomplete": "off", "placeholder": placeholder, "spellcheck": "false",
        "hx-get": reverse_lazy("audit:suggest"), "hx-trigger": "input changed delay:300ms",
        "hx-target": f"#{SUGGEST_LIST}", "hx-swap": "innerHTML"})


class _PeriodForm(forms.Form):
    user = forms.ChoiceField(label=_("Who"), required=False)
    person = forms.CharField(label=_("Person (pseudonym)"), required=False, max_length=40,
                             widget=_code_input(_("for example V-LPZ-0001")),
                             help_text=_("A person's or a screening's pseudonym; names are not searched here."))
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        form_field(self, "user", forms.ChoiceField).choices = [("", _("Anyone")), *audit_user_choices(actor=actor)]

    def clean_person(self) -> str:
        text = self.cleaned_data["person"].strip()
        if text and not audit_subject_exists(actor=self.actor, subject="person", text=text):
            raise forms.ValidationError(_("No person or screening has this pseudonym."))
        return text

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def filters(self) -> dict[str, Any]:
        """The filters to apply: none when the form is unbound or has errors."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in ("", None)}


class AuditFilterForm(_PeriodForm):
    case = forms.CharField(label=_("Case (reference)"), required=False, max_length=64,
                           widget=_code_input(_("for example DTTP-LP-2026-00006")))
    kind = forms.ChoiceField(label=_("Kind of action"), required=False,
                             choices=[("", _("All actions")), *family_choices()])
    searched = forms.CharField(
        label=_("Searched for"), required=False, max_length=200,
        help_text=_("A name, or one word of it: finds who searched for it. The log keeps search terms only "
                    "as keyed hashes; what you type here is recorded the same way."))

    field_order = ["user", "person", "case", "kind", "date_from", "date_to", "searched"]

    def clean_case(self) -> str:
        text = self.cleaned_data["case"].strip()
        if text and not audit_subject_exists(actor=self.actor, subject="case", text=text):
            raise forms.ValidationError(_("No case has this reference."))
        return text


class RevealFilterForm(_PeriodForm):
    """The reveals report: by period, by who revealed, by whose identity."""
