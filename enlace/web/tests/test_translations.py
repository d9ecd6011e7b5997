"""Translation catalogues: complete, compiled, placeholder-safe, and actually used by the pages.

Field users read Spanish or Portuguese; an untranslated or fuzzy entry shows them English, a stale
.mo shows them yesterday's text (air-gapped machines do not compile at run time), and a lost
placeholder crashes the page or hides a value. The .po parser below is deliberately small: the
project has no runtime need for a .po library, and the catalogues are written by Django's
makemessages (plain msgid/msgstr blocks, no exotic syntax).
"""

from __future__ import annotations

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.urls import reverse

LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale"
TRANSLATED = ["es", "pt"]
ALL_LANGUAGES = ["es", "pt", "en"]

NAMED_PLACEHOLDER = re.compile(r"%\((\w+)\)[#0\- +]*\d*(?:\.\d+)?[sdifr]")
BRACE_PLACEHOLDER = re.compile(r"(?<!\{)\{(\w*)\}(?!\})")
POSITIONAL_PLACEHOLDER = re.compile(r"%(?!\()[#0\- +]*\d*(?:\.\d+)?[sdif]")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: str = ""
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def translations(self) -> list[str]:
        if self.msgid_plural is not None:
            return [self.msgstr_plural[i] for i in sorted(self.msgstr_plural)]
        return [self.msgstr]

    @property
    def translated(self) -> bool:
        return all(self.translations) and bool(self.translations)


def parse_po(path: Path) -> tuple[dict[str, str], list[Entry]]:
    """Return (header fields, entries) of a .po file; obsolete (#~) entries are skipped."""
    entries: list[Entry] = []
    current = Entry()
    target: tuple[str, int | None] | None = None

    def flush() -> None:
        nonlocal current
        if current.msgid or current.msgid_plural is not None or current.msgstr or current.line:
            entries.append(current)
        current = Entry()

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            flush()
            target = None
            continue
        if line.startswith("#~"):
            continue
        if line.startswith("#,"):
            current.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if keyword.startswith('"'):
            value = ast.literal_eval(line)
        else:
            value = ast.literal_eval(rest)
            match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            if keyword == "msgctxt":
                if current.line:  # a context starts a new entry
                    flush()
                current.line = number
                target = ("msgctxt", None)
                current.msgctxt = ""
            elif keyword == "msgid":
                if current.line and current.msgctxt is None:
                    flush()
                current.line = current.line or number
                target = ("msgid", None)
            elif keyword == "msgid_plural":
                target = ("msgid_plural", None)
                current.msgid_plural = ""
            elif keyword == "msgstr":
                target = ("msgstr", None)
            elif match:
                target = ("msgstr_plural", int(match.group(1)))
                current.msgstr_plural[target[1]] = ""
            else:
                raise AssertionError(f"{path}:{number}: unexpected line {raw!r}")
        assert target is not None, f"{path}:{number}: continuation without keyword"
        name, index = target
        if name == "msgstr_plural":
            current.msgstr_plural[index] += value
        else:
            setattr(current, name, (getattr(current, name) or "") + value)
    flush()
    header_entries = [e for e in entries if e.msgid == "" and e.msgctxt is None]
    assert len(header_entries) == 1, f"{path}: expected one header entry"
    header = dict(
        line.split(": ", 1) for line in header_entries[0].msgstr.splitlines() if ": " in line
    )
    header["_fuzzy"] = "fuzzy" if "fuzzy" in header_entries[0].flags else ""
    return header, [e for e in entries if e is not header_entries[0]]


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def catalogue_files() -> list[Path]:
    """Every django.po of the project: the project catalogue and any app catalogue."""
    package = LOCALE_DIR.parent
    return sorted(package.glob("locale/*/LC_MESSAGES/django.po")) + sorted(
        package.glob("*/locale/*/LC_MESSAGES/django.po")
    )


def where(path: Path, entry: Entry) -> str:
    return f"{path.relative_to(LOCALE_DIR.parent)}:{entry.line} {entry.msgid[:70]!r}"


@pytest.mark.parametrize("language", ALL_LANGUAGES)
def test_project_catalogue_exists_for_every_language(language):
    assert po_path(language).is_file(), f"missing {po_path(language)}: run scripts/i18n.sh"
    assert po_path(language).with_suffix(".mo").is_file(), "missing .mo: run scripts/i18n.sh"


def test_there_is_one_project_catalogue():
    """All strings live in enlace/locale: an app catalogue would be a second place to keep in sync
    (and Django prefers LOCALE_PATHS over app catalogues, so its translations could be shadowed)."""
    strays = [str(p) for p in catalogue_files() if p.parents[2] != LOCALE_DIR]
    assert strays == [], f"app catalogues found, merge them into enlace/locale: {strays}"


