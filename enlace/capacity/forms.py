"""Forms of the capacity pages. They shape input; the rules are in the services."""

from __future__ import annotations

import base64
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from enlace.accounts.models import Institution, Unit, User
from enlace.core.formfields import form_field
from enlace.core.forms import DateInput

from .models import Course, QuestionnaireTemplate, Round, SwotItem
from .questionnaire import localized, questions, scale_choices
from .vocabulary import ActionStatus, Competency, Modality, Provider, Quadrant

DONT_KNOW = "dk"


class TemplateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: QuestionnaireTemplate) -> str:
        return f"{localized(obj.content['title'])} (v{obj.version})"


class RoundChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Round) -> str:
        return f"{obj.title} ({obj.year})"


class RoundForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    period = forms.CharField(label=_("Period"), max_length=60, required=False,
                             help_text=_("For example: first semester, or the workshop dates."))
    template = TemplateChoiceField(label=_("Questionnaire"), queryset=QuestionnaireTemplate.objects.all())
    units = forms.ModelMultipleChoiceField(label=_("Units assessed"), widget=forms.CheckboxSelectMultiple,
                                           queryset=Unit.objects.filter(is_active=True).select_related("institution"))
    strength_at = forms.DecimalField(label=_("Strength from (mean)"), initial=Decimal("3.5"), min_value=1,
                                     max_value=5, decimal_places=2)
    weakness_at = forms.DecimalField(label=_("Weakness up to (mean)"), initial=Decimal("2.5"), min_value=1,
                                     max_value=5, decimal_places=2)


class RespondentForm(forms.Form):
    round_unit = forms.IntegerField(widget=forms.HiddenInput)
    user = forms.ModelChoiceField(label=_("Respondent"), queryset=User.objects.filter(is_active=True))


class AnswerForm(forms.Form):
    """One radio group (the scale and "I don't know") and one evidence box per question."""

    def __init__(self, *args, content: dict, disabled: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [*((str(v), label) for v, label in scale_choices(content)), (DONT_KNOW, _("I don't know"))]
        self.areas = []
        for area in content["areas"]:
            names = []
            for q in area["questions"]:
                self.fields[f"q_{q['code']}"] = forms.ChoiceField(
                    label=localized(q["text"]), choices=choices, widget=forms.RadioSelect, required=False,
                    disabled=disabled)
                self.fields[f"e_{q['code']}"] = forms.CharField(
                    label=_("Evidence or example"), required=False, max_length=4000, disabled=disabled,
                    widget=forms.Textarea(attrs={"rows": 2}))
                names.append(q["code"])
            self.areas.append((localized(area["title"]), [(self[f"q_{c}"], self[f"e_{c}"]) for c in names]))
        self.codes = [q.code for q in questions(content)]

    def answers(self) -> dict[str, tuple[int | None, str]]:
        """The answered questions only (a blank radio group is not an answer yet)."""
        out = {}
        for code in self.codes:
            value = self.cleaned_data.get(f"q_{code}")
            if value:
                out[code] = (None if value == DONT_KNOW else int(value), self.cleaned_data.get(f"e_{code}", ""))
        return out


class SwotItemForm(forms.Form):
    quadrant = forms.ChoiceField(label=_("Quadrant"), choices=Quadrant.choices)
    text = forms.CharField(label=_("Item"), max_length=300)


class _SwotItemChoiceField(forms.ModelChoiceField):  # generic only in the stubs
    def label_from_instance(self, obj: SwotItem) -> str:
        return obj.text


class _CourseChoiceField(forms.ModelChoiceField):  # generic only in the stubs
    def label_from_instance(self, obj: Course) -> str:
        return obj.title


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=300)
    owner = forms.CharField(label=_("Owner"), max_length=200)
    due_on = forms.DateField(label=_("Due on"), widget=DateInput)
    weakness = _SwotItemChoiceField(label=_("Weakness it answers"), queryset=SwotItem.objects.none(),
                                    required=False)
    course = _CourseChoiceField(label=_("Calls for the course"), queryset=Course.objects.all(), required=False)

    def __init__(self, *args, weaknesses=None, **kwargs):
        super().__init__(*args, **kwargs)
        if weaknesses is not None:
            form_field(self, "weakness", forms.ModelChoiceField).queryset = weaknesses


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)


class CompareForm(forms.Form):
    before = RoundChoiceField(label=_("Earlier round"), queryset=Round.objects.all())
    after = RoundChoiceField(label=_("Later round"), queryset=Round.objects.all())


class CourseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    provider = forms.ChoiceField(label=_("Provider"), choices=Provider.choices)
    provider_name = forms.CharField(label=_("Provider name"), max_length=200, required=False)
    hours = forms.IntegerField(label=_("Hours"), min_value=1, max_value=2000)
    modality = forms.ChoiceField(label=_("Modality"), choices=Modality.choices)
    competencies = forms.MultipleChoiceField(label=_("Competencies it builds"), choices=Competency.choices,
                                             widget=forms.CheckboxSelectMultiple)
    modules = forms.CharField(label=_("Modules (one per line)"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    validity_months = forms.IntegerField(label=_("Certificate valid for (months)"), min_value=1, required=False,
                                         help_text=_("Leave empty when the certificate does not expire."))


class SessionForm(forms.Form):
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput)
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput)
    place = forms.CharField(label=_("Place"), max_length=200)
    trainers = forms.CharField(label=_("Trainers"), max_length=300, required=False)


class StaffForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    institution = forms.ModelChoiceField(label=_("Institution"), queryset=Institution.objects.filter(is_active=True))
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.filter(is_active=True), required=False)
    position = forms.CharField(label=_("Position"), max_length=120, required=False)
    user = forms.ModelChoiceField(label=_("User account"), queryset=User.objects.filter(is_active=True),
                                  required=False, help_text=_("Only when this person uses Enlace."))
    specialisations = forms.MultipleChoiceField(label=_("Specialisation"), choices=Competency.choices,
                                                widget=forms.CheckboxSelectMultiple, required=False)


class ImportForm(forms.Form):
    """The sheet, or (second step, after a report of unmatched names) the same sheet carried back
    in the page: nothing is kept on the server between the report and the choice."""

    file = forms.FileField(label=_("Attendance sheet (CSV or XLSX)"), required=False)
    payload = forms.CharField(widget=forms.HiddenInput, required=False)
    filename = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)
    import_matched = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def sheet(self) -> tuple[bytes, str] | None:
        upload = self.cleaned_data.get("file")
        if upload is not None:
            return upload.read(), upload.name
        if self.cleaned_data.get("payload"):
            try:
                return base64.b64decode(self.cleaned_data["payload"], validate=True), self.cleaned_data["filename"]
            except ValueError:
                return None
        return None


class CoverageForm(forms.Form):
    on = forms.DateField(label=_("On"), widget=DateInput, required=False)
    threshold = forms.DecimalField(label=_("Gap below (share)"), min_value=0, max_value=1, decimal_places=2,
                                   required=False)
    days = forms.IntegerField(label=_("Expiring within (days)"), min_value=1, max_value=3650, required=False)
