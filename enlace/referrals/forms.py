"""Forms for consent, referral, protection and the directory. Rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enlace.accounts.models import Institution
from enlace.core.formfields import form_field
from enlace.core.forms import DateInput
from enlace.geo.selectors import subdivision_choices, subdivision_name

from .models import ConsentBasis, ConsentPurpose, DataCategory, Offence, ReferralStatus, Service, ServiceOffer
from .models_work import ActivityStatus, ClosureOutcome, ClosureReason, PlanItemKind

DEFAULT_CATEGORIES = [DataCategory.FIRST_NAME, DataCategory.AGE, DataCategory.LANGUAGE, DataCategory.NEEDS]


class OfferChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ServiceOffer) -> str:
        where = subdivision_name(obj.subdivision) if obj.subdivision else obj.country
        return f"{obj.get_service_display()} — {obj.institution.name} ({where})"


class ConsentFields(forms.Form):
    """What the person agreed to (or, for a child, what the guardian and the authority decided)."""

    categories = forms.MultipleChoiceField(
        label=_("What may be shared"), choices=DataCategory.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The organisation always sees the code (pseudonym), and only what is ticked here."))
    purpose_note = forms.CharField(label=_("Why (in the words used with the person)"), max_length=300, required=False)
    basis = forms.ChoiceField(label=_("Basis"), choices=ConsentBasis.choices, widget=forms.RadioSelect)
    informed = forms.BooleanField(
        label=_("The person was told what is shared, with whom and why, and that they can withdraw at any time. "
                "They agreed."), required=False)
    explained_in = forms.CharField(label=_("Explained in (language)"), max_length=40, required=False)
    guardian_name = forms.CharField(label=_("Guardian (child)"), max_length=200, required=False)
    guardian_relation = forms.CharField(label=_("Relation to the child"), max_length=80, required=False)
    best_interest_authority = forms.CharField(label=_("Best interest determined by"), max_length=200, required=False,
                                              help_text=_("For example the child protection office (Defensoría)."))
    best_interest_reference = forms.CharField(label=_("Reference of the determination"), max_length=100,
                                              required=False)
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DateInput)

    CHILD_REQUIRED = ("guardian_name", "best_interest_authority")

    def __init__(self, *args: Any, child: bool = False, **kwargs: Any) -> None:
        """``child``: the consent being recorded is a child's, so the guardian and the authority that
        determined the best interest are required (the service refuses without them): the form says
        so rather than labelling them optional under a warning that calls them necessary."""
        super().__init__(*args, **kwargs)
        if child:
            for name in self.CHILD_REQUIRED:
                self.fields[name].required = True

    def consent_kwargs(self) -> dict:
        d = self.cleaned_data
        return {k: d[k] for k in ("categories", "purpose_note", "basis", "informed", "explained_in", "guardian_name",
                                  "guardian_relation", "best_interest_authority", "best_interest_reference",
                                  "valid_until")}


class ReferForm(ConsentFields):
    offer = OfferChoiceField(label=_("Service and organisation"), queryset=ServiceOffer.objects.none(), required=False,
                             empty_label="—")
    service = forms.ChoiceField(label=_("Service"), choices=[("", "—"), *Service.choices], required=False)
    recipient = forms.ModelChoiceField(label=_("Organisation"), queryset=Institution.objects.none(), required=False,
                                       empty_label="—")
    needs = forms.CharField(label=_("Needs"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=_("What the person needs from this service. Shared only if ticked above."))
    language = forms.CharField(label=_("Language spoken"), max_length=60, required=False)
    contact = forms.CharField(label=_("How to reach the person"), max_length=300, required=False,
                              help_text=_("For example through the officer at the border post."))

    field_order = ["offer", "service", "recipient", "categories", "basis", "informed", "explained_in", "purpose_note",
                   "guardian_name", "guardian_relation", "best_interest_authority", "best_interest_reference",
                   "valid_until", "needs", "language", "contact"]

    def __init__(self, *args: Any, offers: QuerySet[ServiceOffer], institutions: QuerySet[Institution],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "offer", forms.ModelChoiceField).queryset = offers
        form_field(self, "recipient", forms.ModelChoiceField).queryset = institutions

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        offer = cleaned.get("offer")
        if offer is not None:
            cleaned["service"], cleaned["recipient"] = offer.service, offer.institution
        elif not (cleaned.get("service") and cleaned.get("recipient")):
            raise forms.ValidationError(_("Choose a service from the directory, or a service and an organisation."))
        return cleaned


class ConsentForm(ConsentFields):
    recipient = forms.ModelChoiceField(label=_("Shared with (organisation)"), queryset=Institution.objects.none())
    purpose = forms.ChoiceField(label=_("For (service or research)"), choices=ConsentPurpose.choices)
    given_on = forms.DateField(label=_("Date"), widget=DateInput, initial=timezone.localdate)

    field_order = ["recipient", "purpose", "categories", "basis", "informed", "explained_in", "purpose_note",
                   "guardian_name", "guardian_relation", "best_interest_authority", "best_interest_reference",
                   "given_on", "valid_until"]

    def __init__(self, *args: Any, institutions: QuerySet[Institution], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "recipient", forms.ModelChoiceField).queryset = institutions


class RespondForm(forms.Form):
    to_status = forms.CharField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason, if you reject"), max_length=500, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    outcome = forms.ChoiceField(label=_("Outcome, when you close the service"), required=False,
                                choices=ClosureOutcome.choices, widget=forms.RadioSelect)
    closure_reason = forms.ChoiceField(label=_("Reason for closing"), required=False,
                                       choices=[("", "—"), *ClosureReason.choices],
                                       help_text=_("Required when the service was not successful."))


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Message to the other side"), max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Both sides of the referral read the thread; write only what the "
                                       "service needs."))


class PlanItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Add to the plan"), choices=PlanItemKind.choices)
    text = forms.CharField(label=_("Text"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
    status = forms.ChoiceField(label=_("State (activities)"), choices=ActivityStatus.choices, required=False,
                               initial=ActivityStatus.PLANNED)


class ActivityStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("State"), choices=ActivityStatus.choices)


class RevokeForm(forms.Form):
    note = forms.CharField(label=_("Reason"), max_length=300, required=False)


class RecoveryForm(forms.Form):
    starts_on = forms.DateField(label=_("Start"), widget=DateInput, initial=timezone.localdate)
    ends_on = forms.DateField(label=_("End"), widget=DateInput)
    granted_by = forms.CharField(label=_("Granted by"), max_length=200, required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    new_end = forms.DateField(label=_("New end"), widget=DateInput)
    reason = forms.CharField(label=_("Reason"), max_length=300)


class NonPunishmentForm(forms.Form):
    offences = forms.MultipleChoiceField(label=_("Offences the person was compelled to commit"), choices=Offence.choices,
                                         widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DirectoryFilterForm(forms.Form):
    subdivision = forms.ChoiceField(label=_("Department"), required=False)
    service = forms.ChoiceField(label=_("Service"), choices=[("", _("All services")), *Service.choices], required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "subdivision", forms.ChoiceField).choices = [("", _("All departments")),
                                              *subdivision_choices(settings.ENLACE_DEFAULT_COUNTRY)]


class IncomingFilterForm(forms.Form):
    """The recipient's list: by status, and by a referral reference or the person's code."""

    status = forms.ChoiceField(label=_("Status"), required=False, choices=[
        ("", _("All")), *[(s, ReferralStatus(s).label) for s in (
            ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.IN_SERVICE, ReferralStatus.COMPLETED,
            ReferralStatus.REJECTED)]])
    q = forms.CharField(label=_("Referral or code"), required=False, max_length=40,
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off",
                                                      "placeholder": "REF-00012"}))


class OfferForm(forms.Form):
    institution = forms.ModelChoiceField(label=_("Organisation"), queryset=Institution.objects.none())
    service = forms.ChoiceField(label=_("Service"), choices=Service.choices)
    subdivision = forms.ChoiceField(label=_("Department"), required=False)
    contact = forms.CharField(label=_("Contact"), max_length=200, required=False)
    capacity_notes = forms.CharField(label=_("Capacity"), max_length=300, required=False,
                                     help_text=_("For example: 12 beds, women and children only."))

    def __init__(self, *args: Any, institutions: QuerySet[Institution], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "institution", forms.ModelChoiceField).queryset = institutions
        form_field(self, "subdivision", forms.ChoiceField).choices = [("", _("Whole country")),
                                              *subdivision_choices(settings.ENLACE_DEFAULT_COUNTRY)]
