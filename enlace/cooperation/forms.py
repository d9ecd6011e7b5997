"""Forms of the cooperation pages (the services validate again)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from enlace.accounts.models import Institution
from enlace.core.formfields import form_field
from enlace.core.forms import DateInput

from .models import Agreement
from .vocabulary import AgreementStatus, DataCategory, RequestStatus, Urgency


class RequestForm(forms.Form):
    institution: forms.ModelChoiceField[Institution] = forms.ModelChoiceField(label=_("To institution"), queryset=None)
    agreement: forms.ModelChoiceField[Agreement] = forms.ModelChoiceField(
        label=_("Under agreement"), queryset=None, help_text=_("Only agreements in force binding your institution."))
    category = forms.ChoiceField(label=_("What is asked for"), choices=DataCategory.choices)
    question = forms.CharField(label=_("What is asked"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    reason = forms.CharField(label=_("Why"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.ROUTINE)
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DateInput,
                             help_text=_("Left empty: the agreement's time to answer."))

    def __init__(self, data: Mapping[str, Any] | None = None, *, institutions: QuerySet[Institution],
                 agreements: QuerySet[Agreement]) -> None:
        super().__init__(data)
        form_field(self, "institution", forms.ModelChoiceField).queryset = institutions
        form_field(self, "agreement", forms.ModelChoiceField).queryset = agreements


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern): cleaned to a list."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class AnswerForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.CharField(label=_("Answer"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))
    partly = forms.BooleanField(label=_("Only partly answered"), required=False)
    attachments = MultipleFileField(label=_("Files"), required=False,
                              help_text=_("Up to five files, 20 MB each; sent under the same agreement."))


class MoveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(choices=[(RequestStatus.ACKNOWLEDGED, RequestStatus.ACKNOWLEDGED.label),
                                        (RequestStatus.IN_PROGRESS, RequestStatus.IN_PROGRESS.label),
                                        (RequestStatus.REFUSED, RequestStatus.REFUSED.label)])
    note = forms.CharField(label=_("Note (the reason, for a refusal)"), max_length=300, required=False)


class WithdrawForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Why"), max_length=300, required=False)


class AgreementStatusForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=AgreementStatus.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
