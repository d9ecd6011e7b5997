"""Cooperation's indicators on the committee's dashboard: information requests answered within
their deadline and their time to answer, the cases shared under each agreement, and the mutual
legal assistance requests by status and by counterpart country.

Registered through ``enlace.core.indicators`` in ``CooperationConfig.ready()``. Categories only:
an agreement is named by its reference (an instrument between institutions, not a person).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enlace.cases.models import CaseSharing
from enlace.core.indicators import (
    Duration,
    DurationIndicator,
    Fact,
    Indicator,
    Scope,
    register_dimension,
    register_indicator,
)
from enlace.geo.selectors import country_name

from .models import Agreement, InformationRequest
from .models_intl import MlaRequest
from .vocabulary import RequestStatus, Urgency
from .vocabulary_intl import Direction, MlaStatus

ANSWERED = (RequestStatus.ANSWERED, RequestStatus.PARTLY_ANSWERED, RequestStatus.REFUSED)
NONE = "none"


def _local_date(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()


def request_facts(scope: Scope, year: int) -> Iterator[Fact]:
    """Requests answered (fully, partly or refused with a reason) in the year: on time or late."""
    qs = InformationRequest.objects.filter(status__in=ANSWERED, answered_at__year=year)
    if not scope.everything:
        qs = qs.filter(case__lead_unit_id__in=scope.unit_ids or ())
    for answered_at, due_on, status, urgency in qs.values_list("answered_at", "due_on", "status", "urgency").iterator():
        if answered_at is None:
            continue
        on = _local_date(answered_at)
        yield Fact(on, {"on_time": "yes" if on <= due_on else "no", "request_status": status, "urgency": urgency})


def answer_durations(scope: Scope, year: int) -> Iterator[Duration]:
    """Days from sending to answering, for the requests answered in the year, by urgency."""
    qs = InformationRequest.objects.filter(status__in=ANSWERED, answered_at__year=year)
    if not scope.everything:
        qs = qs.filter(case__lead_unit_id__in=scope.unit_ids or ())
    for created_at, answered_at, urgency in qs.values_list("created_at", "answered_at", "urgency").iterator():
        if answered_at is None:
            continue
        on = _local_date(answered_at)
        yield Duration(on, max(0, (on - _local_date(created_at)).days), {"urgency": urgency})


def mla_facts(scope: Scope, year: int) -> Iterator[Fact]:
    """MLA requests recorded in the year, by direction, where they stand now and counterpart country.

    A supervisor's dashboard counts the requests linked to a case of their units (each once)."""
    qs = MlaRequest.objects.filter(created_at__year=year)
    if not scope.everything:
        qs = qs.filter(pk__in=MlaRequest.objects.filter(cases__lead_unit_id__in=scope.unit_ids or ()).values("pk"))
    for created_at, direction, status, country in qs.values_list("created_at", "direction", "status",
                                                                 "counterpart_country").iterator():
        yield Fact(_local_date(created_at), {"mla_direction": direction, "mla_status": status,
                                             "counterpart_country": country})


def sharing_facts(scope: Scope, year: int) -> Iterator[Fact]:
    """Cases shared with another institution in the year, by the agreement the sharing rests on."""
    qs = CaseSharing.objects.filter(created_at__year=year)
    if not scope.everything:
        qs = qs.filter(case__lead_unit_id__in=scope.unit_ids or ())
    for created_at, agreement_id in qs.values_list("created_at", "agreement_id").iterator():
        yield Fact(_local_date(created_at), {"agreement": str(agreement_id) if agreement_id else NONE})


def _agreement_label(code: str) -> str:
    if code == NONE:
        return _("No agreement")
    found = Agreement.objects.filter(pk=int(code)).values_list("code", "title").first() if code.isdigit() else None
    return f"{found[0]} · {found[1]}" if found else code


def _choice(choices: list[tuple[str, Any]], code: str) -> str:
    return str(dict(choices).get(code, code))


def register() -> None:
    register_dimension("on_time", label=gettext_lazy("Answered within the deadline"),
                       label_of=lambda code: _("Yes") if code == "yes" else _("No"))
    register_dimension("request_status", label=gettext_lazy("Answer"),
                       label_of=lambda code: _choice(RequestStatus.choices, code))
    register_dimension("urgency", label=gettext_lazy("Urgency"), label_of=lambda code: _choice(Urgency.choices, code))
    register_dimension("agreement", label=gettext_lazy("Agreement"), label_of=_agreement_label)
    register_dimension("mla_direction", label=gettext_lazy("Direction"),
                       label_of=lambda code: _choice(Direction.choices, code))
    register_dimension("mla_status", label=gettext_lazy("Status of the request"),
                       label_of=lambda code: _choice(MlaStatus.choices, code))
    register_dimension("counterpart_country", label=gettext_lazy("Counterpart country"),
                       label_of=lambda code: country_name(code) or code)
    register_indicator(Indicator(
        key="information_requests", title=gettext_lazy("Information requests answered"), order=100,
        facts=request_facts, source=gettext_lazy("Information requests: due date, date and kind of answer."),
        definition=gettext_lazy("Requests for information answered in the period (fully, in part, or refused with "
                                "a reason), and whether the answer came by the due date."),
        dimensions=("on_time", "request_status", "urgency")))
    register_indicator(DurationIndicator(
        key="time_to_answer", title=gettext_lazy("Time to answer an information request"), order=105,
        durations=answer_durations, dimension="urgency",
        source=gettext_lazy("Information requests: date sent, date and kind of answer, urgency."),
        definition=gettext_lazy("Days from sending a request for information to its answer (fully, in part, or "
                                "refused with a reason), for the requests answered in the period, by urgency: "
                                "number of answers, median and 90th percentile.")))
    register_indicator(Indicator(
        key="mla_requests", title=gettext_lazy("Mutual legal assistance requests"), order=115, facts=mla_facts,
        source=gettext_lazy("Mutual legal assistance requests: date recorded, direction, status, counterpart "
                            "country."),
        definition=gettext_lazy("Requests for mutual legal assistance recorded in the period, sent or received, "
                                "by where they stand today and by the counterpart country."),
        dimensions=("mla_direction", "mla_status", "counterpart_country")))
    register_indicator(Indicator(
        key="sharings", title=gettext_lazy("Cases shared under agreements"), order=110, facts=sharing_facts,
        source=gettext_lazy("Sharings of cases with other institutions and the agreement each rests on."),
        definition=gettext_lazy("Cases shared with another institution in the period, by the cooperation "
                                "agreement the sharing rests on."),
        dimensions=("agreement",)))
