"""Reads for referrals, consent and protection. The rules for who sees what live here.

- The **sending side** (who may record consent and refer): for a screening, whoever may see it; for a
  person, case workers who fully see a case of that person (and the officer whose screening it came from).
- The **receiving side**: users with the service-provider role in the recipient organisation, and only
  while the consent the referral was sent under is in force. They get a ``RestrictedReferral``: the
  pseudonym plus the categories the consent names. Never the case, never other persons.
Everything else is ``NotFound``, the same answer as for something that does not exist.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict
from uuid import UUID

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enlace.accounts.models import User
from enlace.accounts.roles import Role
from enlace.audit.reads import audit_read, list_read
from enlace.core.errors import NotFound
from enlace.core.public_ids import visible_by_public_id
from enlace.core.rules import Field, Rule
from enlace.geo.selectors import country_name
from enlace.persons.identity import disclosed
from enlace.persons.models import Person, Sex
from enlace.persons.selectors import person_visible, persons_visible
from enlace.screening.models import Outcome, Screening
from enlace.screening.selectors import screening_visible, screenings_visible

from .models import (
    RECIPIENT_TRANSITIONS,
    Consent,
    DataCategory,
    Notification,
    Referral,
    ReferralStatus,
    Service,
    ServiceOffer,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from enlace.accounts.models import Institution
    from enlace.persons.models import Person
    from enlace.screening.models import Screening

AGE_OF_MAJORITY = 18


class Subject(TypedDict):
    """Whom a consent or a referral is about: a person, or a screening not yet converted."""

    person: Person | None
    screening: Screening | None

# What the receiving organisation's buttons say for each next status.
RECIPIENT_ACTIONS: dict[str, StrOrPromise] = {
    ReferralStatus.ACCEPTED: gettext_lazy("Accept"),
    ReferralStatus.REJECTED: gettext_lazy("Reject"),
    ReferralStatus.IN_SERVICE: gettext_lazy("Service started"),
    ReferralStatus.COMPLETED: gettext_lazy("Service completed"),
}


def reminder_days() -> int:
    return int(getattr(settings, "ENLACE_REFERRAL_REMINDER_DAYS", 3))


def active_consent_rule() -> Rule:
    """A consent is in force when it was not revoked and has not expired (the one definition)."""
    today = timezone.localdate()
    return Field("revoked_at", "isnull", True) & (Field("valid_until", "isnull", True)
                                                  | Field("valid_until", "gte", today))


def active_consent_q(prefix: str = "") -> Q:
    return active_consent_rule().q(prefix)


def consent_is_active(consent: Consent) -> bool:
    return active_consent_rule().holds(consent)


# ---------------------------------------------------------------- subjects (a person or a screening)


def subject_q(*, person: Person | None = None, screening: Screening | None = None) -> Q:
    """Rows about this subject: a converted screening's rows also carry the person, so either matches."""
    q = Q(pk__in=[])
    if person is not None:
        q |= Q(person=person)
    if screening is not None:
        q |= Q(screening=screening) if screening.person_id is None else Q(person_id=screening.person_id)
    return q


def can_manage_subject(actor: User, *, person: Person | None = None, screening: Screening | None = None) -> bool:
    if actor is None or not actor.is_authenticated:
        return False
    if screening is not None:
        return (actor.can_screen or actor.can_work_cases) and screening_visible(actor=actor, screening=screening)
    if person is not None:
        if actor.can_create_cases and person_visible(actor=actor, person=person):
            return True
        return actor.can_screen and screenings_visible(actor=actor).filter(person=person).exists()
    return False


def subject_get(*, actor: User, kind: str, pk: UUID) -> tuple[Person | None, Screening | None]:
    """(person, screening) for a subject page; a converted screening resolves to its person."""
    if kind == "screening":
        screening = Screening.objects.select_related("person").filter(public_id=pk).first()
        if screening is None or not can_manage_subject(actor, screening=screening):
            raise NotFound
        audit_read(actor=actor, action="referral.subject_read", obj=screening, case_id=screening.case_id)
        return screening.person, screening
    if kind == "person":
        person = Person.objects.filter(public_id=pk).first()
        if person is None or not can_manage_subject(actor, person=person):
            raise NotFound
        audit_read(actor=actor, action="referral.subject_read", obj=person)
        return person, None
    raise NotFound


