"""Agreements and liaisons for tests, made through the services."""

from __future__ import annotations

import datetime as dt

from enlace.accounts.models import Institution
from enlace.cooperation.models import Agreement
from enlace.cooperation.services import AgreementInput, Flow, agreement_create
from enlace.cooperation.vocabulary import DataCategory

ALL_BUT_IDENTITIES = [DataCategory.CASE_SUMMARY, DataCategory.PERSONS, DataCategory.EVIDENCE, DataCategory.STATISTICS]


def make_agreement(code: str, parties: list[Institution], *, categories: list[str] | None = None,
                   both_ways: bool = True, status: str = "in_force", consent_required: bool = False,
                   expires_on: dt.date | None = None, answer_days: int = 15) -> Agreement:
    """An agreement between the parties letting ``categories`` flow between every pair of them."""
    cats = categories if categories is not None else ALL_BUT_IDENTITIES
    flows = [Flow(provider=a, recipient=b, categories=cats) for a in parties for b in parties
             if a.pk != b.pk and (both_ways or a.pk == parties[0].pk)]
    return agreement_create(actor=None, data=AgreementInput(
        code=code, title=f"Agreement {code}", kind="mou", purpose="Cooperation against trafficking",
        parties=parties, flows=flows, status=status, consent_required=consent_required, expires_on=expires_on,
        answer_days=answer_days))
