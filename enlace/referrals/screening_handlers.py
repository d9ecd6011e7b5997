"""What a screening's hand-over and conversion mean for consents, referrals and notifications.

Registered on the screening app's extension points (``enlace.screening.hooks``) by
``ReferralsConfig.ready()``; each runs in the transaction of the screening write that calls it.
"""

from __future__ import annotations

from enlace.accounts.models import User
from enlace.screening.models import Screening

from .models import Consent, NotificationKind, Referral
from .selectors import can_manage_subject, offer_list, referrals_for
from .services import notify, notify_case_team

REFER_NOW = 4  # services offered as one-tap referrals on the result page


def on_screening_handed_over(*, actor: User, screening: Screening, team) -> None:
    """The team's members who work cases (not the sender) are notified."""
    members = [m.user for m in team.memberships.select_related("user") if m.user_id != actor.pk]
    notify(users=[u for u in members if u.can_work_cases], kind=NotificationKind.SCREENING_HANDED_OVER,
           params={"pseudonym": screening.pseudonym, "outcome": screening.outcome, "team": team.name},
           url=f"/screening/{screening.public_id}/")


def on_screening_converted(*, actor: User, screening: Screening, person, case) -> None:
    """Consents and referrals follow the person; the case team and the screener are notified."""
    Consent.objects.filter(screening=screening, person__isnull=True).update(person=person)
    Referral.objects.filter(screening=screening, person__isnull=True).update(person=person, case=case)
    params = {"pseudonym": screening.pseudonym, "person": person.pseudonym, "case_id": case.pk,
              "case": case.reference_label()}
    notify_case_team(case=case, exclude=actor, kind=NotificationKind.SCREENING_CONVERTED, params=params,
                     url=f"/cases/{case.public_id}/")
    if screening.screened_by_id != actor.pk:
        notify(users=[screening.screened_by], kind=NotificationKind.SCREENING_TAKEN_UP,
               params={"pseudonym": screening.pseudonym}, url=f"/screening/{screening.public_id}/result/")


def screening_result_context(*, actor: User, screening: Screening) -> dict:
    """The referrals panel of the screening's result page, for those who may manage the subject."""
    may_refer = can_manage_subject(actor, screening=screening)
    # The services nearest to the screening, one tap each: the referral form opens with it chosen.
    nearby = offer_list(country=screening.country, subdivision=screening.subdivision) if may_refer else None
    return {"can_refer": may_refer,
            "refer_offers": list(nearby[:REFER_NOW]) if nearby is not None else [],
            "referrals": list(referrals_for(person=screening.person, screening=screening)) if may_refer else []}
