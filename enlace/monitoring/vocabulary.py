"""The categories statistics are published in: age bands, merged forms of exploitation, labels."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enlace.accounts.models import Team
from enlace.cases.vocabulary import CaseStatus, ExploitationForm
from enlace.geo.selectors import country_name, subdivision_name
from enlace.persons.models import Sex
from enlace.referrals.models import ConsentPurpose, ReferralStatus
from enlace.screening.models import Outcome

UNKNOWN = "unknown"
MULTIPLE = "multiple"
NO_TEAM = "none"

# The dashboard's age bands: children (UNODC's "below 18") split where services differ.
AGE_BANDS = ((0, 11, "0-11"), (12, 17, "12-17"), (18, 29, "18-29"), (30, 49, "30-49"), (50, 200, "50+"))
# CTDC's bands for victim-level releases (k-anonymised data sets).
CTDC_AGE_BANDS = ((0, 8, "0-8"), (9, 17, "9-17"), (18, 20, "18-20"), (21, 23, "21-23"), (24, 26, "24-26"),
                  (27, 29, "27-29"), (30, 38, "30-38"), (39, 47, "39-47"), (48, 200, "48+"))


def band(age: int | None, bands: tuple[tuple[int, int, str], ...]) -> str:
    if age is None or age < 0:
        return UNKNOWN
    for low, high, label in bands:
        if low <= age <= high:
            return label
    return UNKNOWN


def age_band(age: int | None) -> str:
    return band(age, AGE_BANDS)


def age_group(age: int | None) -> str:
    """UNODC's two age groups."""
    if age is None or age < 0:
        return UNKNOWN
    return "child" if age < 18 else "adult"


def merged_forms(forms: list[str] | None) -> str:
    """One category per case: its form of exploitation, or "multiple" when it has several (so that
    each victim counts once and the rows add up to the total)."""
    forms = sorted(set(forms or []))
    if not forms:
        return UNKNOWN
    return forms[0] if len(forms) == 1 else MULTIPLE


def _choice(choices, code: str) -> str:
    return str(dict(choices).get(code, code))


def generic_label(code: str) -> str:
    return {UNKNOWN: _("Not recorded"), MULTIPLE: _("Several forms"), "yes": _("Yes"), "no": _("No"),
            "presumed": _("Presumed victim"), "identified": _("Identified victim"),
            "child": _("Child"), "adult": _("Adult")}.get(code, code)


def label_for(dimension: str, code: str) -> str:
    if code in (UNKNOWN, MULTIPLE):
        return generic_label(code)
    match dimension:
        case "sex":
            return _choice(Sex.choices, code)
        case "status":
            return _choice(CaseStatus.choices, code)
        case "exploitation":
            return _choice(ExploitationForm.choices, code)
        case "nationality":
            return country_name(code) or code
        case "department":
            return subdivision_name(code) or code
        case "outcome":
            return _choice(Outcome.choices, code)
        case "service":
            return _choice(ConsentPurpose.choices, code)
        case "referral_status":
            return _choice(ReferralStatus.choices, code)
        case "stage":
            return _choice(CaseStatus.choices, code)
        case "team":
            return team_label(code)
    return generic_label(code)


def team_label(code: str) -> str:
    """A team by its name (an institutional unit, not a person); cases led by no team say so."""
    if code == NO_TEAM:
        return _("No team")
    return Team.objects.filter(code=code).values_list("name", flat=True).first() or code


DIMENSIONS = {
    "department": gettext_lazy("Department"), "institution": gettext_lazy("Institution"),
    "status": gettext_lazy("Case status"), "transnational": gettext_lazy("Transnational"),
    "exploitation": gettext_lazy("Form of exploitation"), "sex": gettext_lazy("Sex"),
    "age_band": gettext_lazy("Age band"), "nationality": gettext_lazy("Nationality"),
    "victim_status": gettext_lazy("Victim status"), "outcome": gettext_lazy("Screening outcome"),
    "service": gettext_lazy("Service"), "referral_status": gettext_lazy("Referral status"),
    "stage": gettext_lazy("Stage reached"), "team": gettext_lazy("Team"),
}
