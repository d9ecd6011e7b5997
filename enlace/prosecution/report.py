"""The evidence section of the case file report (registered on ``cases.hooks.case_report_sections``).

Every item with its kind, seal, storage place, the persons it concerns (by pseudonym unless the
reader's reveals in force show the name) and its chain of custody. Files are listed by name and
fingerprint only; their content never goes into the report.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from enlace.core.report import ReportSection, ReportTable, ReportText
from enlace.persons.identity import person_labels

from .models import CustodyEvent, EvidenceItem

ORDER = 40


def _who(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def _event_row(e: CustodyEvent) -> list[str]:
    to = _who(e.to_user) if e.to_user_id else (e.to_external.name if e.to_external_id and e.to_external else "")
    details = " ".join(part for part in (
        f"{_('Receipt')} {e.receipt_reference}." if e.receipt_reference else "",
        f"{_('Ordered by')} {e.ordered_by}." if e.ordered_by else "",
        {True: _("Seal intact") + ".", False: _("Seal broken") + "."}.get(e.seal_intact, "") if e.seal_intact is not None else "",
        e.condition, e.reason) if part)
    verified = {True: _("yes"), False: _("MISMATCH")}.get(e.files_verified, "—") if e.files_verified is not None else "—"
    return [date_format(timezone.localtime(e.at), "SHORT_DATETIME_FORMAT"), e.get_kind_display(), _who(e.recorded_by),
            to or "—", details or "—", verified]


def evidence_section(*, actor, case, reveals: dict | None) -> ReportSection | None:
    """None when the reader lacks full access (the report asks only then, this is a second lock)."""
    items = list(EvidenceItem.objects.filter(case=case).select_related("location")
                 .prefetch_related("persons__person", "files"))
    events: dict[int, list[CustodyEvent]] = {}
    for e in (CustodyEvent.objects.filter(item__case=case).select_related("recorded_by", "to_user", "to_external")
              .order_by("at", "id")):
        events.setdefault(e.item_id, []).append(e)
    persons = [cp.person for item in items for cp in item.persons.all()]
    labels = person_labels(actor=actor, persons=persons, reveals=reveals)
    blocks: list[ReportText | ReportTable] = []
    if not items:
        blocks.append(ReportText(_("No evidence registered.")))
    for item in items:
        blocks.append(ReportText(f"{_('Exhibit')} {item.exhibit_number} · {item.get_kind_display()}", heading=True))
        concerned = ", ".join(labels[cp.person_id] for cp in item.persons.all()) or "—"
        facts = [f"{_('Description')}: {item.description or '—'}",
                 f"{_('Seal number')}: {item.seal_number or '—'} · {_('Storage location')}: {item.location or '—'}",
                 f"{_('Persons')}: {concerned}"]
        facts += [f"{_('File')}: {f.name} · SHA-256 {f.sha256}" for f in item.files.all()]
        blocks += [ReportText(text) for text in facts]
        blocks.append(ReportTable([_("When"), _("What"), _("By"), _("To"), _("Details"), _("Files verified")],
                                  [_event_row(e) for e in events.get(item.pk, [])]))
    return ReportSection(title=_("Evidence and chain of custody"), order=ORDER, blocks=blocks)
