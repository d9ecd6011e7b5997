"""Form widgets shared by every app's forms."""

from typing import Any

from django import forms


class DateInput(forms.DateInput):
    """<input type=date> needs ISO dates whatever the language (es would render 22/11/2026, which it rejects)."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:  # noqa: A002 (Django's argument name)
        super().__init__(attrs, format=format or "%Y-%m-%d")
