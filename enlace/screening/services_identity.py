"""Revealing the names recorded with a screening: audited, with a reason, through the identity gate."""

from __future__ import annotations

from django.db import transaction

from enlace.accounts.models import User
from enlace.audit.services import audit_record
from enlace.core.errors import NotFound
from enlace.persons.identity import reveal
from enlace.persons.services import person_identity_reveal, require_reveal_reason

from .models import Screening
from .selectors import screening_visible


@transaction.atomic
def screening_identity_reveal(*, actor: User, screening: Screening, reason: str) -> dict[str, float]:
    """Record that the actor asked to see the names recorded with a screening, and why.

    A converted screening's names are the person's: the person's reveal (and its rules) apply.
    Returns the reveal the identity gate honours (the session keeps it; the API uses it once).
    """
    if not screening_visible(actor=actor, screening=screening):
        raise NotFound
    if screening.person_id and screening.person is not None:
        return person_identity_reveal(actor=actor, person=screening.person, reason=reason)
    reason = require_reveal_reason(actor=actor, reason=reason)
    audit_record(actor=actor, action="screening.reveal", obj=screening,
                 details={"pseudonym": screening.pseudonym, "reason": reason})
    return reveal(screening)
