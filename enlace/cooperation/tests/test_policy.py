"""Agreements enforced as sharing rules: at disclosure, when read, and by the lapse job."""

import datetime as dt

import pytest
from django.utils import timezone

from enlace.accounts.services_grants import grant_approve
from enlace.accounts.tests.factories import InstitutionFactory, make_user
from enlace.audit.models import AuditEntry
from enlace.cases.models import Case, CaseSharing
from enlace.cases.services import case_create
from enlace.cases.services_access import case_sharing_create
from enlace.cooperation import jobs
from enlace.cooperation.models import Agreement, Notice
from enlace.cooperation.policy import decide
from enlace.cooperation.services import agreement_set_status, liaison_name
from enlace.cooperation.tests.factories import make_agreement
from enlace.core.disclosure import DisclosureRefused
from enlace.links.tests.links_factories import add_person
from enlace.referrals import services as referral_services
from enlace.referrals.tests.factories import give_consent, make_provider, make_screener, screened

pytestmark = pytest.mark.django_db


def share(world, institution, scope="summary", case=None, actor=None, **kw):
    """Ask for the sharing (the policy answers now) and have the unit's supervisor approve it (asked again)."""
    case = case or world["case"]
    req = case_sharing_create(actor=actor or world["investigator"], case=case, institution=institution, scope=scope,
                              purpose="Joint operation", **kw)
    grant_approve(actor=world["supervisor"], request_id=req.pk)
    return CaseSharing.objects.filter(case=case, institution=institution).latest("pk")


@pytest.mark.parametrize(("scope", "missing"), [("summary", "Case summary"), ("full", "Persons by pseudonym")])
def test_without_an_agreement_in_force_a_sharing_is_refused_naming_what_is_missing(world, scope, missing):
    ngo = InstitutionFactory(kind="ngo", code="ngo-x", name="Fundación X")
    with pytest.raises(DisclosureRefused) as refused:
        share(world, ngo, scope)
    assert missing in str(refused.value) and "no agreement in force" in str(refused.value)
    assert "Fundación X" in str(refused.value)
    assert not CaseSharing.objects.exists()


def test_an_agreement_lets_only_its_categories_flow(world):
    ngo = InstitutionFactory(kind="ngo", code="ngo-y")
    make_agreement("mou-y", [world["police"], ngo], categories=["case_summary"])
    share(world, ngo, "summary")
    with pytest.raises(DisclosureRefused) as refused:
        share(world, ngo, "full")
    assert "Persons by pseudonym" in str(refused.value) and "Evidence" in str(refused.value)
    assert "Case summary" not in str(refused.value)


def test_each_direction_is_its_own(world):
    """Police may send to the NGO; a case the NGO's side leads may not come back the same way."""
    ngo = InstitutionFactory(kind="ngo", code="ngo-z", name="Fundación Z")
    make_agreement("mou-z", [world["police"], ngo], categories=["case_summary"], both_ways=False)
    share(world, ngo, "summary")
    ngo_lead = make_user("investigator", institution=ngo, username="ngo_inv")
    theirs = case_create(actor=ngo_lead, title="Case of the NGO side", lead_institution=ngo)
    with pytest.raises(DisclosureRefused) as refused:
        share(world, world["police"], "summary", case=theirs, actor=ngo_lead)
    assert "from Fundación Z to" in str(refused.value)


@pytest.mark.parametrize("status", ["draft", "suspended", "terminated", "expired"])
def test_an_agreement_not_in_force_allows_nothing(world, status):
    ngo = InstitutionFactory(kind="ngo", code=f"ngo-{status}")
    make_agreement(f"mou-{status}", [world["police"], ngo], status=status)
    with pytest.raises(DisclosureRefused):
        share(world, ngo)


def test_a_cited_agreement_must_allow_it(world):
    ngo = InstitutionFactory(kind="ngo", code="ngo-c")
    narrow = make_agreement("mou-narrow", [world["police"], ngo], categories=["statistics"])
    make_agreement("mou-wide", [world["police"], ngo])
    with pytest.raises(DisclosureRefused) as refused:
        share(world, ngo, agreement_id=narrow.pk)
    assert "mou-narrow" in str(refused.value) and "Case summary" in str(refused.value)
    assert share(world, ngo).agreement_id != narrow.pk  # the wide one, found by the policy


