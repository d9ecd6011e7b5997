import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from enlace.prosecution.models import (
    Attachment,
    CustodyEvent,
    DefendantStage,
    EvidenceFile,
    EvidenceItem,
    Hearing,
    Judgment,
    Reparation,
)
from enlace.prosecution.selectors import item_state
from enlace.prosecution.selectors_elements import gaps_of, matrix_groups

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def demo_mode(settings, tmp_path):
    settings.ENLACE_DEMO_MODE = True
    settings.ENLACE_FILE_STORE = tmp_path


def test_demo_has_evidence_with_transfers_a_pending_one_and_a_verified_file():
    call_command("demo", stdout=io.StringIO(), cases=12, seed=5)
    assert EvidenceItem.objects.count() == 3
    states = [item_state(item) for item in EvidenceItem.objects.all()]
    assert any(s.pending for s in states) and any(s.external_id for s in states)
    assert CustodyEvent.objects.filter(kind="confirmed").exists()
    assert EvidenceFile.objects.count() == 1 and Attachment.objects.filter(target="note").count() == 1
    out = io.StringIO()
    call_command("evidence", "verify", stdout=out)
    assert "2 verified" in out.getvalue()


def test_demo_has_proceedings_at_several_stages_a_gap_and_an_acquittal():
    call_command("demo", stdout=io.StringIO(), cases=40, seed=5)
    stages = set(DefendantStage.objects.filter(ended_on__isnull=True).values_list("stage__code", flat=True))
    assert {"investigacion_preliminar", "juicio_oral", "sentencia"} <= stages
    verdicts = set(Judgment.objects.values_list("verdict", flat=True))
    assert verdicts == {"convicted", "acquitted"}
    assert Reparation.objects.exists()
    now = timezone.now()
    assert Hearing.objects.filter(starts_at__lt=now).exists() and Hearing.objects.filter(starts_at__gt=now).exists()
    gaps = [g for case in {s.case for s in DefendantStage.objects.select_related("case")}
            for g in gaps_of(matrix_groups(case))]
    assert any(g.reason == "nothing linked" and g.element.startswith("Medio") for g in gaps)
