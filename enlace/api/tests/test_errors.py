"""Errors are JSON with translated messages; never a traceback, never the request body in logs."""

import logging

import pytest

from enlace.api.errors import schema_errors

pytestmark = pytest.mark.django_db


def test_unexpected_error_is_a_bare_500_and_the_log_has_no_request_data(world, api_as, monkeypatch, caplog):
    def explode(**kwargs):
        raise RuntimeError("Quispe 4567890 LP")  # an error text that carries personal data

    monkeypatch.setattr("enlace.cases.api.case_create", explode)
    with caplog.at_level(logging.ERROR, logger="enlace.api"):
        r = api_as(world["investigator"]).post("/cases?q=secret-query", {"title": "Mamani family"},
                                               **{"Accept-Language": "en"})
    assert r.status_code == 500
    assert r.json() == {"message": "Internal error"}
    assert "Traceback" not in r.content.decode()
    logged = "\n".join(rec.getMessage() for rec in caplog.records)
    assert "RuntimeError" in logged and "cases_create" in logged
    for secret in ("Quispe", "4567890", "Mamani", "secret-query"):
        assert secret not in logged


def test_messages_follow_accept_language(world, api_as):
    api = api_as(world["investigator"])
    es = api.post("/cases", {}, **{"Accept-Language": "es"})
    en = api.post("/cases", {}, **{"Accept-Language": "en"})
    assert es.status_code == en.status_code == 422
    assert en.json()["errors"]["title"] == ["This field is required."]
    assert es.json()["errors"]["title"] == ["Este campo es obligatorio."]
    assert es["Content-Language"] == "es"


def test_an_id_that_is_not_a_public_id_is_the_404_of_a_missing_one(world, api_as):
    api = api_as(world["investigator"])
    missing = api.get("/cases/5b0a4c1e-3f7d-4e29-9c61-2d8e7f4a0b93")
    for other in ("abc", str(world["case"].pk), "9" * 25):
        r = api.get(f"/cases/{other}")
        assert r.status_code == missing.status_code == 404, other
        assert r.content == missing.content and r["Content-Type"] == missing["Content-Type"], other


def test_empty_or_non_object_body_is_422_with_field_errors(world, api_as):
    api = api_as(world["investigator"])
    empty = api.client.post("/api/v1/cases", content_type="application/json", headers=api.headers)
    assert empty.status_code == 422 and "title" in empty.json()["errors"]
    array = api.post("/cases", [1, 2])
    assert array.status_code == 422 and "__all__" in array.json()["errors"]


def test_schema_error_locations_become_field_paths():
    errors = [
        {"loc": ("body", "payload", "title"), "type": "missing", "msg": "Field required"},
        {"loc": ("body", "payload", "person", "documents", 0, "number"), "type": "missing", "msg": "x"},
        {"loc": ("query", "status"), "type": "enum", "msg": "x", "ctx": {}},
        {"loc": ("path", "case_id"), "type": "int_parsing", "msg": "x"},
        {"loc": ("body", "payload"), "type": "model_attributes_type", "msg": "x"},
    ]
    assert set(schema_errors(errors)) == {"title", "person.documents.0.number", "status", "case_id", "__all__"}


def test_unknown_api_path_is_json_404(client):
    r = client.get("/api/v1/no-such-thing/")
    assert r.status_code == 404 and r.json() == {"message": "Not found.", "errors": {}}
