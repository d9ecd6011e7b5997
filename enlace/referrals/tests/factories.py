"""Helpers shared by the screening and referral tests: a completed screening, a provider, a consent."""

from __future__ import annotations

from enlace.accounts.tests.factories import InstitutionFactory, make_user
from enlace.referrals import services as referral_services
from enlace.screening import services as screening_services

# Adult labour list: 1 (strong + medium), 4 (strong + medium), 5 (two strong) -> presumed victim.
PRESUMED_ADULT_LABOUR = ["deceived_about_nature_of_job", "deceived_about_working_conditions",
                         "excessive_working_hours", "low_or_no_pay", "confiscation_of_documents", "debt_bondage"]
# Dimensions 1 and 4 only: possible victim (destination missing for an adult).
POSSIBLE_ADULT_LABOUR = PRESUMED_ADULT_LABOUR[:4]


def make_screener(world, *, username: str = "scr_lpz", unit=None):
    """A frontline screener in the La Paz police unit (so the unit's supervisor sees their screenings)."""
    return make_user("screener", unit=unit or world["lpz"], username=username)


def screened(actor, *, yes=PRESUMED_ADULT_LABOUR, age: int | None = 24, exploitation: str = "labour",
             anonymous: bool = True, names: tuple[str, str] = ("", ""), subdivision: str = "BO-L", complete: bool = True):
    s = screening_services.screening_start(actor=actor, exploitation=exploitation, age_at_exploitation=age,
                                           country="BO", subdivision=subdivision, place_description="Desaguadero")
    s = screening_services.screening_set_identity(actor=actor, screening=s, expected_version=s.version,
                                                  anonymous=anonymous, given_names=names[0], first_surname=names[1],
                                                  sex="F", nationality="PE")
    s = screening_services.screening_set_answers(actor=actor, screening=s, expected_version=s.version, yes=yes)
    if complete:
        s = screening_services.screening_complete(actor=actor, screening=s, expected_version=s.version)
    return s


def make_provider(*, username: str = "shelter_worker", institution=None):
    institution = institution or InstitutionFactory(kind="ngo", code=f"ngo-{username}", name=f"Fundación {username}")
    return make_user("service_provider", institution=institution, username=username), institution


def give_consent(actor, *, recipient, screening=None, person=None, purpose: str = "shelter", categories=None, **extra):
    return referral_services.consent_record(
        actor=actor, screening=screening, person=person, recipient=recipient, purpose=purpose,
        categories=categories or ["first_name", "age", "language", "needs"], informed=True, **extra)
