"""Writes for training and specialisation: courses, sessions, the staff register, participants,
and the attendance import.

Staff names are personal data of officials: audit details name row ids and counts only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from enlace.accounts.models import Institution, Unit, User
from enlace.audit.services import audit_record

from .importing import SheetRow, name_key, read_sheet
from .models import Course, Participation, StaffMember, TrainingSession
from .selectors import require_manager
from .vocabulary import Competency, Modality, Provider


def _competencies(codes: list[str]) -> list[str]:
    unknown = [c for c in codes if c not in Competency.values]
    if unknown:
        raise ValidationError({"competencies": [_("Unknown competency.")]})
    return list(dict.fromkeys(codes))


@transaction.atomic
def course_create(*, actor: User, title: str, provider: str, hours: int, modality: str, competencies: list[str],
                  modules: list[str] | None = None, provider_name: str = "",
                  validity_months: int | None = None) -> Course:
    require_manager(actor)
    if provider not in Provider.values or modality not in Modality.values:
        raise ValidationError(_("Choose a provider and a modality from the lists."))
    if not title.strip() or hours < 1:
        raise ValidationError(_("A course needs a title and at least one hour."))
    course = Course.objects.create(title=title.strip(), provider=provider, provider_name=provider_name.strip(),
                                   hours=hours, modality=modality, competencies=_competencies(competencies),
                                   modules=[m.strip() for m in (modules or []) if m.strip()],
                                   validity_months=validity_months)
    audit_record(actor=actor, action="capacity.course.create", obj=course,
                 details={"provider": provider, "competencies": course.competencies})
    return course


@transaction.atomic
def session_create(*, actor: User, course: Course, starts_on: dt.date, ends_on: dt.date, place: str,
                   trainers: str = "") -> TrainingSession:
    require_manager(actor)
    if ends_on < starts_on:
        raise ValidationError({"ends_on": [_("A session cannot end before it starts.")]})
    session = TrainingSession.objects.create(course=course, starts_on=starts_on, ends_on=ends_on,
                                             place=place.strip(), trainers=trainers.strip())
    audit_record(actor=actor, action="capacity.session.create", obj=session, details={"course": course.pk})
    return session


@transaction.atomic
def staff_create(*, actor: User, full_name: str, institution: Institution, unit: Unit | None = None,
                 position: str = "", user: User | None = None,
                 specialisations: list[str] | None = None) -> StaffMember:
    require_manager(actor)
    if not name_key(full_name):
        raise ValidationError({"full_name": [_("Write the name.")]})
    if unit is not None and unit.institution_id != institution.pk:
        raise ValidationError({"unit": [_("The unit belongs to another institution.")]})
    staff = StaffMember.objects.create(full_name=full_name.strip(), name_key=name_key(full_name),
                                       institution=institution, unit=unit, position=position.strip(), user=user,
                                       specialisations=_competencies(specialisations or []))
    audit_record(actor=actor, action="capacity.staff.create", obj=staff,
                 details={"institution": institution.pk, "unit": unit.pk if unit else None,
                          "user": user.pk if user else None})
    return staff


def expiry_for(course: Course, certificate_on: dt.date | None) -> dt.date | None:
    """The refresh date: issue date plus the course's validity in months (end of month clamped)."""
    if certificate_on is None or not course.validity_months:
        return None
    month = certificate_on.month - 1 + course.validity_months
    year, month = certificate_on.year + month // 12, month % 12 + 1
    for day in (certificate_on.day, 30, 29, 28):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _participation(session: TrainingSession, staff: StaffMember, *, attended: bool, completed: bool,
                   certificate_on: dt.date | None) -> Participation:
    if completed and not attended:
        raise ValidationError(_("A participant cannot complete a course without attending."))
    if certificate_on is None and completed:
        certificate_on = session.ends_on
    values = {"attended": attended, "completed": completed,
              "certificate_on": certificate_on if completed else None,
              "certificate_expires_on": expiry_for(session.course, certificate_on) if completed else None}
    participation, _created = Participation.objects.update_or_create(session=session, staff=staff, defaults=values)
    return participation


@transaction.atomic
def participation_record(*, actor: User, session: TrainingSession, staff: StaffMember, attended: bool = True,
                         completed: bool = False, certificate_on: dt.date | None = None) -> Participation:
    require_manager(actor)
    participation = _participation(session, staff, attended=attended, completed=completed,
                                   certificate_on=certificate_on)
    audit_record(actor=actor, action="capacity.participation.record", obj=participation,
                 details={"session": session.pk, "staff": staff.pk, "completed": completed})
    return participation


@dataclass
class ImportReport:
    invalid: list[tuple[int, str]] = field(default_factory=list)  # (line, reason): nothing written
    unmatched: list[tuple[int, str]] = field(default_factory=list)  # (line, name as written)
    matched: list[tuple[SheetRow, StaffMember]] = field(default_factory=list)
    written: int = 0

    @property
    def needs_choice(self) -> bool:
        """Unmatched names and no invalid row: the user imports the matched rows or cancels."""
        return not self.invalid and bool(self.unmatched) and not self.written


def _match(rows: list[SheetRow], report: ImportReport) -> None:
    by_key: dict[str, list[StaffMember]] = {}
    for staff in StaffMember.objects.filter(is_active=True, name_key__in={name_key(r.name) for r in rows}):
        by_key.setdefault(staff.name_key, []).append(staff)
    for row in rows:
        found = by_key.get(name_key(row.name), [])
        if len(found) > 1:
            report.invalid.append((row.line, _("several people in the register have this name")))
        elif found:
            report.matched.append((row, found[0]))
        else:
            report.unmatched.append((row.line, row.name))


@transaction.atomic
def attendance_import(*, actor: User, session: TrainingSession, data: bytes, filename: str,
                      import_matched: bool = False) -> ImportReport:
    """All or nothing: any invalid row writes nothing; unmatched names write nothing unless the user
    chose to import the matched rows (``import_matched``), and then all of them in one transaction."""
    require_manager(actor)
    sheet = read_sheet(data, filename)
    report = ImportReport(invalid=list(sheet.invalid))
    _match(sheet.rows, report)
    report.invalid.sort()
    if report.invalid or (report.unmatched and not import_matched) or not report.matched:
        return report
    for row, staff in report.matched:
        _participation(session, staff, attended=row.attended, completed=row.completed,
                       certificate_on=row.certificate_on)
    report.written = len(report.matched)
    audit_record(actor=actor, action="capacity.attendance.import", obj=session,
                 details={"written": report.written, "unmatched": len(report.unmatched)})
    return report
