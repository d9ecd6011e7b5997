"""Forms for the organisations, vehicles and bank accounts of a case (the "Entities" tab).

They check shape; ``services_entities`` checks the rules (duplicates, who may change what).
The same form adds (on the tab) and edits (own page, with the version the user saw).
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from enlace.core.formfields import form_field
from enlace.geo.selectors import country_choices
from enlace.persons.models import Organisation, OrganisationKind

NONE_CHOSEN = [("", "—")]


class EntityForm(forms.Form):
    """Common part: the country list, and the version when editing."""

    country = forms.ChoiceField(label=_("Country"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, data: Mapping[str, Any] | None = None, *, default_country: str = "", editing: bool = False,
                 initial: MutableMapping[str, Any] | None = None, prefix: str | None = None) -> None:
        super().__init__(data, initial=initial, prefix=prefix)
        form_field(self, "country", forms.ChoiceField).choices = NONE_CHOSEN + country_choices()
        if not editing:
            self.fields["country"].initial = default_country
            del self.fields["version"]
        else:
            self.fields["version"].required = True

    @staticmethod
    def values_of(cleaned_data: dict) -> dict:
        """What the service takes from cleaned data (without the version or the choice of an existing one)."""
        return {k: v for k, v in cleaned_data.items() if k not in ("version", "existing")}

    def values(self) -> dict:
        return self.values_of(self.cleaned_data)


class OrganisationForm(EntityForm):
    existing: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Organisation already on file"), queryset=None, required=False, empty_label=_("— a new organisation —"),
        help_text=_("An organisation from one of your cases. Otherwise leave this as it is and describe the new one."))
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganisationKind.choices, initial=OrganisationKind.BUSINESS)
    registration_number = forms.CharField(label=_("Registration or tax number"), max_length=60, required=False)

    field_order = ["existing", "name", "kind", "country", "registration_number"]

    def __init__(self, data: Mapping[str, Any] | None = None, *, candidates: QuerySet[Organisation] | None = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        if candidates is None or not candidates.exists():
            del self.fields["existing"]
        else:
            form_field(self, "existing", forms.ModelChoiceField).queryset = candidates
        if "existing" not in self.fields:
            self.fields["name"].required = True

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if "existing" in self.fields:
            chosen, named = data.get("existing"), (data.get("name") or "").strip()
            if not chosen and not named:
                self.add_error("name", _("Choose an organisation on file or enter the name of a new one."))
            elif chosen and named:
                self.add_error("existing", _("Either choose an organisation on file or enter a new one, not both."))
        return data


class VehicleForm(EntityForm):
    plate = forms.CharField(label=_("Plate"), max_length=20,
                            widget=forms.TextInput(attrs={"class": "input--medium", "autocomplete": "off",
                                                          "spellcheck": "false"}))
    description = forms.CharField(label=_("Make, model, colour"), max_length=200, required=False,
                                  widget=forms.TextInput(attrs={"placeholder": _("For example: white Toyota minibus")}))

    field_order = ["plate", "country", "description"]


class BankAccountForm(EntityForm):
    number = forms.CharField(label=_("Account number"), max_length=60,
                             help_text=_("As written, with or without spaces and dashes."),
                             widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
    bank = forms.CharField(label=_("Bank or provider"), max_length=120, required=False,
                           widget=forms.TextInput(attrs={"placeholder": _("For example: a bank, a money-transfer "
                                                                           "service or a mobile wallet")}))

    field_order = ["number", "bank", "country"]


ENTITY_FORMS = {"organisation": OrganisationForm, "vehicle": VehicleForm, "account": BankAccountForm}
