"""Forms of the case pages. They check shape and choices; the services check the rules.

Choice lists that depend on the user (institutions, teams, users) are passed in by the
view from selectors, so a form never decides what someone may see.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, MutableMapping
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from enlace.accounts.models import Institution, Team, Unit, User
from enlace.accounts.roles import CASE_ROLES, Role
from enlace.core.formfields import form_field
from enlace.core.forms import DateInput
from enlace.core.plausibility import ConfirmUnlikelyForm
from enlace.geo.models import Municipality
from enlace.geo.selectors import country_choices, municipality_list, subdivision_choices

from .selectors import CaseFilters
from .services_persons import RoleFields
from .vocabulary import (
    STATUS_TRANSITIONS,
    CaseStatus,
    EventKind,
    ExploitationForm,
    LabourSector,
    MeansOfControl,
    ParticipantRole,
    PerpetratorRole,
    PlaceKind,
    RecruiterRelation,
    SharingScope,
    StatusDecidedBy,
    TraffickingStatus,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

ANY = [("", _("Any"))]
NONE_CHOSEN = [("", "—")]
SUSPECT_ROLES = ("suspect", "defendant")
VICTIM_ROLES = ("victim", "presumed_victim")


def _checkboxes(choices: Iterable[tuple[str, StrOrPromise]], label: StrOrPromise) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple)


class CaseFilterForm(forms.Form):
    """The list filters. Everything is optional; unknown values are dropped, not errors."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Title, reference or tag")}))
    status = forms.ChoiceField(label=_("Status"), choices=ANY + list(CaseStatus.choices), required=False)
    form = forms.ChoiceField(label=_("Form of exploitation"), choices=ANY + list(ExploitationForm.choices), required=False)
    transnational = forms.ChoiceField(label=_("Transnational"), required=False,
                                      choices=ANY + [("yes", _("Yes")), ("no", _("No"))])
    team: forms.ModelChoiceField[Team] = forms.ModelChoiceField(label=_("Team"), queryset=None, required=False, empty_label=_("Any"))
    department = forms.ChoiceField(label=_("Department"), required=False)

    def __init__(self, data: Mapping[str, Any] | None = None, *, teams: QuerySet[Team], countries: Iterable[str]) -> None:
        super().__init__(data)
        form_field(self, "team", forms.ModelChoiceField).queryset = teams
        subs = [choice for country in countries for choice in subdivision_choices(country)]
        form_field(self, "department", forms.ChoiceField).choices = [*ANY, *subs]

    def filters(self) -> CaseFilters:
        if not self.is_valid():
            # Drop only the bad values: a stale link with an old code still lists cases.
            data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        else:
            data = self.cleaned_data
        yes_no = {"yes": True, "no": False}
        team = data.get("team")
        return CaseFilters(q=(data.get("q") or "").strip(), status=data.get("status") or "", form=data.get("form") or "",
                           transnational=yes_no.get(data.get("transnational") or ""),
                           team_id=team.pk if team else None, subdivision=data.get("department") or "")


