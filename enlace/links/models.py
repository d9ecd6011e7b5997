"""Cross-case matching: the match index, proposed matches, human decisions, merges, and
requests for information about hits held by another unit.

Why these tables: a match between two records is a claim about the world ("these are the
same person") that a model proposes and a person decides. The proposal (``MatchCandidate``),
every decision (``MatchDecision``) and every merge (``PersonMerge``) are kept, never
overwritten, so a wrong call can be undone exactly and an auditor can see who decided what.
``MatchKey`` holds only HMAC blind indexes: candidates are found without any plaintext name,
phone or document number in an index.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enlace.core.fields import EncryptedTextField
from enlace.core.public_ids import PublicIdModel

if TYPE_CHECKING:
    from enlace.accounts.models import Institution, Unit

User = settings.AUTH_USER_MODEL


class KeyKind(models.TextChoices):
    NAME_BLOCK = "name_block", _("Name (blocking key)")
    PHONE = "phone", _("Phone")
    DOCUMENT = "document", _("Identity document")
    EMAIL = "email", _("E-mail address")
    HANDLE = "handle", _("Social media handle")
    ACCOUNT = "account", _("Bank account")
    PLATE = "plate", _("Vehicle plate")
    ADDRESS = "address", _("Address")


class MatchKey(models.Model):
    """One blind-index key of a person (names, identifiers) or of a case (accounts, plates).

    ``key`` is ``blind_index(normalised value, purpose="links.<kind>")``: equal keys mean equal
    normalised values, and the key says nothing about the value without the index key.
    ``strength`` is how much one shared key says on its own (0 = only a blocking key).
    """

    # No single-column indexes on the two foreign keys: (person, kind) and (case, kind)
    # below serve the same lookups, and every save rewrites a person's keys.
    person = models.ForeignKey("persons.Person", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="match_keys", db_index=False)
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="match_keys",
                             db_index=False)
    kind = models.CharField(max_length=16, choices=KeyKind.choices)
    key = models.CharField(max_length=32)
    strength = models.FloatField(default=0.0)

    class Meta:
        # (key, person): the lookups on save read only these two columns, so both databases
        # answer them from the index alone (bench/match_on_save.py).
        indexes = [models.Index(fields=["key", "person"]), models.Index(fields=["person", "kind"]),
                   models.Index(fields=["case", "kind"])]


class MatchProfile(PublicIdModel, models.Model):
    """What the matcher compares of one person, sealed in one encrypted value.

    Why: scoring a candidate from its ``Person`` row meant loading five identifier tables,
    decrypting every field and parsing the names again, for each of the hundred or so
    candidates of one save (seconds on a large register). The parsed features
    (``matching.features_dumps``) are written with the person's keys, in the same
    transaction, and read back with one query and one decryption per candidate.
    ``features`` is encrypted like the names it is made of; ``enlace keys rotate`` covers it.
    """

    person = models.OneToOneField("persons.Person", primary_key=True, on_delete=models.CASCADE,
                                  related_name="match_profile")
    features = EncryptedTextField()


class MatchIndexState(models.Model):
    """Which name-key format (``matching.KEYS_FORMAT``) the stored person keys were written in.

    Why: when an upgrade changes how name keys are made, keys written before it are never
    found by the new lookups, and matching on names silently stops working for the old
    records (identifiers still match). ``reindex_all`` records the format it wrote; the
    ``links.W001`` system check (run by ``migrate`` and ``check --database default``) warns
    the operator while the stored keys are of another format. One row.
    """

    keys_format = models.PositiveSmallIntegerField(default=0)  # 0: written before formats were recorded
    rebuilt_at = models.DateTimeField(null=True, blank=True)


class CandidateStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    CONFIRMED = "confirmed", _("Same person")
    REJECTED = "rejected", _("Not the same")
    UNSURE = "unsure", _("Unsure")


class CandidateKind(models.TextChoices):
    SAME_PERSON = "same_person", _("Possibly the same person")
    SHARED_IDENTIFIER = "shared_identifier", _("Shares an identifier")


class CandidateSource(models.TextChoices):
    REALTIME = "realtime", _("When the record was saved")
    BATCH = "batch", _("Batch resolution")


class MatchCandidate(models.Model):
    """A pair of person records the matcher connected (``person_a.pk < person_b.pk``).

    ``kind`` says whether the evidence points to one person (names, dates, documents agree)
    or only to a shared identifier (a victim's record holding the recruiter's phone).
    Its id is shown only to users who see both records (hidden hits are addressed by the
    user's own record and the holder, never by this row).
    """

    person_a = models.ForeignKey("persons.Person", on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey("persons.Person", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=CandidateKind.choices, default=CandidateKind.SAME_PERSON)
    score = models.FloatField(default=0.0)
    reasons = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=12, choices=CandidateStatus.choices, default=CandidateStatus.PROPOSED,
                              db_index=True)
    source = models.CharField(max_length=12, choices=CandidateSource.choices, default=CandidateSource.REALTIME)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="uniq_match_pair"),
            models.CheckConstraint(condition=models.Q(person_a__lt=models.F("person_b")), name="match_pair_ordered"),
        ]
        indexes = [models.Index(fields=["person_a", "status"]), models.Index(fields=["person_b", "status"])]

    def other(self, person_id: int) -> int:
        return self.person_b_id if person_id == self.person_a_id else self.person_a_id


class Decision(models.TextChoices):
    SAME = "same", _("Same person")
    NOT_SAME = "not_same", _("Not the same")
    UNSURE = "unsure", _("Unsure")


DECISION_STATUS = {Decision.SAME: CandidateStatus.CONFIRMED, Decision.NOT_SAME: CandidateStatus.REJECTED,
                   Decision.UNSURE: CandidateStatus.UNSURE}


class MatchDecision(PublicIdModel, models.Model):
    """An analyst's call on a candidate. The newest one counts; older ones stay as history."""

    candidate = models.ForeignKey(MatchCandidate, on_delete=models.CASCADE, related_name="decisions")
    decision = models.CharField(max_length=12, choices=Decision.choices)
    note = EncryptedTextField(_("note"))
    decided_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)
    superseded_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-decided_at", "-id"]


