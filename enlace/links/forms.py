"""Forms of the linking pages: decisions, requests for information, answers, network options."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

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
    case = forms.IntegerField(label=_("Case id"), required=False, min_value=1)
    person = forms.IntegerField(label=_("Person id"), required=False, min_value=1)
    hops = forms.TypedChoiceField(label=_("Steps out"), choices=HOPS, coerce=int, initial=2, required=False)
    to = forms.CharField(label=_("Shortest path to"), required=False, max_length=80,
                         widget=forms.TextInput(attrs={"placeholder": "case:12"}))

    def center(self) -> str | None:
        data = self.cleaned_data
        if data.get("case"):
            return f"case:{data['case']}"
        if data.get("person"):
            return f"person:{data['person']}"
        return None

    def hops_value(self) -> int:
        return int(self.cleaned_data.get("hops") or 2)
