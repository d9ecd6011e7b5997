import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from enlace.accounts.models import User
from enlace.referrals.models import Notification
from enlace.techniques.jobs import technique_alerts
from enlace.techniques.models import Authorisation
from enlace.techniques.vocabulary import Status

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def demo_mode(settings, tmp_path):
    settings.ENLACE_DEMO_MODE = True
    settings.ENLACE_FILE_STORE = tmp_path


def test_demo_has_a_renewed_authorisation_about_to_expire_named_to_two_members():
    call_command("demo", stdout=io.StringIO(), cases=12, seed=5)
    renewal = Authorisation.objects.get(renews__isnull=False)
    assert renewal.expires_on == timezone.localdate() + dt.timedelta(days=2)
    assert renewal.status(renewed=False) == Status.ACTIVE
    assert renewal.renews.status(renewed=True) == Status.RENEWED
    assert renewal.members.count() == 2
    supervisors = set(User.objects.filter(memberships__unit=renewal.case.lead_unit, memberships__role="supervisor"))
    assert supervisors and not supervisors & set(renewal.members.all())  # they see the case, not this
    technique_alerts()
    assert set(Notification.objects.filter(kind="technique_expiry").values_list("user", flat=True)) == \
        set(renewal.members.values_list("pk", flat=True))
