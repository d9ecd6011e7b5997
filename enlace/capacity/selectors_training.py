"""Reads for courses, sessions, the staff register and one's own training record.

The capacity manager reads the whole register; every other user reads only their own record
(the staff row linked to their account) and exports only their own certificates.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, Q, QuerySet

from enlace.accounts.models import User
from enlace.core.errors import NotFound

from .models import Course, Participation, StaffMember, TrainingSession
from .selectors import _managed, is_manager, require_manager

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class SessionCounts(TypedDict):
    n_participants: int
    n_completed: int

def course_list(*, actor: User) -> QuerySet[Course]:
    require_manager(actor)
    return Course.objects.annotate(n_sessions=Count("sessions"))


def course_get(*, actor: User, course_id: int) -> Course:
    return _managed(actor, Course.objects.all(), course_id)


def session_list(*, actor: User, course: Course | None = None) -> QuerySet[WithAnnotations[TrainingSession, SessionCounts]]:
    require_manager(actor)
    qs = TrainingSession.objects.select_related("course").annotate(
        n_participants=Count("participants"), n_completed=Count("participants", filter=Q(participants__completed=True)))
    return qs.filter(course=course) if course is not None else qs


def session_get(*, actor: User, session_id: int) -> TrainingSession:
    return _managed(actor, TrainingSession.objects.select_related("course"), session_id)


def participants_of(session: TrainingSession) -> QuerySet[Participation]:
    return session.participants.select_related("staff__institution", "staff__unit").order_by("staff__full_name")


def staff_list(*, actor: User) -> QuerySet[StaffMember]:
    require_manager(actor)
    return StaffMember.objects.select_related("institution", "unit").annotate(
        n_completed=Count("participations", filter=Q(participations__completed=True)))


def staff_get(*, actor: User, staff_id: int) -> StaffMember:
    return _managed(actor, StaffMember.objects.select_related("institution", "unit"), staff_id)


def own_record(*, actor: User) -> StaffMember | None:
    """The register row linked to this account, if any: what "my training" shows."""
    return StaffMember.objects.select_related("institution", "unit").filter(user=actor).first()


def record_of(staff: StaffMember) -> QuerySet[Participation]:
    return staff.participations.select_related("session__course").order_by("-session__starts_on")


def participation_get(*, actor: User, participation_id: int) -> Participation:
    """A certificate: the manager's, or the staff member's own; anyone else gets a missing one."""
    qs = Participation.objects.select_related("session__course", "staff__institution")
    if not is_manager(actor):
        qs = qs.filter(staff__user=actor)
    found = qs.filter(pk=participation_id, completed=True).first()
    if found is None:
        raise NotFound
    return found
