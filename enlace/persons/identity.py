"""The identity gate: the ONE function that decides whether an actor sees who a person is.

Identifying data are names, aliases, date of birth, documents, phones, e-mails, addresses,
handles and free-text notes about the person. Every surface that shows any of them (person
pages, case tabs, screening records, referrals, hits and candidates, the network, exports and
the API) asks ``identity_visible`` first, and shows the pseudonym otherwise.

The answer, in order:
1. a *grant* registered by a higher app says yes (the officer who recorded a screening that is
   not yet a person in a case; see ``register_identity_grant``);
2. otherwise the role must work cases (``accounts.roles.CASE_ROLES``); the caller has already
   checked that the actor sees the person at all (a selector found it through
   ``Person.objects.visible_to`` or the record's own need-to-know rule);
3. a person who is not *protected* (only suspects and other non-victim roles) is shown;
4. a protected one only while a *reveal* is in force: given by ``reveal`` after an audited
   reason (``persons.services.person_identity_reveal`` or the screening's), kept in the web
   session for a while or valid for one API answer. A role outside ``REVEAL_ROLES`` (a
   liaison, say) can never get one.

What a referral recipient may see is narrower than an identity: the categories the consent
names. ``disclosed`` answers that, through providers the referral app registers.

"Protected" is decided by a rule the cases app registers (victims, witnesses and reporting
persons in any case); without it, or for a person in no case, everyone is protected.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection

from enlace.accounts.models import User

from .models import Person

REVEAL_SECONDS = 15 * 60

# fn(actor, subject) -> True when this app gives the actor the subject's identity outright.
IdentityGrant = Callable[..., bool]
# fn(actor, subject, via) -> the identifying categories this app discloses to the actor through ``via``.
Disclosure = Callable[..., Collection[str]]
# fn(person ids) -> the ids among them that are protected.
ProtectionRule = Callable[[set[int]], set[int]]

_GRANTS: dict[str, IdentityGrant] = {}
_DISCLOSURES: dict[str, Disclosure] = {}
_PROTECTION: dict[str, ProtectionRule] = {}


def register_identity_grant(name: str, fn: IdentityGrant) -> None:
    _GRANTS[name] = fn


def register_disclosure(name: str, fn: Disclosure) -> None:
    _DISCLOSURES[name] = fn


def register_protection_rule(fn: ProtectionRule) -> None:
    _PROTECTION["rule"] = fn


def protected_person_ids(ids: set[int]) -> set[int]:
    """Which of these persons are shown by pseudonym (one query for a whole page)."""
    rule = _PROTECTION.get("rule")
    return set(ids) if rule is None else rule(set(ids))


def person_is_protected(person: Person) -> bool:
    return person.pk in protected_person_ids({person.pk})


def reveal_key(subject) -> str:
    """Where a reveal of this subject is kept (a person: its id, as the session always kept it)."""
    return str(subject.pk) if isinstance(subject, Person) else f"{subject._meta.label_lower}:{subject.pk}"


def reveal(subject) -> dict[str, float]:
    """A reveal of ``subject`` in force from now: call only after the audited reveal service."""
    return {reveal_key(subject): time.time() + REVEAL_SECONDS}


def reveal_expiry(subject, reveals: dict | None) -> float | None:
    expiry = (reveals or {}).get(reveal_key(subject))
    return expiry if expiry and expiry > time.time() else None


def identity_visible(*, actor: User, person, reveals: dict | None = None, protected: bool | None = None) -> bool:
    """Whether ``actor`` sees the identity of ``person`` now.

    ``person``: a ``Person``, or a record that stands for a person not yet on file (an
    unconverted screening), which is always protected. ``reveals``: key -> expiry, from the
    session or from the one API answer that followed a reveal. ``protected``: the caller's
    ``protected_person_ids`` answer when it labels many persons at once.
    """
    if actor is None or not actor.is_authenticated:
        return False
    if any(grant(actor, person) for grant in _GRANTS.values()):
        return True
    if not actor.can_work_cases:
        return False
    if isinstance(person, Person):
        if not (person_is_protected(person) if protected is None else protected):
            return True
    return reveal_expiry(person, reveals) is not None


def may_reveal(*, actor: User) -> bool:
    """Whether the role may ask for a reveal at all (the reason is still required and audited)."""
    return bool(actor is not None and actor.is_authenticated and actor.can_reveal_identity)


def disclosed(*, actor: User, subject, via) -> frozenset[str]:
    """Identifying categories disclosed to ``actor`` about ``subject`` through ``via`` (a referral)."""
    out: set[str] = set()
    for fn in _DISCLOSURES.values():
        out |= set(fn(actor, subject, via))
    return frozenset(out)


def person_labels(*, actor: User, persons: list[Person], reveals: dict | None = None) -> dict[int, str]:
    """Name or pseudonym of many persons, with one query for their protection."""
    if not persons:
        return {}
    protected = protected_person_ids({p.pk for p in persons}) if actor.can_work_cases else set()
    return {p.pk: (p.full_name or p.pseudonym)
            if identity_visible(actor=actor, person=p, reveals=reveals, protected=p.pk in protected)
            else p.pseudonym for p in persons}


def person_label(*, actor: User, person: Person, reveals: dict | None = None) -> str:
    return person_labels(actor=actor, persons=[person], reveals=reveals)[person.pk]
