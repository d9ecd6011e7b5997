"""Forms of the proceedings and elements pages. Their choices are the case's own persons, stages,
offences and prosecutors (``ProceedingsChoices``); the services validate everything again."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from enlace.core.forms import DateInput

from .vocabulary_proceedings import (
    AppealKind,
    AppealOutcome,
    ChargeStatus,
    ElementStatus,
    HearingKind,
    MeasureKind,
    MeasureStatus,
    Participation,
    Verdict,
)

Choices = list[tuple[int | str, str]]


@dataclass
class ProceedingsChoices:
    defendants: Choices
    protected: Choices
    victims: Choices
    stages: Choices
    offences: Choices
    prosecutors: Choices
    evidence: Choices


def _int(required: bool = True, label=None) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, coerce=int, required=required, empty_value=None)


class _ChoicesForm(forms.Form):
    uses: dict[str, str] = {}  # field name -> attribute of ProceedingsChoices

    def __init__(self, *args, choices: ProceedingsChoices, **kwargs):
        super().__init__(*args, **kwargs)
        for name, attr in self.uses.items():
            field = self.fields[name]
            options = getattr(choices, attr)
            if isinstance(field, forms.TypedMultipleChoiceField):
                field.choices = options
            else:
                field.choices = [("", "—"), *options]  # type: ignore[attr-defined]


class StageForm(_ChoicesForm):
    uses = {"defendant": "defendants", "stage": "stages", "prosecutor": "prosecutors"}
    defendant = _int(label=_("Defendant"))
    stage = _int(label=_("Stage"))
    started_on = forms.DateField(label=_("Since"), widget=DateInput())
    prosecutor = _int(False, _("Prosecutor"))


class ChargeForm(_ChoicesForm):
    uses = {"defendant": "defendants", "offence": "offences", "stage": "stages", "prosecutor": "prosecutors"}
    defendant = _int(label=_("Defendant"))
    offence = _int(label=_("Offence"))
    articles = forms.CharField(label=_("Articles"), max_length=200, required=False)
    aggravations = forms.CharField(label=_("Aggravations (codes, comma-separated)"), max_length=300, required=False)
    charged_on = forms.DateField(label=_("Date"), widget=DateInput(), required=False)
    stage = _int(False, _("Stage"))
    status = forms.ChoiceField(label=_("Status"), choices=ChargeStatus.choices)
    prosecutor = _int(False, _("Prosecutor"))


class HearingForm(_ChoicesForm):
    uses = {"defendants": "defendants", "victim": "protected", "prosecutor": "prosecutors"}
    starts_at = forms.DateTimeField(label=_("Date and time"),
                                    widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    court = forms.CharField(label=_("Court"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=HearingKind.choices)
    judge = forms.CharField(label=_("Judge"), max_length=160, required=False)
    attendees = forms.CharField(label=_("Who attends"), max_length=300, required=False)
    defendants = forms.TypedMultipleChoiceField(label=_("Defendants"), coerce=int, required=False,
                                                widget=forms.CheckboxSelectMultiple)
    victim = _int(False, _("Victim or witness testifying"))
    participation = forms.MultipleChoiceField(label=_("Participation arrangements"), choices=Participation.choices,
                                              required=False, widget=forms.CheckboxSelectMultiple)
    prosecutor = _int(False, _("Prosecutor"))


class HearingResultForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    result = forms.CharField(label=_("Result"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)
    next_on = forms.DateField(label=_("Next date"), widget=DateInput(), required=False)


class ChargeStatusForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=ChargeStatus.choices)
    charged_on = forms.DateField(label=_("Date"), widget=DateInput(), required=False)


class AppealOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[c for c in AppealOutcome.choices
                                                              if c[0] != AppealOutcome.PENDING])
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput())


class JudgmentForm(_ChoicesForm):
    uses = {"defendant": "defendants", "victim": "victims"}
    defendant = _int(label=_("Defendant"))
    decided_on = forms.DateField(label=_("Date"), widget=DateInput())
    court = forms.CharField(label=_("Court"), max_length=200)
    verdict = forms.ChoiceField(label=_("Verdict"), choices=Verdict.choices)
    sentence_years = forms.DecimalField(label=_("Sentence (years)"), required=False, min_value=0, max_digits=5,
                                        decimal_places=2)
    fine = forms.DecimalField(label=_("Fine"), required=False, min_value=0, max_digits=14, decimal_places=2)
    currency = forms.CharField(label=_("Currency"), max_length=3, required=False, initial="BOB")
    victim = _int(False, _("Reparation for victim"))
    reparation = forms.DecimalField(label=_("Reparation amount"), required=False, min_value=0, max_digits=14,
                                    decimal_places=2)


class AppealForm(forms.Form):
    judgment = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("Kind"), choices=AppealKind.choices)
    filed_on = forms.DateField(label=_("Filed on"), widget=DateInput())
    filed_by = forms.CharField(label=_("Filed by"), max_length=120)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=AppealOutcome.choices)
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput(), required=False)


class MeasureForm(_ChoicesForm):
    uses = {"person": "protected"}
    person = _int(label=_("Protected person"))
    kind = forms.ChoiceField(label=_("Kind"), choices=MeasureKind.choices)
    ordered_by = forms.CharField(label=_("Ordered by"), max_length=160)
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    ends_on = forms.DateField(label=_("To"), widget=DateInput(), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=MeasureStatus.choices)


class MatrixOpenForm(_ChoicesForm):
    uses = {"defendant": "defendants", "offence": "offences"}
    defendant = _int(label=_("Defendant"))
    offence = _int(label=_("Offence"))


class ElementForm(_ChoicesForm):
    uses = {"evidence": "evidence", "testimonies": "protected"}
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=ElementStatus.choices)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False)
    evidence = forms.TypedMultipleChoiceField(label=_("Evidence items"), coerce=int, required=False,
                                              widget=forms.CheckboxSelectMultiple)
    testimonies = forms.TypedMultipleChoiceField(label=_("Testimonies"), coerce=int, required=False,
                                                 widget=forms.CheckboxSelectMultiple)


ADD_FORMS: dict[str, type[forms.Form]] = {
    "stage": StageForm, "charge": ChargeForm, "hearing": HearingForm, "judgment": JudgmentForm,
    "appeal": AppealForm, "measure": MeasureForm,
}