def subject_pseudonym(*, person: Person | None = None, screening: Screening | None = None) -> str:
    if person is not None:
        return person.pseudonym
    assert screening is not None, "a subject is a person or a screening"
    return screening.pseudonym


def _linked_screenings(person: Person | None = None, screening: Screening | None = None) -> list[Screening]:
    if screening is not None:
        return [screening]
    return list(Screening.objects.filter(person=person).order_by("-screened_on")) if person is not None else []


def subject_age(*, person: Person | None = None, screening: Screening | None = None) -> tuple[int | None, str]:
    """Youngest plausible age now and where it comes from ("birth" or "exploitation").

    A birth year wins. Otherwise the age at exploitation recorded in screenings or case roles is used as a
    lower bound: protective, since an unknown age must never let a child be treated as an adult.
    """
    today = timezone.localdate()
    if person is not None and person.birth_year:
        age = today.year - person.birth_year
        if not (person.birth_month and person.birth_day) or (today.month, today.day) < (person.birth_month,
                                                                                           person.birth_day):
            age -= 1
        return max(age, 0), "birth"
    ages = [s.age_at_exploitation for s in _linked_screenings(person, screening) if s.age_at_exploitation is not None]
    if person is not None:
        ages += [a for a in person.case_roles.values_list("age_at_exploitation", flat=True) if a is not None]
    return (min(ages), "exploitation") if ages else (None, "")


def subject_is_child(*, person: Person | None = None, screening: Screening | None = None) -> bool | None:
    age, _source = subject_age(person=person, screening=screening)
    return None if age is None else age < AGE_OF_MAJORITY


def consents_for(*, person: Person | None = None, screening: Screening | None = None) -> QuerySet[Consent]:
    return Consent.objects.filter(subject_q(person=person, screening=screening)).select_related(
        "recipient", "taken_by", "revoked_by")


def active_consent_for(*, person: Person | None = None, screening: Screening | None = None, recipient: Institution,
                       purpose: str) -> Consent | None:
    return (consents_for(person=person, screening=screening).filter(active_consent_q(), recipient=recipient,
                                                                    purpose=purpose)
            .order_by("-given_on", "-id").first())


def referrals_for(*, person: Person | None = None, screening: Screening | None = None) -> QuerySet[Referral]:
    return Referral.objects.filter(subject_q(person=person, screening=screening)).select_related(
        "recipient", "sent_by", "consent")


# ---------------------------------------------------------------- sending side


def referrals_sent_visible(*, actor: User) -> QuerySet[Referral]:
    if actor is None or not actor.is_authenticated or not (actor.can_screen or actor.can_work_cases):
        return Referral.objects.none()
    q = Q(sent_by=actor) | Q(screening_id__in=screenings_visible(actor=actor).values("pk"))
    if actor.can_create_cases:
        q |= Q(person_id__in=persons_visible(actor=actor).values("pk"))
    return Referral.objects.filter(q)


def referral_list_sent(*, actor: User, status: str = "", overdue_only: bool = False) -> QuerySet[Referral]:
    list_read(actor=actor, area="referral", filters={"status": status, "overdue_only": overdue_only or ""})
    qs = referrals_sent_visible(actor=actor)
    if status:
        qs = qs.filter(status=status)
    if overdue_only:
        qs = qs.filter(overdue_q())
    return qs.select_related("recipient", "person", "screening", "sent_by").order_by("-sent_at", "-id")


def referral_get_sent(*, actor: User, referral_id: UUID) -> Referral:
    referral = visible_by_public_id(referrals_sent_visible(actor=actor).select_related(
        "recipient", "person", "screening", "sent_by", "consent", "offer"), referral_id)
    if referral is None:
        raise NotFound
    audit_read(actor=actor, action="referral.read", obj=referral, details={"reference": referral.reference})
    return referral


