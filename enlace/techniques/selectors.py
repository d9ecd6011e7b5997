"""Reads of the special techniques compartment.

The rule: an authorisation is seen only by the users named on it, and only while they have full
access to its case. Everyone else (the case team, the lead unit's supervisors, a sharing, an
administrator) gets the same NotFound as for an id that does not exist. The list of a case shows
the named user only the authorisations naming them; it says nothing of the others, not even
how many there are.

Audit entries of the compartment name the authorisation (or the case, for a look at the list) but
carry no ``case_id``: the case's audit trail, which the lead unit's supervisors read, would
otherwise tell them an authorisation exists. The auditors see them in the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.db.models import QuerySet

from enlace.accounts.models import User
from enlace.audit.reads import audit_read
from enlace.cases.access import Access, has_full_access
from enlace.cases.models import Case, CasePerson
from enlace.cases.selectors import case_get, case_members, case_persons
from enlace.core.errors import NotFound
from enlace.persons.identity import person_labels

from .models import Authorisation, AuthorisationTarget


def technique_case(*, actor: User, case_id: UUID) -> Case:
    """The case, when the actor has full access to it; NotFound otherwise (missing or not theirs)."""
    case, access = case_get(actor=actor, case_id=case_id, audit=False)
    if access < Access.FULL:
        raise NotFound
    return case


def named_on(*, actor: User) -> QuerySet[Authorisation]:
    """Authorisations naming the actor (the case-access half of the rule is checked per case)."""
    return Authorisation.objects.filter(members=actor)


def authorisation_list(*, actor: User, case_id: UUID) -> tuple[Case, list[Authorisation]]:
    case = technique_case(actor=actor, case_id=case_id)
    rows = list(named_on(actor=actor).filter(case=case).prefetch_related("renewals"))
    for row in rows:  # the surfaces get the renewals' ids, never the manager to walk
        row.renewal_ids = [r.public_id for r in row.renewals.all()]  # type: ignore[attr-defined]
    audit_read(actor=actor, action="technique.list", obj=case, details={"shown": len(rows)}, lead=True)
    return case, rows


def authorisation_get(*, actor: User, authorisation_id: UUID, audit: bool = True) -> Authorisation:
    """The authorisation, when it names the actor and the actor still fully sees its case."""
    auth = named_on(actor=actor).select_related("case", "renews").filter(public_id=authorisation_id).first()
    if auth is None or not has_full_access(actor, auth.case):
        raise NotFound
    if audit:
        audit_read(actor=actor, action="technique.read", obj=auth, lead=True)
    return auth


@dataclass(frozen=True)
class TargetRow:
    label: str
    in_case: bool


def authorisation_targets(*, actor: User, auth: Authorisation, reveals: dict | None = None) -> list[TargetRow]:
    """Targets by pseudonym, or by name where the identity gate lets this actor see it now."""
    targets = list(AuthorisationTarget.objects.filter(authorisation=auth).select_related("case_person__person"))
    persons = [t.case_person.person for t in targets if t.case_person is not None]
    labels = person_labels(actor=actor, persons=persons, reveals=reveals)
    return [TargetRow(labels[t.case_person.person_id], True) if t.case_person is not None
            else TargetRow(t.pseudonym, False) for t in targets]


def authorisation_members(auth: Authorisation) -> QuerySet[User]:
    return User.objects.filter(pk__in=auth.members.values("pk")).order_by("username")


def member_candidates(*, actor: User, case: Case) -> QuerySet[User]:
    """Who may be named: the case's team members and participants (a supervisor is named by
    being made a participant first; the unit's supervision alone does not open the compartment)."""
    return case_members(actor=actor, case=case)


def target_candidates(*, actor: User, case: Case) -> QuerySet[CasePerson]:
    return case_persons(actor=actor, case=case)


def renewals_of(auth: Authorisation) -> list[Authorisation]:
    return list(auth.renewals.order_by("starts_on", "id"))