class CaseForm(ConfirmUnlikelyForm):
    """Opening (with lead institution and first reference) and editing a case."""

    title = forms.CharField(label=_("Title"), max_length=200,
                            help_text=_("A working title. Do not use the names of victims or witnesses."))
    lead_institution: forms.ModelChoiceField[Institution] = forms.ModelChoiceField(label=_("Lead institution"), queryset=None)
    lead_unit: forms.ModelChoiceField[Unit] = forms.ModelChoiceField(label=_("Lead unit"), queryset=None, required=False, empty_label="—")
    team: forms.ModelChoiceField[Team] = forms.ModelChoiceField(label=_("Team (EME)"), queryset=None, required=False, empty_label=_("No team"),
                                  help_text=_("Without a team, only you (and supervisors of the unit) see the case."))
    reference_number = forms.CharField(label=_("Reference number"), max_length=60, required=False,
                                       help_text=_("Your institution's number for this case."))
    reported_on = forms.DateField(label=_("Reported on"), required=False, widget=DateInput)
    forms_of_exploitation = _checkboxes(ExploitationForm.choices, _("Forms of exploitation"))
    labour_sectors = _checkboxes(LabourSector.choices, _("Labour sectors"))
    tags = forms.CharField(label=_("Tags"), max_length=300, required=False, help_text=_("Separated by commas."))
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, data: Mapping[str, Any] | None = None, *, choices: dict[str, QuerySet[Any]], editing: bool = False,
                 initial: MutableMapping[str, Any] | None = None) -> None:
        super().__init__(data, initial=initial)
        form_field(self, "lead_institution", forms.ModelChoiceField).queryset = choices["institutions"]
        form_field(self, "lead_unit", forms.ModelChoiceField).queryset = choices["units"]
        form_field(self, "team", forms.ModelChoiceField).queryset = choices["teams"]
        if editing:
            # The lead institution and its number are fixed once a case exists.
            del self.fields["lead_institution"]
            del self.fields["reference_number"]
            self.fields["version"].required = True
        else:
            del self.fields["version"]
            if choices["institutions"].count() == 1:
                self.fields["lead_institution"].initial = choices["institutions"].first()
            if choices["teams"].count() == 1:
                self.fields["team"].initial = choices["teams"].first()

    def clean_tags(self) -> list[str]:
        raw = self.cleaned_data.get("tags") or ""
        return list(dict.fromkeys(t.strip() for t in raw.split(",") if t.strip()))


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Why the status changes (for example, the decision that was taken)."))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, data: Mapping[str, Any] | None = None, *, current: str, initial: MutableMapping[str, Any] | None = None) -> None:
        super().__init__(data, initial=initial)
        form_field(self, "to_status", forms.ChoiceField).choices = [(s, CaseStatus(s).label) for s in STATUS_TRANSITIONS.get(current, ())]


class PlaceForm(forms.Form):
    """A place on the route. Department and municipality lists follow the chosen country."""

    kind = forms.ChoiceField(label=_("Kind"), choices=PlaceKind.choices)
    country = forms.ChoiceField(label=_("Country"))
    subdivision = forms.ChoiceField(label=_("Department"), required=False)
    municipality: forms.ModelChoiceField[Municipality] = forms.ModelChoiceField(label=_("Municipality"), queryset=None, required=False, empty_label="—")
    description = forms.CharField(label=_("Description"), max_length=200, required=False,
                                  help_text=_("For example: the market, the border crossing, the workshop."))
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput)

    def __init__(self, data: Mapping[str, Any] | None = None, *, default_country: str = "BO", initial: MutableMapping[str, Any] | None = None) -> None:
        super().__init__(data, initial=initial)
        source = data if data is not None else (initial or {})
        country = (source.get("country") or default_country or "").upper()
        subdivision = source.get("subdivision") or ""
        form_field(self, "country", forms.ChoiceField).choices = NONE_CHOSEN + country_choices()
        self.fields["country"].initial = country
        subs = subdivision_choices(country) if country else []
        form_field(self, "subdivision", forms.ChoiceField).choices = NONE_CHOSEN + subs
        if subdivision not in {c for c, _n in subs}:
            subdivision = ""
        form_field(self, "municipality", forms.ModelChoiceField).queryset = municipality_list(subdivision=subdivision) if subdivision else \
            municipality_list().none()


class EventForm(ConfirmUnlikelyForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices)
    occurred_on = forms.DateField(label=_("Date"), widget=DateInput)
    description = forms.CharField(label=_("Description"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4}))


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=200)
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DateInput)
    assignee: forms.ModelChoiceField[User] = forms.ModelChoiceField(label=_("Assigned to"), queryset=None, required=False,
                                      empty_label=_("Nobody in particular"))
    assignee_role = forms.ChoiceField(
        label=_("Or to a role on the case"), required=False,
        choices=[("", _("Anyone of the case team"))] + [(r.value, r.label) for r in Role if r in CASE_ROLES],
        help_text=_("Whoever holds this role on the case (its team or a named participant) sees the task."))

    def __init__(self, data: Mapping[str, Any] | None = None, *, members: QuerySet[User], initial: MutableMapping[str, Any] | None = None) -> None:
        super().__init__(data, initial=initial)
        form_field(self, "assignee", forms.ModelChoiceField).queryset = members

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("assignee") is not None and data.get("assignee_role"):
            self.add_error("assignee_role", _("Give the task to a person or to a role, not both."))
        return data


