"""Pages of the proceedings and of the elements matrix of a case, and the prosecutor's home page.

Thin: access (full access to the case, the same 404 otherwise; writes for those who edit it) and
every rule are in the selectors and services. A refused form comes back as a message naming what
is wrong; nothing is half-written (each service is one transaction).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enlace.cases.selectors import can_write_case, case_persons
from enlace.core.errors import Conflict, NotFound
from enlace.core.http import domain_errors
from enlace.core.surfaces import home_panels_for

from . import selectors_elements, selectors_proceedings, services_elements, services_proceedings
from .forms_proceedings import (
    ADD_FORMS,
    AppealOutcomeForm,
    ChargeStatusForm,
    ElementForm,
    HearingResultForm,
    MatrixOpenForm,
    ProceedingsChoices,
)
from .selectors import evidence_case
from .vocabulary_proceedings import DEFENDANT_ROLES, PROTECTED_PERSON_ROLES, VICTIM_ROLES, Participation


def _choices(request, case) -> ProceedingsChoices:
    persons = list(case_persons(actor=request.user, case=case))

    def of(roles) -> list[tuple[int | str, str]]:
        return [(cp.pk, f"{cp.person.pseudonym} ({cp.get_role_display()})") for cp in persons if cp.role in roles]

    return ProceedingsChoices(
        defendants=of(DEFENDANT_ROLES), protected=of(PROTECTED_PERSON_ROLES), victims=of(VICTIM_ROLES),
        stages=[(s.pk, s.name) for s in services_proceedings.case_stages(case)],
        offences=[(o.pk, f"{o.article} — {o.title}") for o in selectors_elements.offences()],
        prosecutors=[(u.pk, u.get_full_name() or u.username) for u in services_proceedings.case_prosecutors(case)],
        evidence=[(i.pk, f"{i.exhibit_number} ({i.get_kind_display()})")
                  for i in selectors_elements.evidence_choices(case)],
    )


def _report(request, fn: Callable[[], Any], ok: str) -> None:
    try:
        fn()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except Conflict as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, ok)


def _form_error(request, form) -> None:
    texts = [f"{form.fields[f].label if f in form.fields else ''}: {' '.join(e)}".lstrip(": ")
             for f, e in form.errors.items()]
    messages.error(request, _("Check the form: %(errors)s") % {"errors": "; ".join(texts)})


def _submit(request, form, act: Callable[[dict], Any], ok: str) -> None:
    """A posted form: its action with the cleaned data when valid, the outcome or the form's errors
    as a message (every proceedings page answers with a redirect back to itself)."""
    if form.is_valid():
        _report(request, lambda: act(form.cleaned_data), ok)
    else:
        _form_error(request, form)


@login_required
@domain_errors
def proceedings(request, case_id: UUID):
    data = selectors_proceedings.proceedings_get(actor=request.user, case_id=case_id)
    choices = _choices(request, data.case)
    forms = {name: cls(choices=choices, prefix=name) if name != "appeal" else cls(prefix=name)  # type: ignore[call-arg]
             for name, cls in ADD_FORMS.items()}
    return render(request, "prosecution/proceedings.html", {
        "case": data.case, "p": data, "forms": forms, "participation_labels": Participation.choices, "can_write": can_write_case(actor=request.user, case=data.case),
        "charge_rows": [(c, ChargeStatusForm(initial={"version": c.version, "status": c.status,
                                                      "charged_on": c.charged_on}, prefix=f"c{c.pk}"))
                        for c in data.charges],
        "outcome_forms": {a.pk: AppealOutcomeForm(prefix=f"a{a.pk}") for j in data.judgments for a in j.appeal_list},
        # Each row with its own form (a case may have dozens of hearings: no lookup per row in the template).
        "hearing_rows": [(h, HearingResultForm(initial={"version": h.version, "result": h.result, "next_on": h.next_on},
                                               prefix=f"h{h.pk}")) for h in data.hearings],
    })


def _add(what: str, actor, case, d: dict) -> Callable[[], Any]:
    sp = services_proceedings
    calls: dict[str, Callable[[], Any]] = {
        "stage": lambda: sp.stage_enter(actor=actor, case_id=case.public_id, defendant_id=d["defendant"],
                                        stage_id=d["stage"], started_on=d["started_on"],
                                        prosecutor_id=d["prosecutor"]),
        "charge": lambda: sp.charge_create(
            actor=actor, case_id=case.public_id, defendant_id=d["defendant"], offence_id=d["offence"],
            articles=d["articles"], aggravations=[a.strip() for a in d["aggravations"].split(",") if a.strip()],
            charged_on=d["charged_on"], stage_id=d["stage"], status=d["status"], prosecutor_id=d["prosecutor"]),
        "hearing": lambda: sp.hearing_create(
            actor=actor, case_id=case.public_id, starts_at=d["starts_at"], court=d["court"], kind=d["kind"],
            judge=d["judge"], attendees=d["attendees"], defendant_ids=d["defendants"], victim_id=d["victim"],
            participation=d["participation"], prosecutor_id=d["prosecutor"]),
        "judgment": lambda: sp.judgment_create(
            actor=actor, case_id=case.public_id, defendant_id=d["defendant"], decided_on=d["decided_on"], court=d["court"],
            verdict=d["verdict"], sentence_years=d["sentence_years"], fine=d["fine"], currency=d["currency"],
            reparations=[(d["victim"], d["reparation"], d["currency"])] if d["victim"] and d["reparation"] else []),
        "appeal": lambda: _appeal(actor, case, d),
        "measure": lambda: sp.measure_create(
            actor=actor, case_id=case.public_id, person_id=d["person"], kind=d["kind"], ordered_by=d["ordered_by"],
            starts_on=d["starts_on"], ends_on=d["ends_on"], status=d["status"]),
    }
    return calls[what]


def _appeal(actor, case, d: dict):
    judgment = selectors_proceedings.judgment_get(actor=actor, judgment_id=d["judgment"])
    if judgment.case_id != case.pk:
        raise ValidationError(_("Unknown judgment."))
    return services_proceedings.appeal_add(actor=actor, judgment_id=judgment.pk, kind=d["kind"],
                                           filed_on=d["filed_on"], filed_by=d["filed_by"], outcome=d["outcome"],
                                           decided_on=d["decided_on"])


@login_required
@domain_errors
@require_POST
def proceedings_add(request, case_id: UUID, what: str):
    case = evidence_case(actor=request.user, case_id=case_id)
    if what not in ADD_FORMS:
        raise NotFound
    cls = ADD_FORMS[what]
    form = cls(request.POST, prefix=what) if what == "appeal" else \
        cls(request.POST, choices=_choices(request, case), prefix=what)  # type: ignore[call-arg]
    _submit(request, form, lambda d: _add(what, request.user, case, d)(), _("Recorded."))
    return redirect("prosecution:proceedings", case_id=case.public_id)


@login_required
@domain_errors
@require_POST
def hearing_result(request, hearing_id: UUID):
    hearing = selectors_proceedings.hearing_get(actor=request.user, hearing_id=hearing_id)
    form = HearingResultForm(request.POST, prefix=f"h{hearing.pk}")
    _submit(request, form, lambda d: services_proceedings.hearing_record(
        actor=request.user, hearing_id=hearing.pk, expected_version=d["version"], result=d["result"],
        next_on=d["next_on"]), _("Hearing result recorded."))
    return redirect("prosecution:proceedings", case_id=hearing.case.public_id)


@login_required
@domain_errors
@require_POST
def charge_status(request, charge_id: int):
    """Pending, filed or withdrawn: the charge's version guards against a colleague's change."""
    charge = selectors_proceedings.charge_get(actor=request.user, charge_id=charge_id)
    form = ChargeStatusForm(request.POST, prefix=f"c{charge.pk}")
    _submit(request, form, lambda d: services_proceedings.charge_set_status(
        actor=request.user, charge_id=charge.pk, expected_version=d["version"], status=d["status"],
        charged_on=d["charged_on"]), _("Charge status recorded."))
    return redirect("prosecution:proceedings", case_id=charge.case.public_id)


@login_required
@domain_errors
@require_POST
def appeal_outcome(request, appeal_id: int):
    appeal = selectors_proceedings.appeal_get(actor=request.user, appeal_id=appeal_id)
    form = AppealOutcomeForm(request.POST, prefix=f"a{appeal.pk}")
    _submit(request, form, lambda d: services_proceedings.appeal_decide(
        actor=request.user, appeal_id=appeal.pk, outcome=d["outcome"], decided_on=d["decided_on"]),
        _("Outcome of the appeal recorded."))
    return redirect("prosecution:proceedings", case_id=appeal.judgment.case.public_id)


@login_required
@domain_errors
def elements(request, case_id: UUID):
    """The matrices and their gaps. Each element is edited on its own page (``element_edit``): a
    form per element offering every item of the case would make a page of thousands of boxes."""
    case, groups = selectors_elements.element_matrix(actor=request.user, case_id=case_id)
    return render(request, "prosecution/elements.html", {
        "case": case, "groups": groups, "gaps": selectors_elements.gaps_of(groups),
        "child_victim": selectors_elements.has_child_victim(case),
        "open_form": MatrixOpenForm(choices=_choices(request, case), prefix="open"),
        "can_write": can_write_case(actor=request.user, case=case),
    })


@login_required
@domain_errors
def element_edit(request, link_id: UUID):
    """One element of a matrix with the form linking the case's evidence and testimonies to it."""
    case, row = selectors_elements.element_row_get(actor=request.user, link_id=link_id)
    form = ElementForm(choices=_choices(request, case), prefix=f"e{row.link.pk}", initial={
        "version": row.link.version, "status": row.link.status, "note": row.link.note,
        "evidence": [i.pk for i in row.evidence], "testimonies": [t.pk for t in row.testimonies]})
    return render(request, "prosecution/element_edit.html", {
        "case": case, "row": row, "form": form, "can_write": can_write_case(actor=request.user, case=case)})


