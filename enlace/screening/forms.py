"""Forms of the phone screening stepper. They only parse input; rules live in ``services.py``."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from enlace.accounts.models import Team
from enlace.cases.models import Case
from enlace.cases.vocabulary import ExploitationForm
from enlace.core.formfields import form_field
from enlace.core.forms import DateInput
from enlace.geo.models import Municipality
from enlace.geo.selectors import country_choices, subdivision_choices
from enlace.persons.models import Sex

from .models import Exploitation, PalermoAct, PalermoMeans, PalermoPurpose
from .selectors import Question


class VersionedForm(forms.Form):
    """Every step carries the version it was loaded with (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class StartForm(VersionedForm):
    exploitation = forms.ChoiceField(label=_("What kind of exploitation is suspected?"), choices=Exploitation.choices,
                                     widget=forms.RadioSelect)
    age_at_exploitation = forms.IntegerField(
        label=_("Age at the time of exploitation"), required=False, min_value=0, max_value=120,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input--short"}),
        help_text=_("Leave empty if nobody knows: the questions for adults and for children are then both asked."))
    screened_on = forms.DateField(label=_("Date of the screening"), widget=DateInput)
    country = forms.ChoiceField(label=_("Country"))
    subdivision = forms.ChoiceField(label=_("Department"), required=False)
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects.none(), required=False)
    place_description = forms.CharField(label=_("Place"), max_length=200, required=False,
                                        help_text=_("For example a border post, a bus terminal, a workplace."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        country = (self.data.get("country") if self.is_bound else None) or self.initial.get("country") or \
            settings.ENLACE_DEFAULT_COUNTRY
        form_field(self, "country", forms.ChoiceField).choices = country_choices()
        form_field(self, "subdivision", forms.ChoiceField).choices = [("", "—"), *subdivision_choices(str(country).upper())]
        qs = Municipality.objects.filter(country=str(country).upper()).order_by("subdivision", "name")
        form_field(self, "municipality", forms.ModelChoiceField).queryset = qs
        form_field(self, "municipality", forms.ModelChoiceField).empty_label = "—"


class PersonForm(VersionedForm):
    anonymous = forms.TypedChoiceField(
        label=_("Does the person agree to give their name?"), coerce=lambda v: v == "anonymous", widget=forms.RadioSelect,
        choices=[("anonymous", _("No: anonymous screening, only a code (pseudonym) is kept")),
                 ("named", _("Yes: record the name"))])
    given_names = forms.CharField(label=_("Given names"), max_length=200, required=False)
    first_surname = forms.CharField(label=_("First surname"), max_length=100, required=False)
    second_surname = forms.CharField(label=_("Second surname"), max_length=100, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, required=False)
    nationality = forms.ChoiceField(label=_("Nationality"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "nationality", forms.ChoiceField).choices = [("", "—"), *country_choices()]


class DimensionForm(VersionedForm):
    """One dimension: each question is a large tap target; checked means the person answered yes."""

    yes = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, questions: Iterable[Question] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "yes", forms.ChoiceField).choices = [(q.key, q.question) for q in questions]


class ElementsForm(VersionedForm):
    acts = forms.MultipleChoiceField(label=_("Act: what was done to the person?"), choices=PalermoAct.choices,
                                     required=False, widget=forms.CheckboxSelectMultiple)
    means = forms.MultipleChoiceField(label=_("Means: how?"), choices=PalermoMeans.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple)
    purposes = forms.MultipleChoiceField(label=_("Purpose: for what?"), choices=PalermoPurpose.choices,
                                         required=False, widget=forms.CheckboxSelectMultiple)
    forms_of_exploitation = forms.MultipleChoiceField(label=_("Forms of exploitation"), choices=ExploitationForm.choices,
                                                      required=False, widget=forms.CheckboxSelectMultiple)
    observations = forms.CharField(label=_("What you observed"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                                   help_text=_("Facts only. This text is encrypted and never shared without consent."))


class HandOverForm(forms.Form):
    team: forms.ModelChoiceField[Team] = forms.ModelChoiceField(label=_("Specialised team"), queryset=None)

    def __init__(self, *args: Any, teams: QuerySet[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "team", forms.ModelChoiceField).queryset = teams


class ConvertForm(VersionedForm):
    target = forms.ChoiceField(label=_("Where should the person go?"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, cases: Iterable[Case] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "target", forms.ChoiceField).choices = [("new", _("A new case for the specialised team")),
                                         *[(str(c.public_id), c.title) for c in cases]]


class InstrumentVariantForm(forms.Form):
    # The form metaclass takes declared fields off the class, so this does not hide ``Form.data``.
    data = forms.CharField(label=_("Instrument (JSON)"), widget=forms.Textarea(attrs={"rows": 12, "class": "mono"}),  # type: ignore[assignment]
                           required=False,
                           help_text=_("Same shape as the built-in lists, with its own key and version, "
                                       "\"based_on\" and \"country\"."))
    file = forms.FileField(label=_("or a JSON file"), required=False)
    activate = forms.BooleanField(label=_("Use it for new screenings now"), required=False, initial=True)

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        raw = cleaned.get("data", "")
        upload = cleaned.get("file")
        if upload is not None:
            if upload.size > 2_000_000:
                raise forms.ValidationError(_("The file is too large."))
            raw = upload.read().decode("utf-8", errors="replace")
        if not raw.strip():
            raise forms.ValidationError(_("Paste the JSON or choose a file."))
        try:
            cleaned["parsed"] = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(_("Not valid JSON: %(error)s") % {"error": exc})
        return cleaned
