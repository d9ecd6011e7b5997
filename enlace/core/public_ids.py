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
from typing import Any

from django.db import models


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
