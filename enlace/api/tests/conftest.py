"""Helpers for API tests: a JSON client authenticated with a personal token."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from enlace.accounts.services import token_create


class ApiClient:
    """Thin JSON wrapper around Django's test client; ``auth`` is the full header value."""

    def __init__(self, auth: str | None = None, client: Client | None = None):
        self.client = client or Client()
        self.headers = {"Authorization": auth} if auth else {}

    def _send(self, method: str, path: str, data=None, **headers):
        kwargs = {"headers": {**self.headers, **headers}}
        if data is not None:
            kwargs |= {"data": data if isinstance(data, str) else json.dumps(data), "content_type": "application/json"}
        return getattr(self.client, method)("/api/v1" + path, **kwargs)

    def get(self, path: str, **headers):
        return self._send("get", path, **headers)

    def post(self, path: str, data=None, **headers):
        return self._send("post", path, data if data is not None else {}, **headers)

    def patch(self, path: str, data=None, **headers):
        return self._send("patch", path, data if data is not None else {}, **headers)


def make_token(user) -> str:
    _tok, plain = token_create(actor=None, user=user, name="test")
    return plain


@pytest.fixture
def api_as(db):
    """``api_as(user)``: an ApiClient sending that user's new personal token."""

    def make(user) -> ApiClient:
        return ApiClient(f"Bearer {make_token(user)}")

    return make


@pytest.fixture
def anon_api() -> ApiClient:
    return ApiClient()