def test_catalogues_are_not_empty():
    _, entries = parse_po(po_path("es"))
    assert len(entries) > 500, "the Spanish catalogue lost its strings"


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_entry_is_translated_and_not_fuzzy(language):
    path = po_path(language)
    header, entries = parse_po(path)
    assert header.get("Language") == language
    assert not header["_fuzzy"], f"{path}: the header is marked fuzzy"
    untranslated = [where(path, e) for e in entries if not e.translated]
    fuzzy = [where(path, e) for e in entries if "fuzzy" in e.flags]
    assert untranslated == [], f"{len(untranslated)} untranslated in {language}:\n" + "\n".join(untranslated)
    assert fuzzy == [], f"{len(fuzzy)} fuzzy in {language}:\n" + "\n".join(fuzzy)


def test_languages_have_the_same_strings():
    """Catalogues generated in one run carry the same msgids; a difference means one was not updated."""
    keys = {}
    for language in ALL_LANGUAGES:
        _, entries = parse_po(po_path(language))
        keys[language] = {(e.msgctxt, e.msgid, e.msgid_plural) for e in entries}
    assert keys["es"] == keys["pt"] == keys["en"]


def placeholders(text: str) -> tuple[frozenset[str], frozenset[str], int]:
    return (
        frozenset(NAMED_PLACEHOLDER.findall(text)),
        frozenset(BRACE_PLACEHOLDER.findall(text)),
        len(POSITIONAL_PLACEHOLDER.findall(text.replace("%%", ""))),
    )


def placeholder_problems(entry: Entry) -> list[str]:
    source = placeholders(entry.msgid)
    problems = []
    if entry.msgid_plural is None:
        if entry.msgstr and placeholders(entry.msgstr) != source:
            problems.append(f"{placeholders(entry.msgstr)} != {source}")
        return problems
    plural = placeholders(entry.msgid_plural)
    allowed_named = source[0] | plural[0]
    allowed_brace = source[1] | plural[1]
    forms = entry.translations
    for index, text in enumerate(forms):
        if not text:
            continue
        got = placeholders(text)
        if not (got[0] <= allowed_named and got[1] <= allowed_brace):
            problems.append(f"form {index}: unknown placeholder in {text!r}")
        # The last form is the general plural: it must show every value the English plural shows.
        if index == len(forms) - 1 and got != plural:
            problems.append(f"form {index}: {got} != {plural}")
    return problems


@pytest.mark.parametrize("language", TRANSLATED)
def test_placeholders_are_preserved(language):
    path = po_path(language)
    _, entries = parse_po(path)
    problems = [f"{where(path, e)}: {p}" for e in entries for p in placeholder_problems(e)]
    assert problems == [], "\n".join(problems)


def test_placeholder_check_can_fail():
    assert placeholder_problems(Entry(msgid="Hello %(name)s", msgstr="Hola %(nombre)s"))
    assert placeholder_problems(Entry(msgid="{n} cases", msgstr="casos"))
    assert placeholder_problems(Entry(msgid="%(n)s case", msgid_plural="%(n)s cases",
                                      msgstr_plural={0: "%(n)s caso", 1: "casos"}))
    assert not placeholder_problems(Entry(msgid="One request", msgid_plural="%(n)s requests",
                                          msgstr_plural={0: "Una solicitud", 1: "%(n)s solicitudes"}))


def test_parser_reads_flags_plurals_and_continuations(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: es\\n"\n\n'
        '#, fuzzy\nmsgid "Case"\nmsgstr "Caso"\n\n'
        'msgid ""\n"Long "\n"text"\nmsgstr ""\n\n'
        'msgid "%(n)s case"\nmsgid_plural "%(n)s cases"\nmsgstr[0] "%(n)s caso"\nmsgstr[1] ""\n\n'
        '#~ msgid "Old"\n#~ msgstr "Viejo"\n',
        encoding="utf-8",
    )
    header, entries = parse_po(po)
    assert header["Language"] == "es"
    assert [e.msgid for e in entries] == ["Case", "Long text", "%(n)s case"]
    assert "fuzzy" in entries[0].flags
    assert not entries[1].translated
    assert not entries[2].translated and entries[2].msgstr_plural[0] == "%(n)s caso"


GETTEXT_IMPORT = re.compile(r"\b(n?p?gettext(?:_lazy|_noop)?)\s+as\s+(\w+)")
# Names Django's makemessages (xgettext) extracts, grouped by signature: an alias outside its
# group is invisible to makemessages, and its strings silently stay English in every language.
EXTRACTED_NAMES = {
    "gettext": {"_", "gettext", "gettext_lazy", "gettext_noop"},
    "ngettext": {"ngettext", "ngettext_lazy"},
    "pgettext": {"pgettext", "pgettext_lazy"},
    "npgettext": {"npgettext", "npgettext_lazy"},
}


