"""The agreements as enforced sharing rules: the disclosure policy and the read-time condition.

Registered by ``CooperationConfig.ready()``:

- :func:`agreement_policy` with ``core.disclosure``: a case sharing or an answer to a request
  goes to another institution only when an agreement in force between the two lets each category
  disclosed flow in that direction; the conditions of every agreement in force covering the
  disclosure apply (the most restrictive wins); identities never go to someone who may not reveal
  them. Other kinds of disclosure (a referral to a service rests on the victim's consent and the
  referral mechanism) are left to their own rules.
- :func:`sharing_in_force` with ``cases.sharing_rules``: a sharing whose agreement is no longer in
  force gives no access from that moment, before the nightly job ends it.

:func:`answer_readable` is the same rule at read time for an answer to a request (its text and its
files): the selectors ask it on every read, not only when the answer was sent.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from enlace.cases.models import Case, CasePerson, CaseSharing
from enlace.core.disclosure import ALLOW, Decision, Disclosure
from enlace.referrals.models import Consent
from enlace.referrals.selectors import active_consent_q

from .models import Agreement
from .vocabulary import PERSONAL_CATEGORIES, SCOPE_CATEGORIES, AgreementStatus, DataCategory


def in_force_q(prefix: str = "") -> Q:
    """Agreements in force today (status, and the dates around it): the one definition."""
    today = timezone.localdate()
    return (Q(**{f"{prefix}status": AgreementStatus.IN_FORCE})
            & (Q(**{f"{prefix}in_force_from__isnull": True}) | Q(**{f"{prefix}in_force_from__lte": today}))
            & (Q(**{f"{prefix}expires_on__isnull": True}) | Q(**{f"{prefix}expires_on__gte": today})))


def sharing_in_force() -> Q:
    """The read-time condition on sharings: none resting on an agreement that is not in force.

    A non-correlated subquery over the agreements (a small table), evaluated once per query by
    the database: no extra round trip per page, and the rule stays one SQL statement."""
    return ~Q(agreement_id__in=Agreement.objects.exclude(in_force_q()).values("pk"))


def answer_readable(*, actor: Any, request: Any) -> bool:
    """May this reader still read what was disclosed in answer to ``request``?

    The answering institution reads its own answer. Anyone else only while the agreement the
    answer was disclosed under is in force today and lets the request's category flow from the
    answering institution to an institution of the reader's: suspended, expired or narrowed, the
    answer stays recorded but is no longer read across."""
    if request.institution_id in actor.institution_ids:
        return True
    agreement = request.agreement
    if not agreement.in_force_on(timezone.localdate()):
        return False
    recipients = set(actor.institution_ids) - {request.institution_id}
    flows = agreement.flows.filter(provider_id=request.institution_id, recipient_id__in=recipients)
    return any(request.category in flow.categories for flow in flows)


def labels(categories: Iterable[str]) -> str:
    return ", ".join(str(DataCategory(c).label) for c in categories)


def covering(provider_id: int, recipient_id: int, categories: Iterable[str]) -> list[Agreement]:
    """Agreements in force with a flow from provider to recipient allowing any of these categories."""
    wanted = set(categories)
    found = (Agreement.objects.filter(in_force_q(), flows__provider_id=provider_id, flows__recipient_id=recipient_id)
             .prefetch_related("flows").distinct().order_by("code"))
    return [a for a in found if wanted & _allowed(a, provider_id, recipient_id)]


def _allowed(agreement: Agreement, provider_id: int, recipient_id: int) -> set[str]:
    out: set[str] = set()
    for flow in agreement.flows.all():
        if flow.provider_id == provider_id and flow.recipient_id == recipient_id:
            out |= set(flow.categories)
    return out


def decide(*, provider: Any, recipient: Any, categories: tuple[str, ...], cited: Agreement | None,
           case: Case | None, recipient_user: Any = None, actor: Any = None) -> Decision:
    """May these categories go from provider to recipient? The reason names what is missing."""
    if provider.pk == recipient.pk:
        return ALLOW
    if DataCategory.IDENTITIES in categories and not (recipient_user is not None and recipient_user.can_reveal_identity):
        return Decision(False, _("Identities go only to someone who may reveal them; never to a liaison."))
    if cited is not None and not cited.in_force_on(timezone.localdate()):
        return Decision(False, _("Agreement %(code)s is not in force (%(status)s).")
                        % {"code": cited.code, "status": cited.get_status_display()})
    agreements = covering(provider.pk, recipient.pk, categories)
    candidates = [a for a in agreements if set(categories) <= _allowed(a, provider.pk, recipient.pk)]
    if cited is not None:
        candidates = [a for a in candidates if a.pk == cited.pk]
    if not candidates:
        among = [cited] if cited is not None else agreements
        allowed: set[str] = set().union(*(_allowed(a, provider.pk, recipient.pk) for a in among))
        missing = [c for c in categories if c not in allowed] or list(categories)
        where = (_("agreement %(code)s") % {"code": cited.code}) if cited is not None else _("no agreement in force")
        return Decision(False, _("Refused: %(where)s lets %(what)s flow from %(provider)s to %(recipient)s.")
                        % {"where": where, "what": labels(missing), "provider": provider, "recipient": recipient})
    refusal = _conditions(agreements, categories=categories, recipient=recipient, case=case, actor=actor,
                          provider=provider)
    return refusal or Decision(True, basis=str(candidates[0].pk))


def _conditions(agreements: list[Agreement], *, categories: tuple[str, ...], recipient: Any, case: Case | None,
                actor: Any, provider: Any) -> Decision | None:
    """The conditions of every agreement covering the disclosure (the most restrictive wins)."""
    if case is not None and any(a.consent_required for a in agreements) and PERSONAL_CATEGORIES & set(categories):
        victims = set(CasePerson.objects.filter(case=case, role="victim").values_list("person_id", flat=True))
        consenting = set(Consent.objects.filter(active_consent_q(), person_id__in=victims, recipient=recipient)
                         .values_list("person_id", flat=True))
        if victims - consenting:
            code = next(a.code for a in agreements if a.consent_required)
            return Decision(False, _("Agreement %(code)s requires the victims' consent: %(n)d victim(s) of this case "
                                     "gave no consent in force to share with %(recipient)s.")
                            % {"code": code, "n": len(victims - consenting), "recipient": recipient})
    if case is not None and actor is not None and provider.pk not in actor.institution_ids:
        received = CaseSharing.objects.filter(case=case, institution_id__in=actor.institution_ids, is_active=True)
        forbidding = Agreement.objects.filter(pk__in=received.values("agreement_id"), onward_sharing_forbidden=True)
        if forbidding.exists():
            return Decision(False, _("Agreement %(code)s forbids sharing onward what your institution received.")
                            % {"code": forbidding.first().code})  # type: ignore[union-attr]
    return None


def agreement_policy(disclosure: Disclosure) -> Decision:
    """The policy registered with ``core.disclosure``."""
    if disclosure.kind == "case.share":
        case = disclosure.subject
        cited = Agreement.objects.filter(pk=int(disclosure.agreement_ref)).first() if disclosure.agreement_ref.isdigit() else None
        if disclosure.agreement_ref and cited is None:
            return Decision(False, _("The agreement cited does not exist."))
        return decide(provider=case.lead_institution, recipient=disclosure.recipient,
                      categories=SCOPE_CATEGORIES.get(disclosure.scope, SCOPE_CATEGORIES["full"]), cited=cited,
                      case=case, actor=disclosure.actor)
    if disclosure.kind == "cooperation.answer":
        request = disclosure.subject
        return decide(provider=request.institution, recipient=request.requesting_institution,
                      categories=(request.category,), cited=request.agreement, case=request.case,
                      recipient_user=request.requested_by, actor=None)
    return ALLOW
