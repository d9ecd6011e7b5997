#!/usr/bin/env bash
# Regenerate and compile Enlace's translation catalogues.
#
# One project catalogue per language: enlace/locale/{es,pt,en}/LC_MESSAGES/django.po
# (LOCALE_PATHS). English is the source language: its catalogue exists, with empty msgstr.
# The compiled .mo files are committed, because air-gapped machines have no gettext at run time.
#
# Usage:  scripts/i18n.sh           # makemessages + compilemessages, then print the statistics
#         scripts/i18n.sh --check   # the same, and exit 1 if es or pt has untranslated or fuzzy entries
# After it: translate the new entries in es and pt (no fuzzy left), run it again to compile, and run
#   .venv/bin/pytest enlace/web/tests/test_translations.py
# Needs: the project venv (.venv) and GNU gettext (apt-get install gettext), only when you run it.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
ENLACE="${ENLACE:-$ROOT/.venv/bin/enlace}"
LANGS=(es pt en)

command -v msgfmt >/dev/null || { echo "GNU gettext is missing: apt-get install gettext" >&2; exit 2; }

# Django writes an app's strings into <app>/locale when that folder exists; all strings belong in
# the project catalogue, so refuse to scatter them.
strays=$(find enlace -mindepth 2 -maxdepth 2 -type d -name locale -not -path 'enlace/locale' | sort)
if [ -n "$strays" ]; then
  echo "App catalogues found; merge their translations into enlace/locale, then delete them:" >&2
  echo "$strays" >&2
  exit 2
fi

cd enlace
lang_args=()
for l in "${LANGS[@]}"; do lang_args+=(-l "$l"); done
# Paths are relative to enlace/ so the catalogue's "#:" references stay machine-independent.
"$ENLACE" makemessages "${lang_args[@]}" --ignore 'static/*' --ignore '*/static/*' \
  --ignore '*/tests/*' --ignore 'conftest*.py' --no-obsolete -v 0
"$ENLACE" compilemessages --locale es --locale pt --locale en -v 0

status=0
for l in "${LANGS[@]}"; do
  po="locale/$l/LC_MESSAGES/django.po"
  stats=$(msgfmt --statistics -o /dev/null "$po" 2>&1)
  echo "$l: $stats"
  if [ "$l" != en ] && grep -Eq 'untranslated|fuzzy' <<<"$stats"; then status=1; fi
done
if [ "${1:-}" = "--check" ] && [ "$status" -ne 0 ]; then
  echo "es/pt are not complete: translate the entries above (and remove fuzzy flags), then rerun." >&2
  exit 1
fi