def overdue_rule(now: dt.datetime | None = None, days: int | None = None) -> Rule:
    """A referral is overdue when it is still only sent after the reminder period (the one definition)."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=reminder_days() if days is None else days)
    return Field("status", "exact", ReferralStatus.SENT) & Field("sent_at", "lte", cutoff)


def overdue_q(now: dt.datetime | None = None, days: int | None = None) -> Q:
    return overdue_rule(now, days).q()


def is_overdue(referral: Referral, now: dt.datetime | None = None) -> bool:
    return overdue_rule(now).holds(referral)


def days_waiting(referral: Referral, now: dt.datetime | None = None) -> int:
    return max(((now or timezone.now()) - referral.sent_at).days, 0)


# ---------------------------------------------------------------- receiving side


def recipient_institution_ids(actor: User) -> set[int]:
    if actor is None or not actor.is_authenticated:
        return set()
    return {m.institution_id for m in actor.active_memberships if m.role == Role.SERVICE_PROVIDER}


def referrals_incoming(*, actor: User) -> QuerySet[Referral]:
    """Referrals to the actor's organisation that the consent still allows them to read."""
    ids = recipient_institution_ids(actor)
    if not ids:
        return Referral.objects.none()
    return (Referral.objects.filter(recipient_id__in=ids).exclude(status=ReferralStatus.REVOKED)
            .filter(active_consent_q("consent__")).select_related("consent", "recipient", "sent_by_institution", "sent_by")
            .order_by("-sent_at", "-id"))


@dataclass
class SharedItem:
    category: str
    label: str
    value: str


@dataclass
class RestrictedReferral:
    """What a receiving organisation may know: the pseudonym and the consented categories. No case."""

    id: UUID  # the referral's public id: the recipient never learns an integer key
    reference: str
    pseudonym: str
    service: str
    service_label: StrOrPromise
    status: str
    status_label: StrOrPromise
    sent_at: dt.datetime
    sent_by_institution: str
    sender_contact: str  # the officer who sent it: whom the recipient asks
    sender_email: str
    version: int
    overdue: bool
    rejection_reason: str
    shared: list[SharedItem] = field(default_factory=list)
    next_statuses: list[tuple[str, str]] = field(default_factory=list)


# Categories that identify the person: shown only when the identity gate's disclosure says so.
IDENTIFYING_CATEGORIES = frozenset({DataCategory.FIRST_NAME, DataCategory.CONTACT})


def consent_disclosure(actor: User, subject, via) -> frozenset[str]:
    """Disclosure provider for the identity gate: what a referral's consent lets its recipient see
    of the person (registered by ``ReferralsConfig.ready``)."""
    if not isinstance(via, Referral) or subject not in (via.person, via.screening):
        return frozenset()
    if not referrals_incoming(actor=actor).filter(pk=via.pk).exists():
        return frozenset()
    return frozenset(c for c in via.consent.categories if c in IDENTIFYING_CATEGORIES)


def _shared_value(category: str, referral: Referral, disclosed_here: frozenset[str]) -> str:
    person, screening = referral.person, referral.screening
    source = person if person is not None else screening
    assert source is not None, "a referral is about a person or a screening"
    if category in IDENTIFYING_CATEGORIES and category not in disclosed_here:
        return ""
    if category == DataCategory.FIRST_NAME:
        return source.given_names
    if category == DataCategory.AGE:
        age, origin = subject_age(person=person, screening=screening if person is None else None)
        if age is None:
            return ""
        return str(age) if origin == "birth" else _("%(age)s at the time of exploitation") % {"age": age}
    if category == DataCategory.SEX:
        return str(Sex(source.sex).label) if source.sex in Sex.values and source.sex != Sex.UNKNOWN else ""
    if category == DataCategory.NATIONALITY:
        return country_name(source.nationality)
    if category == DataCategory.LANGUAGE:
        return referral.language
    if category == DataCategory.NEEDS:
        return referral.needs
    if category == DataCategory.CONTACT:
        return referral.contact
    if category == DataCategory.SCREENING_OUTCOME:

        linked = _linked_screenings(person, screening)
        outcome = next((s.outcome for s in linked if s.outcome), "")
        return str(Outcome(outcome).label) if outcome else ""
    return ""


