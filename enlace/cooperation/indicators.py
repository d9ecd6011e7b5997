"""Cooperation's indicators for the committee's dashboard (``core.indicators``): information
requests between institutions by what was asked and where they stand, the time they took to be
answered, and mutual legal assistance requests by direction and status. Categories only: no
reference, institution name or text leaves here. Registered by ``CooperationConfig.ready()``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enlace.core.indicators import (
    Duration,
    DurationIndicator,
    Fact,
    Indicator,
    Scope,
    register_dimension,
    register_indicator,
)

from .models import InformationRequest
from .models_intl import MlaRequest
from .vocabulary import DataCategory, RequestStatus
from .vocabulary_intl import Direction, MlaStatus

SOURCE = _("Information requests between institutions: what was asked, date sent, date answered, status.")


def _day(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date()


def _requests(scope: Scope) -> QuerySet[InformationRequest]:
    qs = InformationRequest.objects.all()
    return qs if scope.everything else qs.filter(case__lead_unit_id__in=scope.unit_ids or ())


def request_facts(scope: Scope, year: int) -> Iterator[Fact]:
    for created_at, category, status in _requests(scope).filter(created_at__year=year).values_list(
            "created_at", "category", "status").iterator():
        yield Fact(_day(created_at), {"request_category": category, "request_status": status})


def answer_durations(scope: Scope, year: int) -> Iterator[Duration]:
    """Days from sending to the answer, counted in the year of the answer."""
    rows = _requests(scope).filter(answered_at__year=year).values_list("answered_at", "created_at", "category")
    for answered_at, created_at, category in rows.iterator():
        if answered_at is None:
            continue
        yield Duration(_day(answered_at), max(0, (_day(answered_at) - _day(created_at)).days),
                       {"request_category": category})


def mla_facts(scope: Scope, year: int) -> Iterator[Fact]:
    qs = MlaRequest.objects.filter(created_at__year=year)
    if not scope.everything:
        qs = qs.filter(cases__lead_unit_id__in=scope.unit_ids or ()).distinct()
    for created_at, direction, status in qs.values_list("created_at", "direction", "status").iterator():
        yield Fact(_day(created_at), {"mla_direction": direction, "mla_status": status})


def _label(choices: type[models.TextChoices]) -> Callable[[str], str]:
    labels = dict(choices.choices)
    return lambda value: str(labels.get(value, value))


def register() -> None:
    register_dimension("request_category", label=_("What was asked for"), label_of=_label(DataCategory))
    register_dimension("request_status", label=_("Status of the request"), label_of=_label(RequestStatus))
    register_dimension("mla_direction", label=_("Direction"), label_of=_label(Direction))
    register_dimension("mla_status", label=_("Status of the MLA request"), label_of=_label(MlaStatus))
    register_indicator(Indicator(
        key="cooperation_requests", title=_("Information requests between institutions"), order=80,
        facts=request_facts, source=SOURCE, dimensions=("request_category", "request_status"),
        definition=_("Information requests sent to another institution in the period, by what was asked for and "
                     "where they stand today.")))
    register_indicator(DurationIndicator(
        key="cooperation_answer_time", title=_("Time to answer information requests"), order=81,
        durations=answer_durations, dimension="request_category", source=SOURCE,
        definition=_("Days from sending an information request to its answer, for requests answered in the year: "
                     "number answered, median and 90th percentile.")))
    register_indicator(Indicator(
        key="mla_requests", title=_("Mutual legal assistance requests"), order=82, facts=mla_facts,
        source=_("Mutual legal assistance requests: date recorded, direction, status."),
        dimensions=("mla_direction", "mla_status"),
        definition=_("Mutual legal assistance requests recorded in the period, outgoing and incoming, by where they "
                     "stand today.")))
