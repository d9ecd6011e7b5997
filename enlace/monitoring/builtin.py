"""The dashboard's own indicators and dimensions, registered by ``MonitoringConfig.ready()``."""

from __future__ import annotations

from functools import partial

from django.utils.translation import gettext_lazy as _

from enlace.core.indicators import DurationIndicator, Indicator, register_dimension, register_indicator

from . import facts
from .vocabulary import DIMENSIONS, label_for

CASE_FILE = _("Case files: date reported, lead unit and institution, status, forms of exploitation.")


def register_builtin() -> None:
    for key, label in DIMENSIONS.items():
        register_dimension(key, label=label, label_of=partial(label_for, key))
    register_indicator(Indicator(
        key="cases", title=_("New cases"), order=10, source=CASE_FILE, facts=facts.case_facts,
        definition=_("Cases reported in the period (the date of the report, else the day the case was opened), "
                     "by their status today, whether they cross a border, the form of exploitation, the lead "
                     "unit's department and the lead institution."),
        dimensions=("status", "transnational", "exploitation", "department", "institution"),
        nested=(("team", "department"),)))
    register_indicator(Indicator(
        key="victims", title=_("Victims (presumed and identified)"), order=20, facts=facts.victim_facts,
        source=_("Case files: persons recorded as presumed victim or victim, with sex, year of birth or age at "
                 "exploitation, and nationality."),
        definition=_("Persons recorded as a presumed or identified victim in a case in the period, counted in the "
                     "quarter they were first recorded. A case with several forms of exploitation counts under "
                     "\"Several forms\"."),
        dimensions=("victim_status", "sex", "age_band", "exploitation", "nationality", "department", "institution"),
        nested=(("team", "department"),)))
    register_indicator(Indicator(
        key="screenings", title=_("Screenings and their outcome"), order=30, facts=facts.screening_facts,
        source=_("Completed screenings: date, outcome of the indicator list, department, institution."),
        definition=_("Completed screenings by the day of the screening and their outcome (presumed victim, possible "
                     "victim, no indicators)."),
        dimensions=("outcome", "sex", "department", "institution")))
    register_indicator(Indicator(
        key="referrals", title=_("Referrals to services"), order=40, facts=facts.referral_facts,
        source=_("Referrals: service, date sent, current status."),
        definition=_("Referrals sent in the period, by service and where they stand today."),
        dimensions=("service", "referral_status")))
    register_indicator(Indicator(
        key="consent_withdrawals", title=_("Consent withdrawals"), order=50, facts=facts.consent_withdrawal_facts,
        source=_("Consents: purpose and date of withdrawal."),
        definition=_("Consents withdrawn in the period, by the service they had been given for."),
        dimensions=("service",)))
    register_indicator(DurationIndicator(
        key="acceptance_time", title=_("Time to acceptance of referrals"), order=60,
        durations=facts.acceptance_durations, dimension="service",
        source=_("Referrals: date sent and date of acceptance."),
        definition=_("Days from sending a referral to its acceptance by the service, for referrals accepted in the "
                     "year: number accepted, median and 90th percentile.")))
    register_indicator(DurationIndicator(
        key="stage_durations", title=_("Stage durations of cases"), order=70,
        durations=facts.stage_durations, dimension="stage",
        source=_("Case files: date reported and the history of status changes."),
        definition=_("Days from a case's report to the first time it reached investigation, prosecution and "
                     "judgment, for stages reached in the year: number of cases, median and 90th percentile.")))
