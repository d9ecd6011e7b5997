"""The elements matrix and the proceedings in the case file report (``cases.hooks.case_report_sections``).

Why two sections and not one: the matrix is what the prosecutor checks before charging (element by
element, the evidence that is there or the gap), the proceedings are what happened in court; a
reader looks for one or the other. Every person is labelled through the identity gate with the
reader's reveals in force (defendants, victims who testify, reparations, protected persons), so
the printed file shows no more than the screen. The report asks only for a reader with full access.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from enlace.cases.models import CasePerson
from enlace.core.report import ReportSection, ReportTable, ReportText
from enlace.persons.identity import person_labels

from .selectors_elements import matrix_groups
from .selectors_proceedings import Proceedings, case_proceedings
from .vocabulary_proceedings import Participation

ELEMENTS_ORDER = 45
PROCEEDINGS_ORDER = 50


def _day(value) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else "—"


def _labeller(actor, reveals: dict | None, case_persons: Sequence[CasePerson | None]):
    persons = [cp.person for cp in case_persons if cp is not None]
    labels = person_labels(actor=actor, persons=persons, reveals=reveals)

    def label(cp: CasePerson | None) -> str:
        return labels.get(cp.person_id, "—") if cp is not None else "—"

    return label


def elements_section(*, actor, case, reveals: dict | None) -> ReportSection | None:
    """Per defendant and offence: each element with its status, what proves it, or the gap."""
    groups = matrix_groups(case)
    if not groups:
        return ReportSection(_("Elements of the offence"), ELEMENTS_ORDER,
                             [ReportText(_("No elements matrix opened."))])
    people = [g.defendant for g in groups] + [t for g in groups for r in g.rows for t in r.testimonies]
    label = _labeller(actor, reveals, people)
    blocks: list[ReportText | ReportTable] = []
    for g in groups:
        blocks.append(ReportText(f"{label(g.defendant)} · {g.offence.article} — {g.offence.title}", heading=True))
        rows = []
        for r in g.rows:
            proof = ", ".join([i.exhibit_number for i in r.evidence] + [label(t) for t in r.testimonies]) or "—"
            gap = r.gap if r.gap else (_("not required") if not r.required else _("no gap"))
            rows.append([r.label, r.link.get_status_display(), proof, gap, r.link.note or "—"])
        blocks.append(ReportTable([_("Element"), _("Status"), _("Evidence and testimonies"), _("Gap"), _("Note")],
                                  rows))
    gaps = [f"{label(g.defendant)} · {g.offence.article} · {r.label}: {r.gap}" for g in groups for r in g.rows if r.gap]
    blocks.append(ReportText(_("Gaps before charging"), heading=True))
    blocks += [ReportText(text) for text in gaps] or [ReportText(_("No gaps: every required element is proven."))]
    return ReportSection(_("Elements of the offence"), ELEMENTS_ORDER, blocks)


def _stages_and_charges(p: Proceedings, label) -> list[ReportText | ReportTable]:
    blocks: list[ReportText | ReportTable] = [ReportText(_("Procedural stages"), heading=True)]
    blocks.append(ReportTable(
        [_("Defendant"), _("Stage"), _("Since"), _("Ended"), _("Time limit runs out"), _("Prosecutor")],
        [[label(s.defendant), s.stage.name, _day(s.started_on), _day(s.ended_on), _day(s.deadline_on),
          str(s.prosecutor or "—")] for s in p.stages]) if p.stages else ReportText(_("No stage recorded yet.")))
    blocks.append(ReportText(_("Charges"), heading=True))
    blocks.append(ReportTable(
        [_("Defendant"), _("Offence"), _("Aggravations"), _("Date"), _("Stage"), _("Status")],
        [[label(c.defendant), c.articles, ", ".join(c.aggravations or []) or "—", _day(c.charged_on),
          str(c.stage or "—"), c.get_status_display()] for c in p.charges])
        if p.charges else ReportText(_("No charge recorded yet.")))
    return blocks


def _hearings(p: Proceedings, label) -> list[ReportText | ReportTable]:
    arrangements = dict(Participation.choices)
    rows = []
    for h in p.hearings:
        how = ", ".join(str(arrangements.get(code, code)) for code in h.participation or [])
        testifies = label(h.victim) + (f" ({how})" if how else "") if h.victim_id else "—"
        rows.append([date_format(h.starts_at, "SHORT_DATETIME_FORMAT"), h.get_kind_display(), h.court,
                     h.judge or "—", ", ".join(label(d) for d in h.defendant_list) or "—", testifies,
                     h.result or "—", _day(h.next_on)])
    return [ReportText(_("Hearings"), heading=True), ReportTable(
        [_("When"), _("Type"), _("Court"), _("Judge"), _("Defendants"), _("Victim or witness testifying"),
         _("Result"), _("Next date")], rows) if rows else ReportText(_("No hearing scheduled yet."))]


def _judgments(p: Proceedings, label) -> list[ReportText | ReportTable]:
    blocks: list[ReportText | ReportTable] = [ReportText(_("Judgments"), heading=True)]
    if not p.judgments:
        return [*blocks, ReportText(_("No judgment yet."))]
    for j in p.judgments:
        parts = [f"{label(j.defendant)}: {j.get_verdict_display()} · {_day(j.decided_on)} · {j.court}"]
        if j.sentence_years:
            parts.append(_("%(years)s years") % {"years": j.sentence_years})
        if j.fine:
            parts.append(f"{_('Fine')} {j.fine} {j.currency}")
        blocks.append(ReportText(" · ".join(parts)))
        blocks += [ReportText(f"{_('Reparation')}: {label(r.victim)} — {r.amount} {r.currency}")
                   for r in j.reparation_list]
        blocks += [ReportText(f"{a.get_kind_display()} ({a.filed_by}, {_day(a.filed_on)}): {a.get_outcome_display()}"
                              + (f" · {_day(a.decided_on)}" if a.decided_on else "")) for a in j.appeal_list]
    return blocks


def _measures(p: Proceedings, label) -> list[ReportText | ReportTable]:
    return [ReportText(_("Protective measures"), heading=True), ReportTable(
        [_("Protected person"), _("Kind"), _("Ordered by"), _("From"), _("To"), _("Status")],
        [[label(m.person), m.get_kind_display(), m.ordered_by, _day(m.starts_on), _day(m.ends_on),
          m.get_status_display()] for m in p.measures]) if p.measures
        else ReportText(_("No protective measure recorded."))]


def proceedings_section(*, actor, case, reveals: dict | None) -> ReportSection | None:
    """Stages, charges, hearings (with how the victim takes part), judgments, measures."""
    p = case_proceedings(case)
    people: list[CasePerson | None] = [s.defendant for s in p.stages]
    people += [c.defendant for c in p.charges]
    people += [h.victim for h in p.hearings]
    people += [d for h in p.hearings for d in h.defendant_list]
    people += [j.defendant for j in p.judgments] + [r.victim for j in p.judgments for r in j.reparation_list]
    people += [m.person for m in p.measures]
    label = _labeller(actor, reveals, people)
    blocks = _stages_and_charges(p, label) + _hearings(p, label) + _judgments(p, label) + _measures(p, label)
    return ReportSection(_("Proceedings"), PROCEEDINGS_ORDER, blocks)
