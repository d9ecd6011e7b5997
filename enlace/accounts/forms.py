"""Forms of the administration area and of personal API tokens.

They only shape and check input; the rules (unique codes, a unit inside its institution,
a department inside the country, password strength) live in ``services.py`` and come
back as field errors through ``form_errors_from``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from enlace.core.formfields import form_field
from enlace.geo.selectors import country_choices, subdivision_choices

from .models import Institution, Team, TokenScope, User
from .roles import InstitutionKind, Role
from .selectors_org import active_institutions, team_candidates, units_of

CODE_HELP = _("Short identifier: lowercase letters, digits and hyphens (for example felcc-lpz). Cannot be changed later.")
BLANK = [("", "—")]


def _default_country() -> str:
    return getattr(settings, "ENLACE_DEFAULT_COUNTRY", "BO")


def unit_choices(institution_id: object) -> list[tuple[str, str]]:
    """The active units of the chosen institution (none chosen yet: only the blank choice)."""
    return BLANK + [(str(u.pk), u.name) for u in units_of(institution_id)]


class InstitutionForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    code = forms.SlugField(label=_("Code"), max_length=40, help_text=CODE_HELP)
    kind = forms.ChoiceField(label=_("Kind"), choices=InstitutionKind.choices)
    country = forms.ChoiceField(label=_("Country"))
    case_number_prefix = forms.CharField(
        label=_("Case number prefix"), max_length=20, required=False,
        help_text=_("Put in front of the case numbers this institution creates, for example FELCC-LP."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"country": _default_country()})
        super().__init__(*args, **kwargs)
        form_field(self, "country", forms.ChoiceField).choices = country_choices()


class UnitForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    code = forms.SlugField(label=_("Code"), max_length=40, help_text=CODE_HELP)
    subdivision = forms.ChoiceField(label=_("Department"), required=False,
                                    help_text=_("Where the unit works; it decides which cases its supervisor sees."))

    def __init__(self, *args: Any, institution: Institution, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "subdivision", forms.ChoiceField).choices = BLANK + subdivision_choices(institution.country)


class TeamForm(forms.Form):
    """The department list follows the country in the submitted data (no script needed:
    after changing the country, the form comes back with that country's departments)."""

    name = forms.CharField(label=_("Name"), max_length=200)
    code = forms.SlugField(label=_("Code"), max_length=40, help_text=CODE_HELP)
    country = forms.ChoiceField(label=_("Country"))
    subdivision = forms.ChoiceField(
        label=_("Department"), required=False,
        help_text=_("Departments of the country above. Changed the country? Submit once and the list is updated."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"country": _default_country()})
        super().__init__(*args, **kwargs)
        form_field(self, "country", forms.ChoiceField).choices = country_choices()
        country = (self.data.get("country") if self.is_bound else None) or self.initial.get("country")
        form_field(self, "subdivision", forms.ChoiceField).choices = BLANK + subdivision_choices(country or _default_country())


class _InstitutionUnitRoleMixin(forms.Form):
    institution = forms.ModelChoiceField(label=_("Institution"), queryset=Institution.objects.none(), empty_label="—")
    unit = forms.TypedChoiceField(label=_("Unit"), required=False, coerce=int, empty_value=None,
                                  help_text=_("Units of the institution above; needed for supervisors, who oversee "
                                              "the cases of their unit."))
    role = forms.ChoiceField(label=_("Role"), choices=BLANK + list(Role.choices))

    def setup_choices(self) -> None:
        """The unit list follows the institution: the server sends the chosen institution's units when
        it changes (htmx), and without scripts the form comes back with them after one submission."""
        institution = form_field(self, "institution", forms.ModelChoiceField)
        institution.queryset = active_institutions()
        institution.widget.attrs.update({
            "hx-get": reverse("accounts:unit_options"), "hx-trigger": "change",
            "hx-target": f"#{self['unit'].auto_id}", "hx-swap": "innerHTML"})
        chosen = self.data.get(self.add_prefix("institution")) if self.is_bound else self.initial.get("institution")
        form_field(self, "unit", forms.ChoiceField).choices = unit_choices(chosen)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        unit_id, inst = data.get("unit"), data.get("institution")
        data["unit_obj"] = None
        if unit_id:
            unit = units_of(inst.pk if inst is not None else None).filter(pk=unit_id).first()
            if unit is None or (inst is not None and unit.institution_id != inst.pk):
                self.add_error("unit", _("The unit does not belong to the institution."))
            else:
                data["unit_obj"] = unit
        if data.get("role") == Role.SUPERVISOR and not unit_id and "unit" not in self.errors:
            self.add_error("unit", _("A supervisor needs a unit."))
        return data


class UserCreateForm(_InstitutionUnitRoleMixin):
    username = forms.CharField(label=_("Username"), max_length=150,
                               help_text=_("Letters, digits and @ . + - _ only. Used to sign in."))
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    password = forms.CharField(
        label=_("Initial password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters; not a common password. Give it to the person through a "
                    "safe channel and ask them to change it after the first sign-in."))

    field_order = ["username", "first_name", "last_name", "email", "institution", "unit", "role", "password"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_choices()


class MembershipAddForm(_InstitutionUnitRoleMixin):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_choices()


class _UserChoiceField(forms.ModelChoiceField):  # generic only in the stubs
    def label_from_instance(self, obj: User) -> str:
        return _user_label(obj)


class TeamMemberAddForm(forms.Form):
    """Only accounts that work cases are offered (``selectors_org.team_candidates``); ``search``
    narrows the list by name or username (the page's search box)."""

    user = _UserChoiceField(label=_("Person to add"), queryset=User.objects.none(), empty_label="—")

    def __init__(self, *args: Any, team: Team, search: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "user", forms.ModelChoiceField).queryset = team_candidates(team=team, search=search)


def _user_label(user: User) -> str:
    full = user.get_full_name()
    return f"{full} ({user.username})" if full else user.username


class UserFilterForm(forms.Form):
    q = forms.CharField(label=_("Username or name"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search"}))
    institution = forms.ModelChoiceField(label=_("Institution"), required=False, queryset=Institution.objects.all(),
                                         empty_label=_("All"))
    role = forms.ChoiceField(label=_("Role"), required=False, choices=[("", _("All"))] + list(Role.choices))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[
        ("", _("All")), ("active", _("Active")), ("inactive", _("Deactivated"))])


class MunicipalityFilterForm(forms.Form):
    subdivision = forms.ChoiceField(label=_("Department"), required=False)

    def __init__(self, *args: Any, country: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "subdivision", forms.ChoiceField).choices = [("", _("All")), *subdivision_choices(country)]


class TokenCreateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, required=False,
                           help_text=_("What the token is for, for example “report export script”."))
    scope = forms.ChoiceField(label=_("Scope"), choices=TokenScope.choices, initial=TokenScope.READ,
                              help_text=_("A read-only token is refused (403) for any change."))
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1,
                              max_value=settings.ENLACE_API_TOKEN_MAX_DAYS,
                              initial=settings.ENLACE_API_TOKEN_DAYS)