class PersonMerge(models.Model):
    """``secondary.merged_into`` was set to ``primary`` (both roots at that moment).

    Nothing else changes on merge: identifiers, case roles and keys stay on their own
    records. Undoing puts ``previous_merged_into`` back, so the state before is restored.
    """

    primary = models.ForeignKey("persons.Person", on_delete=models.PROTECT, related_name="+")
    secondary = models.ForeignKey("persons.Person", on_delete=models.PROTECT, related_name="+")
    previous_merged_into = models.ForeignKey("persons.Person", null=True, blank=True, on_delete=models.PROTECT,
                                             related_name="+")
    decision = models.ForeignKey(MatchDecision, null=True, on_delete=models.PROTECT, related_name="merges")
    merged_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    merged_at = models.DateTimeField(default=timezone.now)
    undone_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    undone_at = models.DateTimeField(null=True, blank=True)
    undo_decision = models.ForeignKey(MatchDecision, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="unmerges")

    class Meta:
        ordering = ["-merged_at", "-id"]


class RequestStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ANSWERED = "answered", _("Answered")
    DECLINED = "declined", _("Declined")


class InformationRequest(PublicIdModel, models.Model):
    """A formal request to the unit that holds a hidden hit (the Prüm model's second step).

    The requester saw only "a possible match exists, held by <unit>" next to one of their
    own persons (``about_person``); the holder's liaisons and supervisors decide what, if
    anything, to share. ``held_person_ids`` are the holder-side records behind the signal,
    fixed when the request is sent and shown only to the holder.
    """

    about_person = models.ForeignKey("persons.Person", on_delete=models.PROTECT, related_name="+")
    held_person_ids = models.JSONField(default=list)
    from_user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    from_unit = models.ForeignKey("accounts.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    from_institution = models.ForeignKey("accounts.Institution", null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="+")
    to_institution = models.ForeignKey("accounts.Institution", on_delete=models.PROTECT, related_name="+")
    to_unit = models.ForeignKey("accounts.Unit", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="information_requests")
    purpose = EncryptedTextField(_("purpose"))
    status = models.CharField(max_length=12, choices=RequestStatus.choices, default=RequestStatus.SENT, db_index=True)
    answer = EncryptedTextField(_("answer"))
    answered_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    holder_seen_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    @property
    def holder(self) -> Unit | Institution | None:
        return self.to_unit or self.to_institution
