"""Reads of the evidence registry. Only users with full access to the case see anything of it;
everyone else gets the same NotFound as for a case that does not exist. Every read is audited."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from uuid import UUID

from django.db.models import Prefetch, QuerySet

from enlace.accounts.models import User
from enlace.audit.reads import audit_read
from enlace.audit.services import audit_record
from enlace.cases.access import Access
from enlace.cases.models import Case
from enlace.cases.selectors import case_get
from enlace.core.errors import NotFound
from enlace.core.storage import EncryptedFileStore

from .custody import CustodyState, custody_state
from .models import CustodyEvent, EvidenceFile, EvidenceItem, ExternalCustodian, StorageLocation

STATE_COLUMNS = ("id", "item_id", "kind", "at", "recorded_by_id", "to_user_id", "to_external_id", "transfer_id",
                 "retain_until")
# A storage place names its parents (building > room > shelf > box): fetched with the item, not one by one.
LOCATION_PATH = ("location__parent__parent__parent",)


def file_context(evidence_file: EvidenceFile) -> str:
    """Binds a stored file to its item: a file moved under another record fails authentication."""
    return f"prosecution.evidence:{evidence_file.item_id}"


def evidence_case(*, actor, case_id: UUID) -> Case:
    """The case, when the actor has full access to it; NotFound otherwise (missing or not theirs)."""
    case, access = case_get(actor=actor, case_id=case_id)
    if access < Access.FULL:
        raise NotFound
    return case


def evidence_list(*, actor, case_id: UUID, number: str = "", kind: str = "") -> tuple[Case, QuerySet[EvidenceItem]]:
    """The case's items, narrowed by a part of the exhibit number and by kind, as a lazy queryset:
    a page of the registry fetches (and prefetches the custody of) only its own items, so a case
    with hundreds of exhibits costs a page, not the whole registry. Read them with ``with_custody``."""
    case = evidence_case(actor=actor, case_id=case_id)
    audit_read(actor=actor, action="evidence.list", obj=case, case_id=case.pk, lead=True)
    # Only what the list shows: no encrypted description to decrypt per item, and of each custody
    # event only the columns its state is read from (a heavy case has thousands of events).
    events = CustodyEvent.objects.only(*STATE_COLUMNS).order_by("at", "id")
    items = (EvidenceItem.objects.filter(case=case).defer("description", "seized_where")
             .select_related(*LOCATION_PATH).prefetch_related(Prefetch("events", queryset=events)))
    if number.strip():
        items = items.filter(exhibit_number__icontains=number.strip())
    if kind:
        items = items.filter(kind=kind)
    return case, items


def with_custody(items: Iterable[EvidenceItem]) -> list[tuple[EvidenceItem, list[CustodyEvent]]]:
    """Each item with its custody events in order (surfaces never walk the relation themselves)."""
    return [(item, list(item.events.all())) for item in items]


def evidence_item_get(*, actor, item_id: UUID) -> EvidenceItem:
    item = EvidenceItem.objects.select_related("case", "location").filter(public_id=item_id).first()
    if item is None:
        raise NotFound
    evidence_case(actor=actor, case_id=item.case.public_id)
    audit_read(actor=actor, action="evidence.read", obj=item, case_id=item.case_id, lead=True)  # names the entry, not its case
    return item


def item_events(item: EvidenceItem) -> list[CustodyEvent]:
    return list(item.events.select_related("recorded_by", "to_user", "to_external").order_by("at", "id"))


def item_state(item: EvidenceItem) -> CustodyState:
    return custody_state(item_events(item))


def item_persons(item: EvidenceItem):
    return item.persons.select_related("person").order_by("id")


def transfer_candidates(*, actor, case: Case):
    """Users a hand-over may go to: the case's members with full access (never a stranger)."""
    if case.team is None:
        return User.objects.none()
    return case.team.members.filter(is_active=True).exclude(pk=actor.pk).order_by("username")


def item_files(item: EvidenceItem) -> list[EvidenceFile]:
    """The files of an item already read through ``evidence_item_get`` (so access was checked)."""
    return list(item.files.order_by("uploaded_at", "id"))


def external_custodians() -> QuerySet[ExternalCustodian]:
    return ExternalCustodian.objects.all()


def storage_locations() -> QuerySet[StorageLocation]:
    return StorageLocation.objects.select_related("parent")


def evidence_file_get(*, actor, file_pk: int) -> EvidenceFile:
    evidence_file = EvidenceFile.objects.select_related("item__case").filter(pk=file_pk).first()
    if evidence_file is None:
        raise NotFound
    evidence_case(actor=actor, case_id=evidence_file.item.case.public_id)
    return evidence_file


def evidence_file_download(*, actor, file_pk: int, store: EncryptedFileStore | None = None) -> tuple[EvidenceFile, Iterator[bytes] | None]:
    """The file and its decrypted chunks, after re-hashing it whole; chunks None on a mismatch.

    Why re-hash before sending a byte: a file changed on disk must not reach a court as evidence.
    The check and the download are both audited, the mismatch with its outcome.
    """
    evidence_file = evidence_file_get(actor=actor, file_pk=file_pk)
    store = store or EncryptedFileStore()
    ok = store.verify(evidence_file.file_id, sha256=evidence_file.sha256, context=file_context(evidence_file))
    if not ok:
        audit_record(actor=actor, action="evidence.file.mismatch", obj=evidence_file,
                     case_id=evidence_file.item.case_id, details={"verified": ok})
        return evidence_file, None
    audit_read(actor=actor, action="evidence.file.download", obj=evidence_file, case_id=evidence_file.item.case_id,
               details={"verified": ok}, lead=True)
    return evidence_file, store.open(evidence_file.file_id, context=file_context(evidence_file))