@login_required
@domain_errors
@require_POST
def elements_open(request, case_id: UUID):
    case = evidence_case(actor=request.user, case_id=case_id)
    form = MatrixOpenForm(request.POST, choices=_choices(request, case), prefix="open")
    _submit(request, form, lambda d: services_elements.matrix_open(
        actor=request.user, case_id=case.public_id, defendant_id=d["defendant"], offence_id=d["offence"]),
        _("Matrix opened."))
    return redirect("prosecution:elements", case_id=case.public_id)


@login_required
@domain_errors
@require_POST
def element_update(request, link_id: UUID):
    link = selectors_elements.element_link_get(actor=request.user, link_id=link_id)
    form = ElementForm(request.POST, choices=_choices(request, link.case), prefix=f"e{link.pk}")
    _submit(request, form, lambda d: services_elements.element_update(
        actor=request.user, link_id=link.pk, expected_version=d["version"], status=d["status"], note=d["note"],
        evidence_ids=d["evidence"], testimony_ids=d["testimonies"]), _("Element updated."))
    return redirect("prosecution:elements", case_id=link.case.public_id)


@login_required
def home(request):
    """The prosecutor's home page (registered with ``core.surfaces.register_home_page``); the panels
    everyone gets (my cases, my tasks) follow the prosecution cards, and the notices come last,
    folded, so they never push the day's hearings and time limits off the screen."""
    panels = home_panels_for(request.user)
    context = selectors_proceedings.prosecutor_home(actor=request.user)
    context["notices"] = [(panel, ctx) for panel, ctx in panels if panel.wide]
    context["cards"] = [(panel, ctx) for panel, ctx in panels if not panel.wide]
    return render(request, "prosecution/home.html", context)
