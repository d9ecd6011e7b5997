"""Request ids: set or kept, returned in the response, stamped on every log line of the request."""

import logging

import pytest
from django.test import Client

from enlace.core.logging import RequestIdFilter, request_id

pytestmark = pytest.mark.django_db


def test_each_response_carries_a_new_request_id():
    client = Client()
    a, b = client.get("/login/")["X-Request-ID"], client.get("/login/")["X-Request-ID"]
    assert len(a) == 32 and a != b


def test_the_proxys_request_id_is_kept_and_a_malformed_one_replaced():
    client = Client()
    assert client.get("/login/", headers={"x-request-id": "abcd-1234-efgh"})["X-Request-ID"] == "abcd-1234-efgh"
    replaced = client.get("/login/", headers={"x-request-id": "<script>alert(1)</script>"})["X-Request-ID"]
    assert "<" not in replaced and len(replaced) == 32


def test_log_records_carry_the_current_request_id():
    record = logging.LogRecord("enlace", logging.ERROR, __file__, 1, "boom", None, None)
    token = request_id.set("rid-under-test")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id.reset(token)
    assert record.request_id == "rid-under-test"
    RequestIdFilter().filter(record)
    assert record.request_id == "-"  # outside a request (the worker, a command)
