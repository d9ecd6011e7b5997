"""Typed update inputs: only the fields given are changes, and no other field can be named."""

import dataclasses
from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError

from enlace.core.changes import UNSET, Changes, Unset


@dataclass(frozen=True, kw_only=True)
class SampleChanges(Changes):
    title: str | Unset = UNSET
    team: int | None | Unset = UNSET


def test_only_given_fields_are_changes_and_none_is_a_value():
    changes = SampleChanges(team=None)
    assert changes.given() == {"team": None}
    assert changes.title is UNSET
    assert SampleChanges.field_names() == ("title", "team")


def test_a_name_that_is_not_a_field_is_a_field_error():
    with pytest.raises(ValidationError) as exc:
        SampleChanges.from_mapping({"title": "Renamed", "status": "closed", "lead_institution": 1})
    assert sorted(exc.value.message_dict) == ["lead_institution", "status"]
    assert exc.value.message_dict["status"] == ["This field cannot be changed here."]
    assert SampleChanges.from_mapping({"title": "Renamed"}) == SampleChanges(title="Renamed")


def test_the_constructor_refuses_unknown_names_and_the_inputs_are_frozen():
    with pytest.raises(TypeError):
        SampleChanges(status="closed")  # type: ignore[call-arg]
    changes = SampleChanges(title="Renamed")
    with pytest.raises(dataclasses.FrozenInstanceError):
        changes.title = "Other"  # type: ignore[misc]
