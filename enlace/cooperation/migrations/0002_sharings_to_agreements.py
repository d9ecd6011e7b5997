"""Existing sharings cited their agreement as free text; each now names an agreement record.

For every distinct reference among the existing sharings (an empty one included: "unnamed") an
agreement is created, in force, between the lead institutions of the cases shared under it and
the institutions they were shared with, letting flow exactly what those sharings disclose (a
summary sharing: the case summary; a full one: summary, persons by pseudonym, evidence). So no
one loses or gains access by the migration; the agreements are then completed (document,
conditions, dates) or suspended by their parties. On an empty database nothing is created.
Runs before cases ``0006``, which drops the free-text column.
"""

from django.db import migrations
from django.utils.text import slugify

SCOPE_CATEGORIES = {"summary": ["case_summary"], "full": ["case_summary", "evidence", "persons"]}


def forwards(apps, schema_editor):
    CaseSharing = apps.get_model("cases", "CaseSharing")
    Agreement = apps.get_model("cooperation", "Agreement")
    AgreementFlow = apps.get_model("cooperation", "AgreementFlow")
    groups = {}
    # Plain values: no model instance, so no encrypted column of the case is read (or needs a key).
    rows = CaseSharing.objects.order_by("pk").values("pk", "agreement_ref", "scope", "institution_id",
                                                     "case__lead_institution_id")
    for sharing in rows:
        groups.setdefault(sharing["agreement_ref"].strip(), []).append(sharing)
    for n, (ref, sharings) in enumerate(sorted(groups.items()), start=1):
        code = (slugify(ref)[:50] or "unnamed") + f"-{n}"
        agreement = Agreement.objects.create(
            code=code, title=ref or "Sharings made without a named agreement", kind="inter_institutional",
            purpose="Carried over from the case sharings that cited it.", status="in_force",
            consent_required=False, purpose_limited=True, onward_sharing_forbidden=True)
        flows = {}
        for s in sharings:
            key = (s["case__lead_institution_id"], s["institution_id"])
            flows.setdefault(key, set()).update(SCOPE_CATEGORIES.get(s["scope"], SCOPE_CATEGORIES["full"]))
        parties = {i for key in flows for i in key}
        agreement.parties.set(parties)
        for (provider, recipient), categories in flows.items():
            if provider != recipient:
                AgreementFlow.objects.create(agreement=agreement, provider_id=provider, recipient_id=recipient,
                                             categories=sorted(categories))
        CaseSharing.objects.filter(pk__in=[s["pk"] for s in sharings]).update(agreement_id=agreement.pk)


def backwards(apps, schema_editor):
    CaseSharing = apps.get_model("cases", "CaseSharing")
    Agreement = apps.get_model("cooperation", "Agreement")
    for agreement in Agreement.objects.all():
        CaseSharing.objects.filter(agreement_id=agreement.pk).update(agreement_ref=agreement.title[:60],
                                                                     agreement_id=None)


class Migration(migrations.Migration):

    dependencies = [
        ("cooperation", "0001_initial"),
        ("cases", "0005_casesharing_agreement_id"),
    ]
    run_before = [("cases", "0006_remove_casesharing_agreement_ref")]

    operations = [migrations.RunPython(forwards, backwards)]
