"""Two records of one person within a case (entered twice): merged through the same decision and
merge that cross-case matching uses, so the merge is audited, shown in the review queue's history,
and undone by deciding "not the same" on the same pair (``services_review.match_decide``).

Why not delete the duplicate: the second record may already carry identifiers, consents or hits
seen by others, and the audit log points to it; a merge keeps both rows and joins them.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from enlace.accounts.models import User
from enlace.audit.services import audit_record
from enlace.cases.models import Case, CasePerson
from enlace.cases.services import require_write

from .models import CandidateKind, CandidateSource, Decision, MatchCandidate, MatchDecision
from .selectors import root_of
from .services_review import match_decide


@transaction.atomic
def case_persons_merge(*, actor: User, case: Case, first_id: int, second_id: int, note: str) -> MatchDecision:
    """Record that two persons of this case are one; the older record stays the primary."""
    require_write(actor, case)
    in_case = set(CasePerson.objects.filter(case=case, person_id__in=[first_id, second_id])
                  .values_list("person_id", flat=True))
    if first_id == second_id or in_case != {first_id, second_id}:
        raise ValidationError({"second": _("Choose two different persons of this case.")})
    if not note.strip():
        raise ValidationError({"note": _("Say why these are the same person.")})
    if root_of(first_id) == root_of(second_id):
        raise ValidationError({"second": _("These records are already merged.")})
    low, high = sorted((first_id, second_id))
    candidate, _created = MatchCandidate.objects.get_or_create(
        person_a_id=low, person_b_id=high,
        defaults={"kind": CandidateKind.SAME_PERSON, "source": CandidateSource.CASE, "score": 1.0, "reasons": []})
    decision = match_decide(actor=actor, candidate=candidate, decision=Decision.SAME, note=note)
    audit_record(actor=actor, action="case.persons_merge", obj=case, case_id=case.pk,
                 details={"candidate": candidate.pk, "decision": decision.pk,
                          "persons": [candidate.person_a.pseudonym, candidate.person_b.pseudonym]})
    return decision
