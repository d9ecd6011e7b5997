"""``links.W001``: the operator is warned while stored name keys are of an older format.

After an upgrade that changes the name keys nothing fails, only name matching of the old
records stops; these tests pin that the warning appears exactly then and goes away with a
reindex.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core import checks
from django.db import connection

from enlace.links import matching
from enlace.links.models import MatchIndexState, MatchKey
from enlace.links.services import reindex_all

from .links_factories import add_person

pytestmark = pytest.mark.django_db

_migration = __import__("enlace.links.migrations.0004_match_index_state", fromlist=["record_format"])


@pytest.fixture(autouse=True)
def _state():
    """The row the migration writes (a transactional test elsewhere may have flushed it)."""
    MatchIndexState.objects.update_or_create(pk=1, defaults={"keys_format": matching.KEYS_FORMAT})


def _w001() -> list[checks.CheckMessage]:
    return [m for m in checks.run_checks(databases=["default"], tags=[checks.Tags.database]) if m.id == "links.W001"]


def test_a_new_workspace_indexed_on_save_is_current(world):
    add_person(world["investigator"], world["case"], given_names="Rosa", first_surname="Quispe", birth_year=1990)
    assert MatchKey.objects.filter(person__isnull=False).exists()
    assert _w001() == []


def test_keys_of_an_older_format_warn_until_reindexed(world):
    add_person(world["investigator"], world["case"], given_names="Rosa", first_surname="Quispe", birth_year=1990)
    MatchIndexState.objects.filter(pk=1).update(keys_format=matching.KEYS_FORMAT - 1)
    [warning] = _w001()
    assert warning.level == checks.WARNING
    assert "enlace resolve --reindex" in warning.hint
    reindex_all(match=False)
    state = MatchIndexState.objects.get(pk=1)
    assert (state.keys_format, state.rebuilt_at is not None) == (matching.KEYS_FORMAT, True)
    assert _w001() == []


def test_keys_without_a_recorded_format_warn(world):
    """No row: the index was emptied (flush) and cannot vouch for its keys; a reindex settles it."""
    add_person(world["investigator"], world["case"], given_names="Rosa", first_surname="Quispe", birth_year=1990)
    MatchIndexState.objects.all().delete()
    assert len(_w001()) == 1
    reindex_all(match=False)
    assert _w001() == []


def test_an_empty_index_never_warns():
    MatchIndexState.objects.filter(pk=1).update(keys_format=0)
    assert not MatchKey.objects.exists()
    assert _w001() == []


def test_migration_marks_keys_already_stored_as_of_unknown_format(world):
    add_person(world["investigator"], world["case"], given_names="Rosa", first_surname="Quispe", birth_year=1990)
    MatchIndexState.objects.all().delete()
    _migration.record_format(apps, SimpleNamespace(connection=connection))  # it reads only the alias
    assert MatchIndexState.objects.get(pk=1).keys_format == 0
    [warning] = _w001()
    assert "format unknown" in warning.msg


def test_migration_gives_an_empty_index_the_current_format():
    MatchIndexState.objects.all().delete()
    _migration.record_format(apps, SimpleNamespace(connection=connection))  # it reads only the alias
    assert MatchIndexState.objects.get(pk=1).keys_format == matching.KEYS_FORMAT
