"""Forms of the linking pages: decisions, requests for information, answers, network options."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from enlace.accounts.models import User

from .lookup import case_id_for, node_for, person_id_for
from .models import Decision

HOPS = [(1, _("1 step")), (2, _("2 steps")), (3, _("3 steps")), (4, _("4 steps"))]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Your decision"), choices=Decision.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note (why)"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("What you compared. Do not copy names or document numbers here."))


class InformationRequestForm(forms.Form):
    holder = forms.CharField(widget=forms.HiddenInput)
    purpose = forms.CharField(
        label=_("Why you need to know"), min_length=20, max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The purpose and legal basis of your request. The holding unit's liaison and supervisors "
                    "read it and decide what to share."))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), min_length=5, max_length=4000, widget=forms.Textarea(attrs={"rows": 4}),
                             help_text=_("What you share, or why you decline. To give access to the case, share "
                                         "it or add the requester as a participant from the case page."))


class NetworkForm(forms.Form):
    case = forms.CharField(label=_("Case reference"), required=False, max_length=60,
                           widget=forms.TextInput(attrs={"list": "case-references", "autocomplete": "off",
                                                         "placeholder": "DTTP-LP-2026-00006"}))
    person = forms.CharField(label=_("Person pseudonym"), required=False, max_length=40,  # or a public id
                             widget=forms.TextInput(attrs={"autocomplete": "off"}))
    hops = forms.TypedChoiceField(label=_("Steps out"), choices=HOPS, coerce=int, initial=2, required=False)
    to = forms.CharField(label=_("Shortest path to"), required=False, max_length=80,
                         help_text=_("A case reference or a person's pseudonym."),
                         widget=forms.TextInput(attrs={"list": "case-references", "autocomplete": "off"}))

    def __init__(self, data: Mapping[str, Any] | None = None, *, actor: User) -> None:
        super().__init__(data)
        self.actor = actor

    def clean_case(self) -> int | None:
        text = self.cleaned_data.get("case") or ""
        if not text.strip():
            return None
        found = case_id_for(actor=self.actor, text=text)
        if found is None:
            raise forms.ValidationError(_("No case you may see has this reference."))
        return found

    def clean_person(self) -> int | None:
        text = self.cleaned_data.get("person") or ""
        if not text.strip():
            return None
        found = person_id_for(actor=self.actor, text=text)
        if found is None:
            raise forms.ValidationError(_("No person you may see has this pseudonym."))
        return found

    def clean_to(self) -> str:
        text = self.cleaned_data.get("to") or ""
        if not text.strip():
            return ""
        found = node_for(actor=self.actor, text=text)
        if found is None:
            raise forms.ValidationError(_("No case or person you may see answers to this."))
        return found

    def center(self) -> str | None:
        data = self.cleaned_data
        if data.get("case") is not None:  # 0 stands for a public id that names no row: a 404 too
            return f"case:{data['case']}"
        if data.get("person") is not None:
            return f"person:{data['person']}"
        return None

    def hops_value(self) -> int:
        return int(self.cleaned_data.get("hops") or 2)