def referral_list_incoming(*, actor: User) -> QuerySet[Referral]:
    """Referrals to the actor's institution (the recipient's list): recorded as one read."""
    list_read(actor=actor, area="referral.incoming", filters={})
    return referrals_incoming(actor=actor)


def restricted_view(referral: Referral, *, actor: User) -> RestrictedReferral:
    """What the recipient sees; identifying categories through the identity gate's disclosure."""
    allowed = [c for c in DataCategory.values if c in referral.consent.categories]
    subject = referral.person if referral.person is not None else referral.screening
    disclosed_here = disclosed(actor=actor, subject=subject, via=referral)
    return RestrictedReferral(
        id=referral.public_id, reference=referral.reference,
        pseudonym=subject_pseudonym(person=referral.person, screening=referral.screening),
        service=referral.service, service_label=Service(referral.service).label, status=referral.status,
        status_label=ReferralStatus(referral.status).label, sent_at=referral.sent_at,
        sent_by_institution=referral.sent_by_institution.name, version=referral.version,
        sender_contact=referral.sent_by.get_full_name() or referral.sent_by.get_username(),
        sender_email=referral.sent_by.email,
        overdue=is_overdue(referral), rejection_reason=referral.rejection_reason,
        shared=[SharedItem(c, str(DataCategory(c).label), _shared_value(c, referral, disclosed_here)) for c in allowed],
        next_statuses=[(s, str(RECIPIENT_ACTIONS[s])) for s in RECIPIENT_TRANSITIONS.get(referral.status, ())],
    )


def referral_get_incoming(*, actor: User, referral_id: UUID, audit: bool = True) -> tuple[Referral, RestrictedReferral]:
    """The consent is checked on every read: once withdrawn or expired, the recipient gets ``NotFound``."""
    referral = visible_by_public_id(referrals_incoming(actor=actor).select_related("person", "screening"), referral_id)
    if referral is None:
        raise NotFound
    audit_read(actor=actor, action="referral.read", obj=referral,
               details={"reference": referral.reference, "categories": referral.consent.categories})
    return referral, restricted_view(referral, actor=actor)


# ---------------------------------------------------------------- directory, protection, notifications


def offer_list(*, subdivision: str = "", service: str = "", country: str = "") -> QuerySet[ServiceOffer]:
    qs = ServiceOffer.objects.filter(is_active=True, institution__is_active=True).select_related("institution")
    if subdivision:
        qs = qs.filter(Q(subdivision=subdivision) | Q(subdivision=""))
    if service:
        qs = qs.filter(service=service)
    if country:
        qs = qs.filter(country=country)
    return qs.order_by("subdivision", "service", "institution__name")


def can_manage_protection(actor: User, person: Person) -> bool:
    return bool(actor.can_create_cases and person_visible(actor=actor, person=person))


def notifications_for(*, actor: User, unread_only: bool = False, limit: int = 20) -> list[Notification]:
    """The user's own notifications (the home page shows the unread ones)."""
    if actor is None or not actor.is_authenticated:
        return []
    list_read(actor=actor, area="notification", filters={"unread_only": unread_only or ""})
    qs = Notification.objects.filter(user=actor)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return list(qs.order_by("-created_at", "-id")[:limit])


HOME_NOTIFICATIONS = 5


def home_notifications(actor: User) -> dict[str, Any] | None:
    """The home page's notice of unread notifications, or ``None`` when there are none.

    Only the latest few, with the count of the others: the home page is for the day's work, and a
    long list of notices pushed it below the fold (the full list is one link away)."""
    unread = notifications_for(actor=actor, unread_only=True, limit=HOME_NOTIFICATIONS)
    if not unread:
        return None
    return {"notifications": unread, "more": max(unread_count(actor=actor) - len(unread), 0)}


def unread_count(*, actor: User) -> int:
    if actor is None or not actor.is_authenticated:
        return 0
    return Notification.objects.filter(user=actor, read_at__isnull=True).count()
