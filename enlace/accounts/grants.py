"""Four eyes: the kinds of access grant, who may decide them, and what approvers see.

Any grant of access to cases or identities (an account, a role, a team membership; the cases app
adds a case participant and a sharing) is stored as an ``AccessGrantRequest`` and applied only
when a second, authorised person approves it. Each kind is registered here with the function
that applies it, so the accounts app decides requests it does not understand in detail without
importing the apps above it (the cases app registers its kinds in ``CasesConfig.ready()``).

Who decides: a designated approver of the request's institution, or a supervisor of its unit;
never the person who asked, never the person who would get the access.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.functional import Promise

from .models import AccessGrantRequest, GrantStatus, User

Apply = Callable[[AccessGrantRequest, User], None]
Describe = Callable[[AccessGrantRequest], str]


@dataclass(frozen=True)
class GrantKind:
    """``apply(request, approver)`` performs the grant (re-validating what may have changed since the
    request; a ``ValidationError`` leaves the request pending); ``describe(request)`` says in the
    reader's language exactly what would be granted."""

    name: str
    label: str | Promise
    apply: Apply
    describe: Describe


_KINDS: dict[str, GrantKind] = {}


def register_grant_kind(kind: GrantKind) -> GrantKind:
    _KINDS[kind.name] = kind
    return kind


def grant_kind(name: str) -> GrantKind:
    return _KINDS[name]


def describe(request: AccessGrantRequest) -> str:
    kind = _KINDS.get(request.kind)
    return kind.describe(request) if kind else request.kind


def kind_label(request: AccessGrantRequest) -> str:
    kind = _KINDS.get(request.kind)
    return str(kind.label) if kind else request.kind


def may_decide(actor: User | None, request: AccessGrantRequest) -> bool:
    """The approver rule: a second person, authorised for the institution or the unit concerned."""
    if actor is None or not actor.is_active or not actor.is_authenticated:
        return False
    if actor.pk in (request.requested_by_id, request.subject_id):
        return False
    if request.institution_id in actor.approver_institution_ids:
        return True
    return request.unit_id is not None and request.unit_id in actor.supervised_unit_ids


def approvers_q(request: AccessGrantRequest) -> Q:
    """Users who may decide this request (before excluding the requester and the subject)."""
    from_institution = Q(memberships__institution_id=request.institution_id, memberships__role="approver",
                         memberships__is_active=True)
    if request.unit_id is None:
        return from_institution
    return from_institution | Q(memberships__unit_id=request.unit_id, memberships__role="supervisor",
                                memberships__is_active=True)


def approvers_of(request: AccessGrantRequest) -> QuerySet[User]:
    exclude = [pk for pk in (request.requested_by_id, request.subject_id) if pk]
    return User.objects.filter(approvers_q(request), is_active=True).exclude(pk__in=exclude).distinct()


def _decidable_q(actor: User) -> Q:
    cond = Q(institution_id__in=actor.approver_institution_ids)
    if actor.supervised_unit_ids:
        cond |= Q(unit_id__in=actor.supervised_unit_ids)
    return cond


def pending_for(actor: User) -> QuerySet[AccessGrantRequest]:
    """The requests waiting for this approver's decision (not their own, not for themselves)."""
    if not actor.is_approver:
        return AccessGrantRequest.objects.none()
    return (AccessGrantRequest.objects.filter(_decidable_q(actor), status=GrantStatus.PENDING)
            .exclude(requested_by=actor).exclude(subject=actor)
            .select_related("requested_by", "subject", "institution", "unit"))


def decided_by_or_for(actor: User) -> QuerySet[AccessGrantRequest]:
    """Recent decisions this approver could see (the history under the pending list)."""
    if not actor.is_approver:
        return AccessGrantRequest.objects.none()
    return (AccessGrantRequest.objects.filter(_decidable_q(actor)).exclude(status=GrantStatus.PENDING)
            .select_related("requested_by", "subject", "decided_by", "institution", "unit"))


def requested_by(actor: User) -> QuerySet[AccessGrantRequest]:
    return AccessGrantRequest.objects.filter(requested_by=actor).select_related("subject", "decided_by")


def pending_count(actor: User) -> int:
    return pending_for(actor).count()