class VersionForm(forms.Form):
    """Completing a task: only the version the user saw."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class ReferenceForm(forms.Form):
    institution: forms.ModelChoiceField[Institution] = forms.ModelChoiceField(label=_("Institution"), queryset=None)
    number = forms.CharField(label=_("Reference number"), max_length=60)

    def __init__(self, data: Mapping[str, Any] | None = None, *, institutions: QuerySet[Institution], initial: MutableMapping[str, Any] | None = None) -> None:
        super().__init__(data, initial=initial)
        form_field(self, "institution", forms.ModelChoiceField).queryset = institutions
        if institutions.count() == 1:
            self.fields["institution"].initial = institutions.first()


class _UserChoiceField(forms.ModelChoiceField):  # generic only in the stubs
    def label_from_instance(self, obj: User) -> str:
        return _user_label(obj)


class ParticipantForm(forms.Form):
    user = _UserChoiceField(label=_("User"), queryset=None,
                                  help_text=_("They will see the whole case file, including persons."))

    def __init__(self, data: Mapping[str, Any] | None = None, *, candidates: QuerySet[User], initial: MutableMapping[str, Any] | None = None) -> None:
        super().__init__(data, initial=initial)
        form_field(self, "user", forms.ModelChoiceField).queryset = candidates


def _user_label(user: User) -> str:
    name = user.get_full_name() or user.get_username()
    inst = ", ".join(sorted({m.institution.name for m in user.active_memberships}))
    return f"{name} ({inst})" if inst else name


class SharingForm(forms.Form):
    institution: forms.ModelChoiceField[Institution] = forms.ModelChoiceField(label=_("Institution"), queryset=None)
    scope = forms.ChoiceField(label=_("What is shared"), choices=SharingScope.choices, initial=SharingScope.SUMMARY,
                              widget=forms.RadioSelect)
    purpose = forms.CharField(label=_("Purpose"), max_length=300,
                              help_text=_("Why the institution needs the case (for example, the agreement or operation)."))
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DateInput)

    def __init__(self, data: Mapping[str, Any] | None = None, *, institutions: QuerySet[Institution], initial: MutableMapping[str, Any] | None = None) -> None:
        super().__init__(data, initial=initial)
        form_field(self, "institution", forms.ModelChoiceField).queryset = institutions


class CasePersonForm(ConfirmUnlikelyForm):
    """The role of a person in the case and the fields that go with that role."""

    role = forms.ChoiceField(label=_("Role in the case"), choices=NONE_CHOSEN + list(ParticipantRole.choices),
                             widget=forms.Select(attrs={"class": "input--medium"}))
    existing = forms.CharField(
        label=_("Existing person (pseudonym)"), max_length=24, required=False,
        help_text=_("To add someone already on file, type their pseudonym, for example V-LPZ-0042. "
                    "Otherwise leave this empty and enter the new person below."),
        widget=forms.TextInput(attrs={"list": "pseudonyms", "autocomplete": "off", "spellcheck": "false",
                                      "class": "input--medium"}))
    perpetrator_roles = _checkboxes(PerpetratorRole.choices, _("Perpetrator roles"))
    age_at_exploitation = forms.IntegerField(label=_("Age at exploitation"), required=False, min_value=0, max_value=120,
                                             widget=forms.NumberInput(attrs={"class": "input--short", "inputmode": "numeric"}))
    means_of_control = _checkboxes(MeansOfControl.choices, _("Means of control"))
    recruiter_relation = forms.ChoiceField(label=_("Relation to the recruiter"), required=False,
                                           choices=NONE_CHOSEN + list(RecruiterRelation.choices))
    trafficking_status = forms.ChoiceField(label=_("Trafficking status"), required=False,
                                           choices=NONE_CHOSEN + list(TraffickingStatus.choices))
    status_decided_by = forms.ChoiceField(label=_("Status decided by"), required=False,
                                          choices=NONE_CHOSEN + list(StatusDecidedBy.choices))

    SUSPECT_FIELDS = ("perpetrator_roles",)
    VICTIM_FIELDS = ("age_at_exploitation", "means_of_control", "recruiter_relation", "trafficking_status",
                     "status_decided_by")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        role = data.get("role")
        if role and role not in SUSPECT_ROLES and data.get("perpetrator_roles"):
            self.add_error("perpetrator_roles", _("Perpetrator roles are only for suspects and defendants."))
        if role and role not in VICTIM_ROLES:
            for name in self.VICTIM_FIELDS:
                if data.get(name) not in (None, "", []):
                    self.add_error(name, _("This field is only for victims and presumed victims."))
        if data.get("status_decided_by") and not data.get("trafficking_status"):
            self.add_error("trafficking_status", _("Choose the status that was decided."))
        return data

    def role_fields(self) -> RoleFields:
        """The role-specific values for the service, only those that apply to the role."""
        role = self.cleaned_data["role"]
        names = self.SUSPECT_FIELDS if role in SUSPECT_ROLES else self.VICTIM_FIELDS if role in VICTIM_ROLES else ()
        return RoleFields.from_mapping({name: self.cleaned_data[name] for name in names})


class CasePersonEditForm(ConfirmUnlikelyForm):
    """The role-specific fields of a person already in the case, for that role only.

    The role itself is not changed here: a person can hold several roles in a case, each a
    row of its own; a different role is added as such.
    """

    perpetrator_roles = CasePersonForm.base_fields["perpetrator_roles"]
    age_at_exploitation = CasePersonForm.base_fields["age_at_exploitation"]
    recruiter_relation = CasePersonForm.base_fields["recruiter_relation"]
    trafficking_status = CasePersonForm.base_fields["trafficking_status"]
    status_decided_by = CasePersonForm.base_fields["status_decided_by"]
    means_of_control = CasePersonForm.base_fields["means_of_control"]
    notes = forms.CharField(label=_("Notes on this person in the case"), required=False, max_length=10000,
                            widget=forms.Textarea(attrs={"rows": 4}),
                            help_text=_("Visible to everyone working the case. Do not write names or contact details "
                                        "of victims or witnesses here."))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, data: Mapping[str, Any] | None = None, *, role: str, initial: MutableMapping[str, Any] | None = None) -> None:
        super().__init__(data, initial=initial)
        self.role = role
        keep = self.role_field_names(role)
        for name in CasePersonForm.SUSPECT_FIELDS + CasePersonForm.VICTIM_FIELDS:
            if name not in keep:
                del self.fields[name]

    @staticmethod
    def role_field_names(role: str) -> tuple[str, ...]:
        if role in SUSPECT_ROLES:
            return CasePersonForm.SUSPECT_FIELDS
        if role in VICTIM_ROLES:
            return CasePersonForm.VICTIM_FIELDS
        return ()

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("status_decided_by") and not data.get("trafficking_status"):
            self.add_error("trafficking_status", _("Choose the status that was decided."))
        return data

    def changes(self) -> RoleFields:
        """Every field shown, for the service (which records only what really changed)."""
        names = self.role_field_names(self.role) + ("notes",)
        return RoleFields.from_mapping({name: self.cleaned_data[name] for name in names})


class PersonRemoveForm(forms.Form):
    """Taking a person out of a case: the version the user saw, and why."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Why is the person taken out of this case?"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Recorded in the audit log. The person stays in their other cases."))
