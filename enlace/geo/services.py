from __future__ import annotations

import csv
from pathlib import Path

from django.db import transaction

from .models import Municipality

DATA = Path(__file__).parent / "data"


@transaction.atomic
def municipalities_load(*, directory: Path = DATA) -> int:
    count = 0
    for path in sorted(directory.glob("municipalities_*.csv")):
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                Municipality.objects.update_or_create(
                    code=row["code"],
                    defaults={"name": row["name"], "country": row["country"], "subdivision": row["subdivision"]},
                )
                count += 1
    return count
