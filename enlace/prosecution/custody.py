"""The state of an item read from its custody events (one pure function over the facts).

Who holds an item is never stored in a column: it is what the chain says. A hand-over to a user
stays pending (the sender still answers for the item) until the receiver confirms. A hand-over
to an external body (laboratory, court, evidence room) takes effect with its receipt reference;
the user who handed it over stays responsible and is the one who may hand it on or bring it back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .models import CustodyEvent
from .vocabulary import DISPOSAL_KINDS, EventKind


@dataclass(frozen=True)
class CustodyState:
    responsible_id: int | None  # the user who answers for the item now
    external_id: int | None  # the external body holding it, if any
    pending: CustodyEvent | None  # a hand-over to a user not yet confirmed
    disposed: CustodyEvent | None  # destruction or return: the chain is closed
    retain_until: object = None


def custody_state(events: Iterable[CustodyEvent]) -> CustodyState:
    responsible = external = None
    pending = disposed = None
    retain_until = None
    for event in events:
        if event.kind == EventKind.ACQUIRED:
            responsible, external = event.recorded_by_id, None
        elif event.kind == EventKind.TRANSFER and event.to_user_id:
            pending = event
        elif event.kind == EventKind.TRANSFER:
            external = event.to_external_id
        elif event.kind == EventKind.CONFIRMED and pending is not None and event.transfer_id == pending.pk:
            responsible, external, pending = event.recorded_by_id, None, None
        elif event.kind == EventKind.RETENTION:
            retain_until = event.retain_until
        elif event.kind in DISPOSAL_KINDS:
            disposed = event
    return CustodyState(responsible, external, pending, disposed, retain_until)
