"""``dumpdata`` does not write identities in clear outside development."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from enlace.persons.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(world):
    return Person.objects.create(given_names="Rosa", first_surname="Apaza", created_by=world["investigator"])


@pytest.mark.parametrize("labels", [(), ("persons",), ("persons.Person",), ("accounts",), ("otp_totp",),
                                    ("contenttypes", "persons")])
def test_protected_models_are_refused(person, labels):
    out = io.StringIO()
    with pytest.raises(CommandError, match="refused"):
        call_command("dumpdata", *labels, stdout=out)
    with pytest.raises(CommandError, match="only in development"):
        call_command("dumpdata", *labels, "--i-know-this-writes-identities", stdout=out)
    assert "Rosa" not in out.getvalue()


def test_unprotected_models_still_dump(person):
    out = io.StringIO()
    call_command("dumpdata", "contenttypes", stdout=out)
    assert '"model": "contenttypes.contenttype"' in out.getvalue()


def test_a_developer_may_dump_with_the_flag(person):
    out = io.StringIO()
    with override_settings(DEBUG=True):
        with pytest.raises(CommandError, match="refused"):
            call_command("dumpdata", "persons.Person", stdout=out)
        call_command("dumpdata", "persons.Person", "--i-know-this-writes-identities", stdout=out)
    assert "Rosa" in out.getvalue()
