"""The batch engine over the persons in the database, feeding the review queue.

Why through the engine (``enlace.links.engine.resolve_records``) and not the real-time
matcher: the engine fits its weights to the register (unsupervised), clusters, and scales
to millions of records. Names are decrypted in memory only, into the engine's input rows;
nothing decrypted is written anywhere. Human decisions go in as labels (must-link for
"same person" and merged records, cannot-link for "not the same") and come out untouched:
``services.feed_batch_pairs`` never changes a decided pair.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from enlace.links.engine import resolve_records
from enlace.persons.models import Person

from .models import CandidateStatus, MatchCandidate
from .services import PREFETCH, feed_batch_pairs

# Engine field names -> the field names of real-time reasons (one vocabulary in the UI).
FIELD_NAMES = {"given": "given_name", "surnames": "surnames", "birth_date": "birth_date", "document": "document",
               "phone": "phone", "email": "email", "sex": "sex", "nationality": "nationality", "city": "address",
               "country": "nationality"}
_REASON = re.compile(r"^\s*([a-z_]+)=([a-z_]+)\(([-+]?\d+(?:\.\d+)?)\)\s*$")


def _birth(person: Person) -> str:
    if not person.birth_year:
        return ""
    if person.birth_month and person.birth_day:
        return f"{person.birth_year:04d}-{person.birth_month:02d}-{person.birth_day:02d}"
    if person.birth_month:
        return f"{person.birth_month:02d}/{person.birth_year:04d}"
    return str(person.birth_year)


def person_record(person: Person) -> dict[str, str]:
    """One engine input row (decrypted, in memory) for a person record."""
    surnames = " ".join(p for p in (person.first_surname, person.second_surname) if p)
    if person.married_surname:
        surnames = f"{surnames} de {person.married_surname}".strip()
    documents = list(person.documents.all())
    phones = [p.e164 or p.raw for p in person.phones.all()]
    emails = [e.address for e in person.emails.all()]
    addresses = list(person.addresses.all())
    return {
        "record_id": str(person.pk), "given_names": person.given_names, "surnames": surnames,
        "birth_date": _birth(person), "sex": person.sex if person.sex in ("F", "M") else "",
        "nationality": person.nationality, "document_number": documents[0].number if documents else "",
        "phone": phones[0] if phones else "", "email": emails[0] if emails else "",
        "city": "", "country": (addresses[0].country if addresses else "") or person.nationality,
    }


def database_records(*, chunk: int = 2000, progress=None) -> Iterator[dict[str, str]]:
    ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), chunk):
        for person in Person.objects.filter(pk__in=ids[start:start + chunk]).prefetch_related(*PREFETCH):
            yield person_record(person)
        if progress is not None:
            progress(min(start + chunk, len(ids)), len(ids))


def decision_labels() -> list[tuple[str, str, bool]]:
    """Analysts' decisions (and merges) as engine labels."""
    labels = [(str(a), str(b), status == CandidateStatus.CONFIRMED) for a, b, status in
              MatchCandidate.objects.filter(status__in=(CandidateStatus.CONFIRMED, CandidateStatus.REJECTED))
              .values_list("person_a_id", "person_b_id", "status")]
    labels += [(str(pk), str(root), True) for pk, root in
               Person.objects.filter(merged_into__isnull=False).values_list("pk", "merged_into_id")]
    return labels


def parse_reasons(text: str) -> list[dict]:
    """'given=exact(+4.1); surnames=swapped(+6.0)' -> [{"field", "level", "weight"}, ...]."""
    out = []
    for part in (text or "").split(";"):
        m = _REASON.match(part)
        if m:
            out.append({"field": FIELD_NAMES.get(m.group(1), m.group(1)), "level": m.group(2),
                        "weight": round(float(m.group(3)), 1)})
    return out


def resolve_database(*, min_probability: float = 0.5, progress: bool = False, settings=None,
                     on_stage: Callable[[int, int], None] | None = None) -> dict:
    """Run the engine over every person record and store its proposals as batch candidates.

    on_stage: called with (stages done, stages) as the engine moves on (a job's progress).
    """
    records = list(database_records())
    if len(records) < 2:
        return {"records": len(records), "pairs": 0, "created": 0, "updated": 0, "skipped_decided": 0,
                "label_conflicts": 0}
    result = resolve_records(records, progress=progress, labels=decision_labels(), settings=settings,
                             on_stage=on_stage)
    frame = result.pairs_frame(min_probability=min(min_probability, 0.05))
    rejected = set(MatchCandidate.objects.filter(status=CandidateStatus.REJECTED).values_list("person_a_id",
                                                                                               "person_b_id"))
    pairs = []
    for a, b, p, same, reasons in zip(frame["record_id_a"], frame["record_id_b"], frame["match_probability"],
                                      frame["same_cluster"], frame["reasons"], strict=True):
        lo, hi = sorted((int(a), int(b)))
        if (lo, hi) in rejected:
            continue
        pairs.append((lo, hi, float(p), parse_reasons(reasons), bool(same)))
    stats = feed_batch_pairs(pairs, min_probability=min_probability)
    return {"records": len(records), "pairs": len(pairs), **stats, "label_conflicts": len(result.label_conflicts)}
