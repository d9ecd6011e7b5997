"""The hand-over rule lives in the service: what the result page offers is what the service accepts."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from enlace.accounts.tests.factories import TeamFactory
from enlace.audit.models import AuditEntry
from enlace.referrals.tests.factories import make_screener, screened
from enlace.screening import services

pytestmark = pytest.mark.django_db


def test_a_screening_with_no_indicators_is_not_handed_over(world):
    author = make_screener(world)
    s = screened(author, yes=[])
    with pytest.raises(ValidationError) as exc:
        services.screening_hand_over(actor=author, screening=s, team=world["team"])
    assert "indicators" in " ".join(exc.value.messages)
    s.refresh_from_db()
    assert s.handed_to_team_id is None
    assert not AuditEntry.objects.filter(action="screening.hand_over").exists()


def test_a_converted_screening_is_not_handed_over_again(world):
    author = make_screener(world)
    s = screened(author)
    services.screening_hand_over(actor=author, screening=s, team=world["team"])
    s.refresh_from_db()
    services.screening_convert(actor=world["investigator"], screening=s, expected_version=s.version)
    s.refresh_from_db()
    other = TeamFactory(code="eme-lpz-2")
    with pytest.raises(ValidationError):
        services.screening_hand_over(actor=author, screening=s, team=other)
    s.refresh_from_db()
    assert s.handed_to_team == world["team"]


def test_a_team_of_another_country_is_refused(world):
    author = make_screener(world)
    s = screened(author)
    peru = TeamFactory(code="eme-puno", country="PE", subdivision="PE-PUN")
    with pytest.raises(ValidationError) as exc:
        services.screening_hand_over(actor=author, screening=s, team=peru)
    assert "team" in exc.value.message_dict
    s.refresh_from_db()
    assert s.handed_to_team_id is None


def test_the_page_shows_the_rule_as_a_message(client, world):
    author = make_screener(world)
    s = screened(author, yes=[])
    client.force_login(author)
    resp = client.post(f"/screening/{s.public_id}/hand-over/", {"team": world["team"].pk}, follow=True)
    assert resp.status_code == 200
    s.refresh_from_db()
    assert s.handed_to_team_id is None
