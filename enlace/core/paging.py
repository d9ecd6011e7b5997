"""A paginator that counts only as far as the reader can go.

A list page's count is the costliest query of the page for anyone who sees tens of thousands
of rows: the database must find every visible row to count it, while the page itself stops at
the first twenty-five (docs/benchmarks.md). Nobody pages through 40,000 cases; they narrow the
filters. So the count stops a window past the requested page (``cap`` rows, 1,000 by default):
below that the total is exact, above it the page says "more than N" and still offers the next
page, whose own count reaches a window further. Every row stays reachable; no page costs more
than counting up to its own position plus the window.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator

COUNT_WINDOW = 1000


class CappedPaginator(Paginator):
    """``Paginator`` whose ``count`` stops ``cap`` rows past the requested page.

    ``more`` tells whether rows exist beyond ``count``; then ``count`` is a lower bound and the
    templates say "more than". Ask for pages through ``get_page``, which sets the window.

    ``read_window``: for a list of small values (ids), read the window's rows in one query and
    take both the count and the page from it, instead of a count query and a page query that
    each repeat the filtering; the caller then loads the page's rows by id.
    """

    def __init__(self, object_list: Any, per_page: int, *, cap: int = COUNT_WINDOW, read_window: bool = False,
                 **kwargs: Any) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap
        self.read_window = read_window
        self._wanted = 1

    def get_page(self, number: Any) -> Page:
        try:
            self._wanted = max(1, int(number))
        except (TypeError, ValueError):
            self._wanted = 1
        self._wanted = min(self._wanted, 10**6)  # an absurd page number counts no further
        return super().get_page(number)

    @cached_property
    def _limit(self) -> int:
        return (self._wanted - 1) * self.per_page + self.cap

    @cached_property
    def _window(self) -> list:
        return list(self.object_list[: self._limit + 1])

    @cached_property
    def _seen(self) -> int:
        """Rows found up to one past the window (one more than the limit means "more")."""
        if self.read_window:
            return len(self._window)
        return self.object_list[: self._limit + 1].count()  # type: ignore[attr-defined]  # a queryset

    @cached_property
    def count(self) -> int:
        return min(self._seen, self._limit)

    @cached_property
    def more(self) -> bool:
        return self._seen > self._limit

    @cached_property
    def num_pages(self) -> int:
        """The known pages, plus one to reach past the window when there are more rows."""
        pages = super().num_pages
        return pages + 1 if self.more and pages * self.per_page <= self._limit else pages

    def page(self, number: Any) -> Page:
        """As ``Paginator.page``; the page past the window is read like any other."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = self._window if self.read_window else self.object_list
        return Page(rows[bottom:bottom + self.per_page], number, self)
