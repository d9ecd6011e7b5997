"""The OpenAPI schema lists every route with explicit schemas; the docs page is self-hosted."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import URLPattern, URLResolver

from enlace.api.api import api

pytestmark = pytest.mark.django_db

ROUTES = {
    ("get", "/api/v1/me"),
    ("get", "/api/v1/cases"),
    ("post", "/api/v1/cases"),
    ("get", "/api/v1/cases/{case_id}"),
    ("patch", "/api/v1/cases/{case_id}"),
    ("post", "/api/v1/cases/{case_id}/status"),
    ("get", "/api/v1/cases/{case_id}/participants"),
    ("post", "/api/v1/cases/{case_id}/participants"),
    ("patch", "/api/v1/cases/{case_id}/participants/{participant_id}"),
    ("get", "/api/v1/persons/{person_id}"),
    ("post", "/api/v1/persons/{person_id}/reveal"),
}
# Columns that must never appear in any API schema (secrets, internals, indexes).
NEVER_EXPOSED = {"key_hash", "password", "search_text", "number_bidx", "e164_bidx", "address_bidx",
                 "handle_bidx", "text_bidx", "merged_into", "created_by", "is_superuser", "prefix"}


def _fetch_schema(world) -> dict:
    client = Client()
    client.force_login(world["investigator"])
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    return r.json()


def _api_url_patterns(patterns, prefix="") -> set[str]:
    found = set()
    for p in patterns:
        if isinstance(p, URLResolver):
            found |= _api_url_patterns(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            found.add(prefix + str(p.pattern))
    return found


def test_schema_lists_every_route(world):
    schema = _fetch_schema(world)
    documented = {(m, path) for path, ops in schema["paths"].items() for m in ops}
    assert ROUTES <= documented, ROUTES - documented
    # Every URL the API serves (all apps' routers, besides the schema and docs) is documented.
    served = {"/api/v1/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", u) for u in _api_url_patterns(api.urls[0])}
    served -= {"/api/v1/", "/api/v1/openapi.json", "/api/v1/docs"}  # root: ninja's 404 marker
    assert served == set(schema["paths"])


def test_every_operation_documents_its_errors_and_auth(world):
    schema = _fetch_schema(world)
    assert {"TokenAuth", "SessionAuth"} <= set(schema["components"]["securitySchemes"])
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            assert {"401", "500"} <= set(op["responses"]), (method, path)
            assert op.get("security"), (method, path)
            if path.endswith("}") and method == "get":
                assert "404" in op["responses"], (method, path)


def test_no_internal_or_secret_field_is_exposed(world):
    schema = _fetch_schema(world)
    for name, component in schema["components"]["schemas"].items():
        assert not (set(component.get("properties", {})) & NEVER_EXPOSED), name


def test_schema_and_docs_need_authentication(db):
    for url in ("/api/v1/openapi.json", "/api/v1/docs"):
        r = Client().get(url)
        assert r.status_code == 401
        assert r["Content-Type"].startswith("application/json")


def test_schema_is_available_to_token_clients(world, api_as):
    r = api_as(world["investigator"]).get("/openapi.json")
    assert r.status_code == 200 and r.json()["info"]["title"] == "Enlace API"


def test_docs_page_is_self_hosted(world):
    client = Client()
    client.force_login(world["investigator"])
    r = client.get("/api/v1/docs")
    assert r.status_code == 200
    html = r.content.decode()
    assert not re.search(r"(https?:)?//[a-z0-9.-]+", html, flags=re.I), "the docs page names another host"
    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts, "Swagger UI scripts missing"
    for attrs in scripts:  # no inline executable script: either a file or a JSON data block
        assert 'src="/static/' in attrs or 'type="application/json"' in attrs, attrs
    assert "script-src 'self'" in r["Content-Security-Policy"]
    assert "unsafe-inline" not in r["Content-Security-Policy"]
    for asset in re.findall(r'(?:src|href)="/static/([^"]+)"', html):
        assert finders.find(asset), f"{asset} is not shipped with the server"
    assert '"validatorUrl": null' in html  # else Swagger UI fetches a badge from validator.swagger.io


# Path parameters and fields that name a case, a person, a screening, a referral, a consent, a request
# or another object with a public id: a UUID in the schema, never an integer.
PUBLIC_PARAMS = {"case_id", "person_id", "participant_id", "screening_id", "referral_id", "consent_id",
                 "authorisation_id", "item_id", "hearing_id", "link_id"}
PUBLIC_FIELDS = {"case_id", "person_id", "screening_id", "consent_id", "person_a_id", "person_b_id", "renews_id",
                 "renewal_ids"}
PUBLIC_ID_SCHEMAS = {"CaseListItem", "CaseOut", "ParticipantOut", "PersonRef", "PersonOut", "ScreeningOut",
                     "ConsentOut", "ReferralOut", "RequestOut", "AuthorisationOut", "AuthorisationDetailOut",
                     "ItemOut", "ItemDetailOut", "HearingOut", "ElementOut"}
CASE_PERSON_INTEGERS = {"MeasureOut", "MeasureIn"}  # their person_id is a case-person's integer key (remains)


def _is_uuid(prop: dict) -> bool:
    options = prop.get("anyOf", [prop])
    kinds = [o.get("items", o) for o in options if o.get("type") != "null"]
    return bool(kinds) and all(k.get("type") == "string" and k.get("format") == "uuid" for k in kinds)


def test_public_ids_are_uuids_in_the_schema(world):
    schema = _fetch_schema(world)
    params = [(path, p) for path, ops in schema["paths"].items() for op in ops.values()
              for p in op.get("parameters", []) if p["in"] == "path"]
    named = [(path, p) for path, p in params if p["name"] in PUBLIC_PARAMS]
    assert len(named) > 30
    for path, p in named:
        assert p["schema"].get("format") == "uuid", (path, p["name"])
    components = schema["components"]["schemas"]
    assert PUBLIC_ID_SCHEMAS <= set(components)
    for name, component in components.items():
        props = component.get("properties", {})
        if name in PUBLIC_ID_SCHEMAS:
            assert _is_uuid(props["id"]), name
        for field in PUBLIC_FIELDS & set(props) - ({"person_id"} if name in CASE_PERSON_INTEGERS else set()):
            assert _is_uuid(props[field]), (name, field)
