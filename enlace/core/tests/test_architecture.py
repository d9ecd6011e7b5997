"""The map stays true: the table in docs/architecture.md against the code's imports and the layer
contract in pyproject.toml, and no import of the project's own modules hidden inside a function."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "enlace"
ROW = re.compile(r"^\|\s*`(?P<app>[a-z_]+)`\s*\|\s*(?P<layer>\d+)\s*\|(?P<owns>[^|]*)\|(?P<deps>[^|]*)\|\s*$")


def _documented() -> dict[str, tuple[int, set[str]]]:
    rows = {}
    for line in (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8").splitlines():
        if m := ROW.match(line):
            rows[m["app"]] = (int(m["layer"]), set(re.findall(r"`([a-z_.]+)`", m["deps"])))
    return rows


def _apps() -> list[str]:
    return sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py") if p.parent.name not in {"locale", "static", "templates"})


def _real_dependencies() -> dict[str, set[str]]:
    """App -> the other apps its code (tests aside) imports."""
    graph = grimp.build_graph("enlace", cache_dir=None)
    out: dict[str, set[str]] = {}
    for app in _apps():
        deps: set[str] = set()
        for module in graph.find_descendants(f"enlace.{app}") | {f"enlace.{app}"}:
            if ".tests" in module:
                continue
            for target in graph.find_modules_directly_imported_by(module):
                other = target.split(".")[1]
                if other != app:
                    deps.add(other)
        out[app] = deps
    return out


def _contract_layers() -> dict[str, int]:
    """App -> its layer in the import-linter contract, counted from the bottom (0)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contract = next(c for c in config["tool"]["importlinter"]["contracts"] if c["id"] == "layers")
    layers = {}
    for number, layer in enumerate(reversed(contract["layers"])):
        for name in re.split(r"[|:]", layer):
            layers[name.strip().strip("()")] = number
    return layers


def test_every_app_has_a_row_with_its_real_dependencies():
    documented, real = _documented(), _real_dependencies()
    assert set(documented) == set(real), "apps in docs/architecture.md != packages under enlace/"
    wrong = {app: {"documented": sorted(documented[app][1]), "imports": sorted(real[app])}
             for app in real if documented[app][1] != real[app]}
    assert not wrong, f"docs/architecture.md's dependency column is not what the code imports: {wrong}"


def test_every_app_sits_in_its_contract_layer():
    documented, layers = _documented(), _contract_layers()
    wrong = {app: (row[0], layers.get(app)) for app, row in documented.items() if layers.get(app) != row[0]}
    assert not wrong, f"layer in docs/architecture.md != layer in pyproject.toml: {wrong}"


def _function_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for func in ast.walk(tree):
        if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if path.name == "apps.py" and func.name == "ready":  # Django imports apps.py before the models
            continue
        for node in ast.walk(func):
            own = (isinstance(node, ast.ImportFrom) and (node.level > 0 or (node.module or "").startswith("enlace"))) \
                or (isinstance(node, ast.Import) and any(a.name.startswith("enlace") for a in node.names))
            if own:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_no_import_of_the_project_inside_a_function():
    """A cycle is broken by a layer or an extension point, never by a late import.

    (Imports of an optional heavy dependency, such as pyspark, stay lazy; they are not the project's.)
    """
    files = [p for p in PACKAGE.rglob("*.py") if "tests" not in p.parts]
    found = [hit for path in files for hit in _function_imports(path)]
    assert not found, f"imports inside functions: {found}"
