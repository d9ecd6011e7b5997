"""Scheduled clean-ups of sign-in data: expired sessions, lockouts past their cool-off."""

import datetime as dt

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from enlace.accounts import jobs

pytestmark = pytest.mark.django_db


def test_expired_sessions_are_removed_live_ones_kept():
    live, old = SessionStore(), SessionStore()
    live.create()
    old.create()
    Session.objects.filter(session_key=old.session_key).update(expire_date=timezone.now() - dt.timedelta(minutes=1))
    assert jobs.clear_sessions() == {"sessions": 1}
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]


def test_lockouts_past_their_cool_off_are_removed():
    now = timezone.now()
    for name, age in (("old", dt.timedelta(hours=1)), ("recent", dt.timedelta(minutes=1))):
        AccessAttempt.objects.create(username=name, ip_address="10.0.0.1", user_agent="", failures_since_start=5,
                                     get_data="", post_data="", http_accept="", path_info="")
        AccessAttempt.objects.filter(username=name).update(attempt_time=now - age)  # auto_now_add on create
    AccessFailureLog.objects.create(username="old", ip_address="10.0.0.1", user_agent="", http_accept="",
                                    path_info="", locked_out=True)
    AccessFailureLog.objects.update(attempt_time=now - dt.timedelta(days=40))
    assert jobs.clear_lockouts() == {"attempts": 1, "failure_logs": 1}
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["recent"]
