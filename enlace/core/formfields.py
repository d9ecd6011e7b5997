"""Typed access to a bound form's fields.

Why: ``form.fields[name]`` is typed as the base ``Field``, so setting ``choices`` or ``queryset``
in ``__init__`` is unchecked. ``form_field`` returns the field as the class it was declared with,
and fails loudly if a declaration and its use drift apart.
"""

from __future__ import annotations

from typing import TypeVar

from django import forms

_Field = TypeVar("_Field", bound=forms.Field)


def form_field(form: forms.BaseForm, name: str, kind: type[_Field]) -> _Field:
    field = form.fields[name]
    if not isinstance(field, kind):
        raise TypeError(f"{type(form).__name__}.{name} is a {type(field).__name__}, not a {kind.__name__}")
    return field
