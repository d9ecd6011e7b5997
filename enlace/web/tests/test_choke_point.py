"""The authorisation choke point, checked on the source: surfaces never read protected models.

Views, template tags, API modules and exports get protected data only from selectors, which
compute access from the acting user (``Case.objects.visible_to``, ``Person.objects.visible_to``
and the rules built on them). A surface that reads a protected model itself, through its
manager (``Case.objects``, ``_default_manager``) or a related manager (``case.notes.all()``),
has to re-apply the need-to-know rule by hand, and the next one will forget. This test walks
the source and names every such read. Templates are walked too: they receive what selectors
return (lists, values), never a model whose related managers they could walk
(``{% for n in case.notes.all %}``).

"Protected" is derived from the models of the apps that hold case, person, screening,
referral, matching and audit data, so a model added there is covered without editing this file.
"""

from __future__ import annotations

import ast
import fnmatch
import re
from pathlib import Path

import pytest
from django.apps import apps

import enlace

PROTECTED_APPS = ("cases", "persons", "screening", "referrals", "links", "audit", "prosecution", "monitoring")
SURFACE_PATTERNS = ("views*.py", "*_view.py", "api.py", "exports*.py")
MANAGERS = {"objects", "_default_manager", "_base_manager"}
QUERY_METHODS = {"all", "filter", "exclude", "get", "order_by", "select_related", "prefetch_related", "values",
                 "values_list", "count", "exists", "first", "last", "create", "update", "delete", "annotate",
                 "aggregate", "distinct", "in_bulk", "iterator", "get_or_create", "update_or_create", "none"}
ROOT = Path(enlace.__file__).resolve().parent


# Reference data kept in those apps: names of places and bodies, not anybody's case data.
REFERENCE_MODELS = {"StorageLocation", "ExternalCustodian"}


def protected_models() -> list:
    return [m for label in PROTECTED_APPS for m in apps.get_app_config(label).get_models()
            if m.__name__ not in REFERENCE_MODELS]


def related_accessors(models) -> set[str]:
    """Names through which a related manager of a protected model is reached (``case.notes``...)."""
    names: set[str] = set()
    for model in models:
        for f in model._meta.get_fields():
            if f.auto_created and not f.concrete and (f.one_to_many or f.many_to_many):
                accessor = f.get_accessor_name()
                if accessor and not accessor.endswith("+"):
                    names.add(accessor)
            elif f.many_to_many and f.concrete:
                names.add(f.name)
    return names


def surface_modules(root: Path = ROOT) -> list[Path]:
    found = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        if "tests" in rel.parts or "migrations" in rel.parts:
            continue
        if "templatetags" in rel.parts and path.name != "__init__.py" or any(
                fnmatch.fnmatch(path.name, p) for p in SURFACE_PATTERNS):
            found.append(path)
    return found


def protected_reads(source: str, *, model_names: set[str], accessors: set[str]) -> list[tuple[int, str]]:
    """(line, text) of each read of a protected model's manager or related manager in ``source``."""
    tree = ast.parse(source)
    aliases = set(model_names)
    for node in ast.walk(tree):  # ``from .models import Case as C``
        if isinstance(node, ast.ImportFrom):
            aliases |= {a.asname for a in node.names if a.asname and a.name in model_names}
    reads = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        if node.attr in MANAGERS and isinstance(node.value, ast.Name) and node.value.id in aliases:
            reads.append((node.lineno, f"{node.value.id}.{node.attr}"))
        elif (node.attr in QUERY_METHODS and isinstance(node.value, ast.Attribute)
              and node.value.attr in accessors):
            reads.append((node.lineno, f"….{node.value.attr}.{node.attr}()"))
    return reads


def violations(root: Path = ROOT) -> dict[str, list[tuple[int, str]]]:
    models = protected_models()
    names = {m.__name__ for m in models}
    accessors = related_accessors(models)
    out = {}
    for path in surface_modules(root):
        found = protected_reads(path.read_text(encoding="utf-8"), model_names=names, accessors=accessors)
        if found:
            out[str(path.relative_to(root))] = found
    return out


def test_the_protected_models_are_derived_not_listed():
    names = {m.__name__ for m in protected_models()}
    assert {"Case", "CasePerson", "CaseNote", "CaseTask", "CaseSharing", "Person", "PersonDocument",
            "Screening", "Consent", "Referral", "AuditEntry"} <= names
    assert {"notes", "tasks", "case_persons", "documents", "phones"} <= related_accessors(protected_models())


def test_the_walk_finds_the_surfaces():
    rels = {str(p.relative_to(ROOT)) for p in surface_modules()}
    assert {"cases/views.py", "cases/api.py", "links/exports.py", "links/templatetags/links_tags.py"} <= rels


@pytest.mark.parametrize("snippet, expected", [
    ("from .models import Case\nCase.objects.filter(pk=1)", [(2, "Case.objects")]),
    ("from .models import Case as C\nC._default_manager.all()", [(2, "C._default_manager")]),
    ("def f(case):\n    return case.notes.all()", [(2, "….notes.all()")]),
    ("from .selectors import case_notes\ncase_notes(actor=a, case=c)", []),
    ("from .models import Team\nTeam.objects.all()", []),  # not protected data
])
def test_the_detector(snippet, expected):
    models = protected_models()
    assert protected_reads(snippet, model_names={m.__name__ for m in models} | {"C"},
                           accessors=related_accessors(models)) == expected


def test_surfaces_read_protected_data_only_through_selectors():
    found = violations()
    report = "\n".join(f"{mod}:{line}: {text}" for mod, reads in sorted(found.items()) for line, text in reads)
    assert not found, "Views, template tags, API modules and exports must call selectors:\n" + report


TEMPLATE_TAG = re.compile(r"{[{%](.*?)[%}]}", re.S)
TEMPLATE_WALK = re.compile(r"\.(\w+)\.(all|count|exists|first|last)\b")


def template_walks(source: str, *, accessors: set[str]) -> list[tuple[int, str]]:
    """(line, text) of each related-manager walk of a protected model inside a template's tags."""
    found = []
    for tag in TEMPLATE_TAG.finditer(source):
        for walk in TEMPLATE_WALK.finditer(tag.group(1)):
            if walk.group(1) in accessors or walk.group(1).endswith("_set"):
                found.append((source.count("\n", 0, tag.start()) + 1, f"….{walk.group(1)}.{walk.group(2)}"))
    return found


@pytest.mark.parametrize("snippet, expected", [
    ("{% for ref in case.references.all %}", [(1, "….references.all")]),
    ("<p>\n{{ case.notes.count }}</p>", [(2, "….notes.count")]),
    ("{% for n in notes %}{{ n.text }}{% endfor %}", []),
    ("{{ form.fields.all }}", []),  # not a protected model's manager
])
def test_the_template_detector(snippet, expected):
    assert template_walks(snippet, accessors=related_accessors(protected_models())) == expected


def test_templates_walk_no_related_manager_of_protected_data():
    accessors = related_accessors(protected_models())
    found = {str(path.relative_to(ROOT)): walks for path in sorted(ROOT.rglob("templates/**/*.html"))
             if (walks := template_walks(path.read_text(encoding="utf-8"), accessors=accessors))}
    report = "\n".join(f"{tpl}:{line}: {text}" for tpl, walks in sorted(found.items()) for line, text in walks)
    assert not found, "Templates must receive lists from selectors, not walk related managers:\n" + report
