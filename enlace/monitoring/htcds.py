"""Victim records in IOM's Human Trafficking Case Data Standard (HTCDS 2.0), for research.

Who is in it: only victims whose consent in force covers research use of de-identified data
(``ConsentPurpose.RESEARCH``); everyone else is counted in the published tables only, never as a
record. What is in it: the HTCDS fields Enlace records and may publish, the values translated by
a mapping kept as data (``data/htcds-2.0.json``, its source named there), and the whole record
k-anonymised over every published field, as the CTDC releases are (``kanon``). Identifying fields
are withheld and fields Enlace does not record are left empty; both lists go with the report.
Pure reading and recoding: the service stores and audits the result as a release.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from django.db.models import QuerySet

from enlace.referrals.models import Consent, ConsentPurpose
from enlace.referrals.selectors import active_consent_q

from . import kanon
from .microdata import victim_records

MAPPING_FILE = Path(__file__).resolve().parent / "data" / "htcds-2.0.json"
# The variables k-anonymised together: CTDC's layout plus the trafficking status and the case status.
KANON_COLUMNS = (*kanon.COLUMNS, "status", "case_status")


@cache
def mapping() -> dict[str, Any]:
    return json.loads(MAPPING_FILE.read_text(encoding="utf-8"))


def header() -> list[str]:
    """Published fields first, then the empty ones (withheld, then not recorded), in the sheet's names."""
    m = mapping()
    return [f["field"] for f in m["published"]] + m["withheld"] + m["lacking"]


def research_persons() -> QuerySet:
    """Ids of persons whose consent in force covers research use of de-identified data."""
    return (Consent.objects.filter(active_consent_q(), purpose=ConsentPurpose.RESEARCH, person__isnull=False)
            .values("person_id"))


def _value(code: str, table: dict[str, str] | None, multi: bool) -> str:
    generalised = mapping()["generalised"]
    if code in generalised:
        return generalised[code]
    if table is None:
        return code.upper() if len(code) == 2 else code
    if multi:
        values = dict.fromkeys(table.get(part, "") for part in code.split(";"))
        return ";".join(v for v in values if v)
    return table.get(code, "")


def htcds_row(record: dict[str, str]) -> list[str]:
    """One k-anonymised record as a row of ``header()`` (empty fields stay empty)."""
    m = mapping()
    row = []
    for spec in m["published"]:
        if "constant" in spec:
            row.append(spec["constant"])
            continue
        table = m["values"].get(spec["values"]) if "values" in spec else None
        row.append(_value(record.get(spec["from"], ""), table, bool(spec.get("multi"))))
    return row + [""] * (len(m["withheld"]) + len(m["lacking"]))


def htcds_release(*, k: int, records: Iterable[dict[str, str]] | None = None) -> tuple[list[list[str]], dict]:
    """Rows (header first) and the report: who was left out for lack of consent, what was generalised
    and suppressed, which fields are empty and why."""
    consented = list(victim_records(persons=research_persons()) if records is None else records)
    result = kanon.k_anonymise(consented, k=k, columns=KANON_COLUMNS)
    m = mapping()
    report = {**result.report, "standard": "HTCDS 2.0", "source": m["source"],
              "consent": "only victims whose consent in force covers research use of de-identified data",
              "fields_published": [f["field"] for f in m["published"]],
              "fields_withheld_identifying": m["withheld"], "fields_not_recorded": m["lacking"]}
    return [header(), *(htcds_row(r) for r in result.records)], report
