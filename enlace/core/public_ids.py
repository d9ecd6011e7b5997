"""Random public identifiers for rows that carry identifying data or appear in addresses.

Why: sequential integer keys in URLs and the API tell an outsider how many cases and persons
a workspace holds and let them be walked one by one. A version-4 UUID shows neither order nor
time (a version-7 UUID would show the creation time). The same identifier is known before
the row is inserted, so encrypted values can be bound to their row as associated data,
bulk writes included. Integer keys stay as the internal primary and foreign keys.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import models
from django.db.models import QuerySet, Subquery

M = TypeVar("M", bound=models.Model)


class PublicIdModel(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True


def fill_public_ids(*model_names: str) -> Callable[[Any, Any], None]:
    """A migration step that gives every existing row of ``app.Model`` its own identifier.

    Adding a unique column with a default gives every existing row the same value, so the
    column is added nullable, filled row by row here, then made unique and required.
    """

    def forward(apps: Any, schema_editor: Any) -> None:
        for name in model_names:
            model = apps.get_model(name)
            batch = []
            for row in model.objects.filter(public_id__isnull=True).only("pk").iterator(chunk_size=2000):
                row.public_id = uuid.uuid4()
                batch.append(row)
                if len(batch) >= 2000:
                    model.objects.bulk_update(batch, ["public_id"])
                    batch = []
            if batch:
                model.objects.bulk_update(batch, ["public_id"])

    return forward


def parse_public_id(text: object) -> uuid.UUID | None:
    """A public id given as text (a query parameter, a form value), or None when it is not one.

    Integers are never accepted: an integer key must not be usable from outside, even where an
    old link or a guess sends one.
    """
    if isinstance(text, uuid.UUID):
        return text
    if not isinstance(text, str) or len(text) > 64:
        return None
    try:
        return uuid.UUID(text.strip())
    except ValueError:
        return None


def visible_by_public_id(visible: QuerySet[M], public_id: uuid.UUID) -> M | None:
    """The row named by ``public_id`` when ``visible`` holds it, else None, after the same work.

    Why: a visibility rule written as one filter is evaluated by the database only for a row the
    id names, so a forbidden id answered later than a missing one and the two could be told
    apart by timing (counting the rows). Here the id is first resolved on its own, together with
    a stand-in row (the first of the table); the rule is then asked about the named row, or about
    the stand-in when the id names nothing, so both paths run the same statements on a real row.
    """
    manager = visible.model._default_manager
    named = manager.filter(public_id=public_id).values("pk")[:1]
    stand_in = manager.order_by("pk").values("pk")[:1]
    row = (manager.filter(pk=Subquery(stand_in)).annotate(named=Subquery(named))
           .values_list("named", "pk").first())
    if row is None:  # an empty table: nothing to count
        return None
    named_pk, stand_in_pk = row
    holds = visible.filter(pk=named_pk if named_pk is not None else stand_in_pk).exists()
    if named_pk is None or not holds:
        return None
    return visible.get(pk=named_pk)
