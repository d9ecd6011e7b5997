"""Reads of international cooperation, each taking the acting user.

Who sees an MLA request, a notice or a joint investigation team: whoever recorded it, whoever has
full access to a case it is linked to (the cases' need-to-know rule, asked through
``cases.access``), and the national liaison of the institution that recorded it (the point of
contact for international work). The cases a record names are shown only where the reader may see
them; a notice's subject by pseudonym unless the identity gate lets this reader see the name.
Everyone else gets the same 404 as for a missing id.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from enlace.accounts.models import User
from enlace.audit.reads import audit_read
from enlace.cases.access import visible_cases
from enlace.cases.models import Case
from enlace.core.errors import NotFound
from enlace.persons.identity import person_label

from .models import Liaison
from .models_intl import InterpolNotice, JointInvestigationTeam, MlaRequest
from .vocabulary_intl import MLA_CLOSED, InterpolStatus

DEADLINE_WINDOW_DAYS = 14


def _national_of(actor: User) -> list[int]:
    return list(Liaison.objects.filter(user=actor, is_active=True, subdivision="").values_list("institution_id",
                                                                                                flat=True))


def _visible_q(actor: User, *, case_field: str = "cases") -> Q:
    full = visible_cases(actor, full_only=True).order_by().values("pk")
    return Q(created_by=actor) | Q(**{f"{case_field}__in": full}) | Q(institution_id__in=_national_of(actor))


def _visible(model: type[Model], actor: User, case_field: str = "cases") -> QuerySet[Any]:
    if not actor.can_work_cases:
        return model._default_manager.none()
    ids = model._default_manager.filter(_visible_q(actor, case_field=case_field)).values("pk")
    return model._default_manager.filter(pk__in=ids)


def may_write_intl(actor: User, obj: MlaRequest | InterpolNotice | JointInvestigationTeam) -> bool:
    """Who records the next step: whoever recorded it, the national liaison of its institution, and
    those who edit a linked case (full access and a role that edits case files: not a reader
    through a sharing)."""
    if obj.created_by_id == actor.pk or obj.institution_id in _national_of(actor):
        return True
    ids = [obj.case_id] if isinstance(obj, InterpolNotice) else list(obj.cases.values_list("pk", flat=True))
    return bool(ids) and actor.can_create_cases and visible_cases(actor, full_only=True, among=ids).exists()


def mla_list(*, actor: User) -> QuerySet[MlaRequest]:
    audit_read(actor=actor, action="cooperation.mla.list")
    return _visible(MlaRequest, actor).select_related("institution").order_by("-created_at", "-id")


def notice_list(*, actor: User) -> QuerySet[InterpolNotice]:
    audit_read(actor=actor, action="cooperation.notice.list")
    return _visible(InterpolNotice, actor, "case").order_by("-requested_on", "-id")


def jit_list(*, actor: User) -> QuerySet[JointInvestigationTeam]:
    audit_read(actor=actor, action="cooperation.jit.list")
    return _visible(JointInvestigationTeam, actor).prefetch_related("parties").order_by("-starts_on", "-id")


def _get(model: type[Model], actor: User, pk: UUID, action: str, case_field: str = "cases") -> Any:
    obj = _visible(model, actor, case_field).filter(public_id=pk).first()
    if obj is None:
        raise NotFound
    audit_read(actor=actor, action=action, obj=obj, case_id=getattr(obj, "case_id", None),
               details={"reference": obj.reference}, lead=True)
    return obj


def mla_get(*, actor: User, mla_id: UUID) -> MlaRequest:
    return _get(MlaRequest, actor, mla_id, "cooperation.mla_read")


def notice_get(*, actor: User, notice_id: UUID) -> InterpolNotice:
    return _get(InterpolNotice, actor, notice_id, "cooperation.notice_read", "case")


def jit_get(*, actor: User, jit_id: UUID) -> JointInvestigationTeam:
    return _get(JointInvestigationTeam, actor, jit_id, "cooperation.jit_read")


def mla_events(*, mla: MlaRequest) -> list[Any]:
    """The timeline of a request the caller already read through :func:`mla_get`."""
    return list(mla.events.select_related("actor"))


def jit_parts(*, jit: JointInvestigationTeam) -> dict[str, list[Any]]:
    """Parties, members and extensions of a team the caller already read through :func:`jit_get`."""
    return {"parties": list(jit.parties.all()), "members": list(jit.members.all()),
            "extensions": list(jit.extensions.all())}


def linked_cases(*, actor: User, obj: MlaRequest | JointInvestigationTeam | InterpolNotice) -> list[Case]:
    """The linked cases this reader may see (any scope); the others are not named."""
    ids = [obj.case_id] if isinstance(obj, InterpolNotice) else list(obj.cases.values_list("pk", flat=True))
    return list(visible_cases(actor, among=ids).order_by("pk")) if ids else []


def notice_subject(*, actor: User, notice: InterpolNotice, reveals: dict | None = None) -> str:
    """The subject's pseudonym, or the name where the identity gate lets this reader see it."""
    if notice.subject_id is None:
        return ""
    return person_label(actor=actor, person=notice.subject.person, reveals=reveals)  # type: ignore[union-attr]


def international_due(*, actor: User, today: dt.date | None = None) -> dict[str, list[Any]]:
    """For the liaison's page: open MLA requests with a deadline soon or past, teams expiring, notices pending."""
    today = today or timezone.localdate()
    soon = today + dt.timedelta(days=DEADLINE_WINDOW_DAYS)
    return {
        "mla_due": list(_visible(MlaRequest, actor).exclude(status__in=MLA_CLOSED)
                        .filter(deadline__isnull=False, deadline__lte=soon).order_by("deadline")[:20]),
        "jits_expiring": list(_visible(JointInvestigationTeam, actor).filter(expires_on__gte=today,
                                                                             expires_on__lte=soon)[:20]),
        "notices_pending": list(_visible(InterpolNotice, actor, "case").filter(status=InterpolStatus.REQUESTED)[:20]),
    }