def unextracted_aliases(source: str) -> list[str]:
    found = []
    for function, alias in GETTEXT_IMPORT.findall(source):
        family = function.removesuffix("_lazy").removesuffix("_noop")
        if alias not in EXTRACTED_NAMES.get(family, set()):
            found.append(f"{function} as {alias}")
    return found


def test_translation_functions_use_names_makemessages_extracts():
    package = LOCALE_DIR.parent
    problems = [
        f"{path.relative_to(package)}: {alias}"
        for path in sorted(package.rglob("*.py"))
        if "tests" not in path.parts and "migrations" not in path.parts
        for alias in unextracted_aliases(path.read_text(encoding="utf-8"))
    ]
    assert problems == [], "use `gettext_lazy as _` (or the full name):\n" + "\n".join(problems)


def test_alias_check_can_fail():
    assert unextracted_aliases("from django.utils.translation import gettext_lazy as _l")
    assert unextracted_aliases("from django.utils.translation import ngettext as _n")
    assert not unextracted_aliases("from django.utils.translation import gettext_lazy as _")
    assert not unextracted_aliases("from django.utils.translation import pgettext_lazy")


def mo_catalogue(language: str) -> dict:
    with po_path(language).with_suffix(".mo").open("rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)


def po_catalogue(language: str) -> dict:
    """What msgfmt writes into the .mo for this .po: translated, non-fuzzy entries only."""
    header, entries = parse_po(po_path(language))
    catalogue = {}
    for e in entries:
        if "fuzzy" in e.flags or not e.translated:
            continue
        key = f"{e.msgctxt}\x04{e.msgid}" if e.msgctxt is not None else e.msgid
        if e.msgid_plural is None:
            catalogue[key] = e.msgstr
        else:
            for index, text in enumerate(e.translations):
                catalogue[(key, index)] = text
    return catalogue


@pytest.mark.parametrize("language", ALL_LANGUAGES)
def test_compiled_catalogue_matches_the_po(language):
    """A .mo compiled from an older .po lacks the new strings (or carries old texts): recompile."""
    compiled = mo_catalogue(language)
    compiled.pop("", None)  # header
    expected = po_catalogue(language)
    missing = sorted(str(k)[:80] for k in expected.keys() - compiled.keys())
    stale = sorted(str(k)[:80] for k in compiled.keys() - expected.keys())
    changed = sorted(str(k)[:80] for k in expected.keys() & compiled.keys() if expected[k] != compiled[k])
    hint = " (run scripts/i18n.sh)"
    assert missing == [], f"{language}.mo lacks {len(missing)} entries{hint}: {missing[:10]}"
    assert stale == [], f"{language}.mo has {len(stale)} entries not in the .po{hint}: {stale[:10]}"
    assert changed == [], f"{language}.mo has {len(changed)} outdated texts{hint}: {changed[:10]}"


# --- pages: the catalogues are the ones Django actually uses -----------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected", "absent"),
    [
        ("es", ["Contraseña", "Iniciar sesión", "Nombre de usuario"], ["Password", "Sign in to Enlace"]),
        ("pt", ["Senha", "Entrar no Enlace", "Nome de usuário"], ["Password", "Sign in to Enlace"]),
        ("en", ["Password", "Sign in to Enlace", "Username"], ["Contraseña", "Iniciar sesión"]),
    ],
)
def test_login_page_speaks_the_requested_language(client, language, expected, absent):
    response = client.get(reverse("web:login"), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'lang="{language}"' in html or f'lang="{language}-' in html  # pt is served as pt-br
    for text in expected:
        assert text in html, f"{text!r} missing from the {language} login page"
    for text in absent:
        assert text not in html, f"{text!r} on the {language} login page"


@pytest.mark.parametrize(
    ("language", "expected", "absent"),
    [
        ("es", ["Casos", "Filtrar casos", "Nuevo caso", "Cerrar sesión"], ["Filter cases", "New case"]),
        ("pt", ["Casos", "Filtrar casos", "Novo caso", "Sair"], ["Filter cases", "New case"]),
        ("en", ["Cases", "Filter cases", "New case", "Sign out"], ["Filtrar casos", "Nuevo caso"]),
    ],
)
def test_case_list_speaks_the_requested_language(client, world, language, expected, absent):
    client.force_login(world["investigator"])
    response = client.get(reverse("cases:list"), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    html = response.content.decode()
    for text in expected:
        assert text in html, f"{text!r} missing from the {language} case list"
    for text in absent:
        assert text not in html, f"{text!r} on the {language} case list"
