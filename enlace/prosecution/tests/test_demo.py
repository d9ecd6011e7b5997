import io

import pytest
from django.core.management import call_command

from enlace.prosecution.models import CustodyEvent, EvidenceFile, EvidenceItem
from enlace.prosecution.selectors import item_state

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
    assert EvidenceFile.objects.count() == 1
    out = io.StringIO()
    call_command("evidence", "verify", stdout=out)
    assert "1 verified" in out.getvalue()
