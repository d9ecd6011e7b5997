"""Screenings written offline: the key that seals drafts on the device, and the sync of a draft.

A draft written at a border post with no connection reaches the server later, possibly more than
once (the answer to the first send was lost with the connection). The device gives every draft a
random token; the server keeps it with the screening it made, so a repeat finds that screening
instead of making a second one. The same token with different content is a conflict: the server
says so and keeps what it has, and the device keeps its draft for the officer to decide.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils.crypto import salted_hmac

from enlace.audit.services import audit_record

from . import services
from .models import Screening

if TYPE_CHECKING:
    from enlace.accounts.models import User
    from enlace.geo.models import Municipality

SAVED, CONFLICT = "saved", "conflict"
_KEY_SALT = "enlace.screening.offline-drafts"


def device_user_tag(user: User) -> str:
    """An opaque name for the user on the device: drafts are filed under it, never under a username."""
    return salted_hmac(_KEY_SALT + ".user", str(user.pk), algorithm="sha256").hexdigest()[:24]


@transaction.atomic
def offline_draft_key(*, actor: User) -> bytes:
    """The user's draft key (32 bytes): unlocks, on the device, the key that opens their drafts.

    Derived from the server's secret and the user, so it is the same at every sign-in and after any
    idle timeout, and never stored: a device gets it only from a signed-in session (docs/decisions.md).
    Each issue is audited.
    """
    audit_record(actor=actor, action="screening.offline_key", obj=None, details={"device_user": device_user_tag(actor)})
    return salted_hmac(_KEY_SALT, f"user:{actor.pk}", algorithm="sha256").digest()


@dataclass(frozen=True)
class OfflineDraft:
    exploitation: str
    age_at_exploitation: int | None
    screened_on: dt.date | None
    country: str
    subdivision: str
    municipality: Municipality | None
    place_description: str
    anonymous: bool
    given_names: str
    first_surname: str
    second_surname: str
    sex: str
    nationality: str
    yes: tuple[str, ...]
    acts: tuple[str, ...]
    means: tuple[str, ...]
    purposes: tuple[str, ...]
    forms_of_exploitation: tuple[str, ...]
    observations: str

    def digest(self) -> str:
        """A keyed hash of the content (never the content): tells a repeat from a different draft."""
        data: dict[str, Any] = asdict(self) | {"municipality": self.municipality.pk if self.municipality else None}
        return salted_hmac(_KEY_SALT + ".digest", json.dumps(data, sort_keys=True, default=str),
                           algorithm="sha256").hexdigest()


@dataclass(frozen=True)
class SyncResult:
    status: str  # SAVED or CONFLICT; refused input raises ValidationError
    screening: Screening
    repeated: bool = False


@transaction.atomic
def screening_sync_offline(*, actor: User, token: str, draft: OfflineDraft) -> SyncResult:
    """Record a draft written offline as a screening draft of the actor, once per device token.

    Goes through the same services as the stepper (start, person, answers, elements), so the same
    rules refuse the same input; the officer completes it online, where the result is computed.
    """
    digest = draft.digest()
    existing = Screening.objects.filter(screened_by=actor, client_token=token).first()
    if existing is None:
        try:
            with transaction.atomic():
                return SyncResult(SAVED, _create(actor=actor, token=token, digest=digest, draft=draft))
        except IntegrityError:  # the same draft arrived twice at once: the other request made it
            existing = Screening.objects.get(screened_by=actor, client_token=token)
    status = SAVED if existing.client_digest == digest else CONFLICT
    audit_record(actor=actor, action="screening.offline_sync", obj=existing,
                 details={"pseudonym": existing.pseudonym, "result": status, "repeated": True})
    return SyncResult(status, existing, repeated=True)


def _create(*, actor: User, token: str, digest: str, draft: OfflineDraft) -> Screening:
    s = screening_fill(actor=actor, draft=draft, token=token, digest=digest)
    audit_record(actor=actor, action="screening.offline_sync", obj=s,
                 details={"pseudonym": s.pseudonym, "result": SAVED, "repeated": False})
    return s


@transaction.atomic
def screening_fill(*, actor: User, draft: OfflineDraft, token: str | None = None, digest: str = "") -> Screening:
    """A screening draft with every step filled from one form, through the stepper's own services
    (start, person, answers, elements), so the same rules refuse the same input wherever it was typed."""
    s = services.screening_start(actor=actor, exploitation=draft.exploitation,
                                 age_at_exploitation=draft.age_at_exploitation, country=draft.country,
                                 subdivision=draft.subdivision, municipality=draft.municipality,
                                 place_description=draft.place_description, screened_on=draft.screened_on)
    if token is not None:
        Screening.objects.filter(pk=s.pk).update(client_token=token, client_digest=digest)
        s.client_token, s.client_digest = token, digest
    s = services.screening_set_identity(actor=actor, screening=s, expected_version=s.version,
                                        anonymous=draft.anonymous, given_names=draft.given_names,
                                        first_surname=draft.first_surname, second_surname=draft.second_surname,
                                        sex=draft.sex, nationality=draft.nationality)
    s = services.screening_set_answers(actor=actor, screening=s, expected_version=s.version, yes=draft.yes)
    s = services.screening_set_elements(actor=actor, screening=s, expected_version=s.version, acts=draft.acts,
                                        means=draft.means, purposes=draft.purposes,
                                        forms_of_exploitation=draft.forms_of_exploitation,
                                        observations=draft.observations)
    return s


@transaction.atomic
def screening_record(*, actor: User, draft: OfflineDraft) -> Screening:
    """The one-page screening, online: the draft filled and completed at once (the result computed
    by ``screening_complete`` as for the stepper)."""
    s = screening_fill(actor=actor, draft=draft)
    return services.screening_complete(actor=actor, screening=s, expected_version=s.version)
