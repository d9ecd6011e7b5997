"""Hits where they happen: when a person is put in a case, the case team hears of the person's hits,
and the user who added them lands on a page that confirms it with those hits.

Registered on ``cases.hooks.case_person_added`` and ``cases.hooks.person_added_url`` by
``LinksConfig.ready``. The hits are those of the case page's links tab (``hits_for_persons``, the
same hit/no-hit rule); the notification carries only a pseudonym and the case id.
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from enlace.accounts.models import User
from enlace.cases.models import Case, CasePerson
from enlace.persons.models import Person
from enlace.referrals.models import NotificationKind
from enlace.referrals.services import notify_case_team

from .models import MatchCandidate
from .selectors import hits_for_persons


def notify_team_of_hits(*, actor: User, case: Case, case_person: CasePerson) -> None:
    """Tell the case team (but the one who added the person) when the new person has hits elsewhere."""
    person_id = case_person.person_id
    others = CasePerson.objects.filter(person_id=person_id).exclude(case_id=case.pk).exists()
    if not others and not MatchCandidate.objects.filter(Q(person_a_id=person_id) | Q(person_b_id=person_id)).exists():
        return  # nothing anywhere: skip the hit computation (most additions, and every bulk load)
    hits = hits_for_persons(actor=actor, persons=[case_person.person], exclude_case_id=case.pk)[0]
    if hits.count:
        notify_case_team(case=case, exclude=actor, kind=NotificationKind.HITS_FOUND,
                         params={"pseudonym": case_person.person.pseudonym, "case_id": case.pk,
                                 "case": case.reference_label()},
                         url=reverse("links:case_matches", kwargs={"case_id": case.public_id}))


def person_added_page(*, case: Case, person: Person) -> str:
    return reverse("links:person_added", kwargs={"case_id": case.public_id, "person_id": person.public_id})