def test_consent_condition_is_checked_and_the_most_restrictive_agreement_wins(world):
    """Two agreements cover the police and the shelter; one requires the victims' consent: a full
    sharing (persons) needs it even though the other agreement alone would allow it."""
    _worker, shelter = make_provider(username="warmi")
    make_agreement("mou-open", [world["police"], shelter])
    make_agreement("mou-consent", [world["police"], shelter], consent_required=True)
    victim = add_person(world["investigator"], world["case"], role="victim", given_names="Rosa", first_surname="Tola")
    with pytest.raises(DisclosureRefused) as refused:
        share(world, shelter, "full")
    assert "mou-consent" in str(refused.value) and "consent" in str(refused.value)
    share(world, shelter, "summary")  # no victim's data: the condition does not apply
    give_consent(world["investigator"], person=victim, recipient=shelter)
    assert share(world, shelter, "full").scope == "full"


def test_onward_sharing_forbidden(world):
    """The institution a case was shared with may not pass it on (full access, but not its data)."""
    third = InstitutionFactory(code="third")
    make_agreement("mou-third", [world["police"], world["other"], third])
    share(world, world["other"], "full")
    other_inv = make_user("supervisor", institution=world["other"], username="other_sup")
    with pytest.raises(DisclosureRefused) as refused:
        _onward(world, other_inv, third)
    assert "forbids sharing onward" in str(refused.value)


def _onward(world, actor, third):
    """The policy asked as the other institution's user would be (no write role on the case)."""
    decision = decide(provider=world["police"], recipient=third, categories=("case_summary",), cited=None,
                      case=world["case"], actor=actor)
    if not decision.allowed:
        raise DisclosureRefused(decision.reason)


def test_a_suspended_agreement_stops_access_at_once_and_the_job_ends_the_sharing(world):
    sharing = share(world, world["other"], "full")
    outsider = world["outsider"]
    assert Case.objects.visible_to(outsider).filter(pk=world["case"].pk).exists()
    liaison_name(actor=None, user=world["liaison"], institution=world["other"])
    agreement = world["agreement"]
    agreement_set_status(actor=None, agreement=agreement, expected_version=agreement.version, status="suspended")
    del outsider.__dict__["institution_ids"]  # a new request
    assert not Case.objects.visible_to(outsider).filter(pk=world["case"].pk).exists()  # before any job ran
    assert CaseSharing.objects.get(pk=sharing.pk).is_active
    assert jobs.agreements_lapse() == {"agreements_expired": 0, "sharings_ended": 1, "notified": 1}
    assert not CaseSharing.objects.get(pk=sharing.pk).is_active
    assert Notice.objects.get().user == world["liaison"]
    entry = AuditEntry.objects.filter(action="permission.case_unshare").get()
    assert entry.details["agreement_lapsed"] is True and entry.actor_label == "(scheduler)"
    assert jobs.agreements_lapse()["sharings_ended"] == 0  # a retry changes nothing


def test_expiry_ends_the_sharing_through_the_job(world):
    ngo = InstitutionFactory(kind="ngo", code="ngo-e")
    agreement = make_agreement("mou-e", [world["police"], ngo])
    sharing = share(world, ngo)
    Agreement.objects.filter(pk=agreement.pk).update(expires_on=timezone.localdate() - dt.timedelta(days=1))
    reader = make_user("liaison", institution=ngo, username="ngo_liaison")
    assert not Case.objects.visible_to(reader).exists()  # expired yesterday: no access today
    result = jobs.end_lapsed_sharings()
    assert result["agreements_expired"] == 1 and result["sharings_ended"] == 1
    assert Agreement.objects.get(pk=agreement.pk).status == "expired"
    assert not CaseSharing.objects.get(pk=sharing.pk).is_active


def test_a_referral_is_never_blocked_for_want_of_an_agreement(world):
    screener = make_screener(world)
    s = screened(screener)
    _worker, ngo = make_provider(username="no_mou")
    give_consent(screener, screening=s, recipient=ngo)
    assert not Agreement.objects.filter(parties=ngo).exists()
    referral = referral_services.referral_create(actor=screener, screening=s, service="shelter", recipient=ngo)
    assert referral.pk
