"""Protection of a person: reflection and recovery period, non-punishment flags.

Both are recorded by case workers who fully see a case of the person; both are audited without the
free-text note (which may describe what the person went through).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from enlace.accounts.models import User
from enlace.audit.services import audit_record
from enlace.core.errors import NotFound
from enlace.core.locking import update_versioned

from .models import NonPunishmentFlag, Offence, RecoveryExtension, RecoveryPeriod
from .selectors import can_manage_protection

if TYPE_CHECKING:
    from enlace.cases.models import Case
    from enlace.persons.models import Person

MAX_PERIOD_DAYS = 366


def _require(actor: User, person: Person) -> None:
    if not can_manage_protection(actor, person):
        raise NotFound


@transaction.atomic
def recovery_period_start(*, actor: User, person: Person, starts_on: dt.date, ends_on: dt.date, granted_by: str = "",
                          note: str = "") -> RecoveryPeriod:
    """Start a reflection and recovery period (typically 30 to 90 days, set by national law)."""
    _require(actor, person)
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end date is before the start date.")})
    if (ends_on - starts_on).days > MAX_PERIOD_DAYS:
        raise ValidationError({"ends_on": _("A period longer than a year is unusual: record an extension instead.")})
    overlapping = RecoveryPeriod.objects.filter(person=person, starts_on__lte=ends_on, ends_on__gte=starts_on)
    if overlapping.exists():
        raise ValidationError({"starts_on": _("Another period already covers these dates: extend it instead.")})
    period = RecoveryPeriod.objects.create(person=person, starts_on=starts_on, ends_on=ends_on,
                                           granted_by=granted_by.strip(), note=note.strip(), created_by=actor)
    audit_record(actor=actor, action="protection.recovery_start", obj=period,
                 details={"person": person.pseudonym, "starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat()})
    return period


@transaction.atomic
def recovery_period_extend(*, actor: User, period: RecoveryPeriod, expected_version: int, new_end: dt.date,
                           reason: str) -> RecoveryExtension:
    _require(actor, period.person)
    if new_end <= period.ends_on:
        raise ValidationError({"new_end": _("The new end must be after the current end (%(date)s).")
                               % {"date": period.ends_on.isoformat()}})
    if len(reason.strip()) < 3:
        raise ValidationError({"reason": _("Give the reason for the extension.")})
    previous = period.ends_on
    update_versioned(period, expected_version=expected_version, changes={"ends_on": new_end})
    extension = RecoveryExtension.objects.create(period=period, previous_end=previous, new_end=new_end,
                                                 reason=reason.strip()[:300], by=actor)
    audit_record(actor=actor, action="protection.recovery_extend", obj=period,
                 details={"person": period.person.pseudonym, "previous_end": previous.isoformat(),
                          "new_end": new_end.isoformat()})
    return extension


@transaction.atomic
def non_punishment_flag_add(*, actor: User, person: Person, offences: Iterable[str], note: str = "",
                            case: Case | None = None) -> NonPunishmentFlag:
    """Record offences the person was compelled to commit, so no one prosecutes or punishes them for it."""
    _require(actor, person)
    offences = list(dict.fromkeys(offences))
    if not offences:
        raise ValidationError({"offences": _("Choose at least one offence.")})
    bad = [o for o in offences if o not in Offence.values]
    if bad:
        raise ValidationError({"offences": _("Unknown values: %(values)s.") % {"values": ", ".join(bad)}})
    flag = NonPunishmentFlag.objects.create(person=person, case=case, offences=offences, note=note.strip(),
                                            recorded_by=actor)
    audit_record(actor=actor, action="protection.non_punishment", obj=flag, case_id=case.pk if case else None,
                 details={"person": person.pseudonym, "offences": offences})
    return flag
