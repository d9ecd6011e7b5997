"""Values that are possible but unlikely: asked about, kept once the user confirms them.

Impossible values (31 February) are refused by the services outright. Unlikely ones (a report dated
in the future, a judgment on a case that has not reached trial, an age at exploitation that the
birth date contradicts) are often typing slips, but not always: a report may be dated ahead by an
agreed procedure, an old judgment may be recorded late. So the service names each doubt on its
field and refuses until the user ticks one box that says they checked them; the write then goes
through and its audit entry records which doubts were confirmed. One rule in the service, whichever
surface sends the values: a form shows the box, the API takes ``confirm_unlikely``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

FIELD = "confirm_unlikely"


def check(doubts: dict[str, str], *, confirmed: bool) -> list[str]:
    """Refuse while there are unconfirmed doubts; return the fields confirmed (for the audit entry)."""
    if doubts and not confirmed:
        raise ValidationError({**doubts, FIELD: _("Check the values marked above. If they are right, tick this "
                                                  "box and save again.")})
    return sorted(doubts)


def shown_date(value: dt.date) -> str:
    """A date as the user's language writes it, the same as the pages around the message."""
    return date_format(value, "SHORT_DATE_FORMAT")


def future_date(value: dt.date | None, *, today: dt.date) -> str | None:
    if value is not None and value > today:
        return _("This date is in the future (%(date)s).") % {"date": shown_date(value)}
    return None


def age_range(*, year: int | None, month: int | None, day: int | None, on: dt.date) -> tuple[int, int] | None:
    """The ages someone born on a possibly partial date can have on ``on`` (``None``: no year)."""
    if not year:
        return None
    if month and day:
        age = on.year - year - ((on.month, on.day) < (month, day))
        return age, age
    if month:
        if on.month == month:
            return on.year - year - 1, on.year - year
        age = on.year - year - (on.month < month)
        return age, age
    return on.year - year - 1, on.year - year


def age_doubt(age: int | None, *, birth: tuple[int | None, int | None, int | None], on: dt.date,
              by: bool = False) -> str | None:
    """The doubt when an age at a date contradicts a (partial) birth date. ``by``: the age was
    reached by that date at the latest (the exploitation began before the report), so only an age
    above what the birth date allows then is questioned."""
    year, month, day = birth
    ages = age_range(year=year, month=month, day=day, on=on)
    if age is None or ages is None or ages[0] <= age <= ages[1] or (by and age <= ages[1]):
        return None
    low, high = ages
    shown = str(low) if low == high else f"{low}–{high}"
    if high < 18 <= age:
        return _("The birth date makes the person a minor (%(ages)s) on %(date)s, not %(age)s.") % {
            "ages": shown, "date": shown_date(on), "age": age}
    return _("The birth date gives an age of %(ages)s on %(date)s, not %(age)s.") % {
        "ages": shown, "date": shown_date(on), "age": age}


class ConfirmUnlikelyForm(forms.Form):
    """A form whose service may question unlikely values: the box stays hidden until it does."""

    confirm_unlikely = forms.BooleanField(
        label=gettext_lazy("I checked these values: keep them"), required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[FIELD] = self.fields.pop(FIELD)  # last, below the values it confirms

    def add_error(self, field: str | None, error: Any) -> None:
        if field == FIELD:
            self.fields[FIELD].widget = forms.CheckboxInput()
        super().add_error(field, error)
