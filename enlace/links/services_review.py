"""Human decisions on proposed matches, and the merges they cause.

Why decisions are rows and not a status flip: a decision can be wrong. Each one is kept
with who, when and why; the newest supersedes the previous one; confirming "same person"
merges the two records and any later decision on that pair undoes exactly that merge.

Merging loses nothing: only ``merged_into`` of the secondary record changes. Its names,
identifiers, match keys and case roles stay where they were, so each case's record stays
intact and the combined view shows the union with where every item came from.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enlace.accounts.models import User
from enlace.audit.services import audit_record
from enlace.core.errors import Forbidden, NotFound
from enlace.persons.models import Person

from .models import DECISION_STATUS, CandidateStatus, Decision, MatchCandidate, MatchDecision, PersonMerge
from .selectors import can_decide, root_of, visible_person_ids


@transaction.atomic
def match_decide(*, actor: User, candidate: MatchCandidate, decision: str, note: str = "") -> MatchDecision:
    """Record an analyst's decision; "same" merges, a later other decision unmerges."""
    ids = {candidate.person_a_id, candidate.person_b_id}
    if visible_person_ids(actor=actor, ids=ids) != ids:
        raise NotFound
    if not can_decide(actor=actor, candidate=candidate):
        raise Forbidden(_("Your role cannot decide on matches."))
    if decision not in Decision.values:
        raise ValidationError({"decision": _("Choose a decision from the list.")})
    if len(note) > 2000:
        raise ValidationError({"note": _("Keep the note under 2,000 characters.")})
    candidate = MatchCandidate.objects.select_for_update().get(pk=candidate.pk)
    previous = candidate.decisions.filter(superseded_by__isnull=True).first()
    new = MatchDecision.objects.create(candidate=candidate, decision=decision, note=note.strip(), decided_by=actor)
    if previous is not None:
        MatchDecision.objects.filter(pk=previous.pk).update(superseded_by=new)
    old_status = candidate.status
    candidate.status = DECISION_STATUS[Decision(decision)]
    candidate.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="links.decide", obj=candidate, details={
        "decision": decision, "previous_status": old_status, "decision_id": new.pk,
        "persons": [candidate.person_a.pseudonym, candidate.person_b.pseudonym], "note_given": bool(note.strip())})
    if decision == Decision.SAME:
        _merge(actor=actor, candidate=candidate, decision=new)
    elif old_status == CandidateStatus.CONFIRMED:
        _unmerge(actor=actor, candidate=candidate, decision=new)
    return new


def _merge(*, actor: User, candidate: MatchCandidate, decision: MatchDecision) -> PersonMerge | None:
    root_a, root_b = root_of(candidate.person_a_id), root_of(candidate.person_b_id)
    if root_a == root_b:
        return None  # already one entity through other confirmed pairs
    # The older record stays the primary: links and pseudonyms people already use keep working.
    primary_id, secondary_id = sorted((root_a, root_b))
    secondary = Person.objects.select_for_update().get(pk=secondary_id)
    merge = PersonMerge.objects.create(primary_id=primary_id, secondary=secondary,
                                       previous_merged_into_id=secondary.merged_into_id, decision=decision,
                                       merged_by=actor)
    # A queryset update: no version bump, no auto timestamps, so an unmerge restores the row exactly.
    Person.objects.filter(pk=secondary_id).update(merged_into_id=primary_id)
    audit_record(actor=actor, action="links.merge", obj=secondary, details={
        "merge_id": merge.pk, "primary": Person.objects.get(pk=primary_id).pseudonym,
        "secondary": secondary.pseudonym, "candidate": candidate.pk})
    return merge


def _unmerge(*, actor: User, candidate: MatchCandidate, decision: MatchDecision | None) -> int:
    undone = 0
    for merge in PersonMerge.objects.select_for_update().filter(decision__candidate=candidate, undone_at__isnull=True):
        changed = Person.objects.filter(pk=merge.secondary_id, merged_into_id=merge.primary_id).update(
            merged_into_id=merge.previous_merged_into_id)
        merge.undone_at, merge.undone_by, merge.undo_decision = timezone.now(), actor, decision
        merge.save(update_fields=["undone_at", "undone_by", "undo_decision"])
        audit_record(actor=actor, action="links.unmerge", obj=merge.secondary, details={
            "merge_id": merge.pk, "restored": bool(changed), "candidate": candidate.pk})
        undone += 1
    return undone
