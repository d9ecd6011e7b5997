"""The project's select list template writes the same markup as Django's own."""

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer


class TaggedSelect(forms.Select):
    """Options carrying a data attribute, as the unit picker's do."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["attrs"]["data-institution"] = f"i{index}"
        return option


CHOICES = [("", "Any"), ("a", "Alpha & <Beta>"), ("Group", [("b", "Bravo"), ("c", "Charlie")]), (3, "Three")]


def _normalised(html: str) -> str:
    return re.sub(r"\s+", " ", str(html)).strip()


@pytest.mark.parametrize("widget, value", [
    (forms.Select(choices=CHOICES), "b"),
    (forms.Select(choices=CHOICES, attrs={"class": "wide", "required": True}), 3),
    (TaggedSelect(choices=CHOICES), ""),
    (forms.SelectMultiple(choices=CHOICES), ["a", "c"]),
])
def test_same_markup_as_djangos_template(widget, value):
    assert not isinstance(get_default_renderer(), DjangoTemplates)  # the project's renderer is in use
    ours = widget.render("pick", value, attrs={"id": "id_pick"})
    djangos = widget.render("pick", value, attrs={"id": "id_pick"}, renderer=DjangoTemplates())
    assert _normalised(ours) == _normalised(djangos)
    assert ours.count("<option") == 5
