"""Where each app puts itself on the screen: main-menu entries, home-page panels, whole home pages.

The web surface sits at the top of the layers and must not grow one import and one ``if`` per app
for every menu entry or panel (that is how it came to import every app). Instead each app, in its
``AppConfig.ready()``, registers what it shows and to whom; the web layer renders what the
registry hands it, in order. A panel's ``context`` function is a selector call taking the acting
user, so the need-to-know rule stays in the app that owns the data; it returns ``None`` when the
panel has nothing to show, and the panel is left out.

A role whose working day is not the case list (the committee, the capacity manager, a prosecutor,
a liaison) can claim the whole home page with :func:`register_home_page`; the claim with the
highest priority among those that apply to the user wins, and everyone else gets the panels.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse

UserPredicate = Callable[[Any], bool]
PanelContext = Callable[[Any], Mapping[str, Any] | None]
HomeView = Callable[[Any], HttpResponse]  # a view taking the (authenticated) request


@dataclass(frozen=True)
class NavEntry:
    key: str
    url_name: str
    label: Any  # a lazily translated string
    visible: UserPredicate
    order: int


@dataclass(frozen=True)
class HomePanel:
    key: str
    template: str
    context: PanelContext
    visible: UserPredicate
    order: int
    wide: bool  # a notice across the page rather than a card in the grid


@dataclass(frozen=True)
class HomePage:
    key: str
    view: HomeView
    applies: UserPredicate
    priority: int


_nav: dict[str, NavEntry] = {}
_panels: dict[str, HomePanel] = {}
_pages: dict[str, HomePage] = {}


def register_nav_entry(key: str, *, url_name: str, label: Any, visible: UserPredicate, order: int) -> None:
    """Add (or replace, so a repeated ``ready()`` is harmless) one entry of the main menu."""
    _nav[key] = NavEntry(key=key, url_name=url_name, label=label, visible=visible, order=order)


def register_home_panel(key: str, *, template: str, context: PanelContext, visible: UserPredicate,
                        order: int, wide: bool = False) -> None:
    """Add a panel to the default home page; ``context(user)`` returns the template's context or ``None``.

    The template receives that context as ``panel`` (``{{ panel.cases }}``).
    """
    _panels[key] = HomePanel(key=key, template=template, context=context, visible=visible, order=order, wide=wide)


def register_home_page(key: str, *, view: HomeView, applies: UserPredicate, priority: int) -> None:
    """Let a role's own page replace the default home page for the users it applies to."""
    _pages[key] = HomePage(key=key, view=view, applies=applies, priority=priority)


def nav_entries_for(user: Any) -> list[NavEntry]:
    return sorted((e for e in _nav.values() if e.visible(user)), key=lambda e: (e.order, e.key))


def home_page_for(user: Any) -> HomePage | None:
    pages = [p for p in _pages.values() if p.applies(user)]
    return max(pages, key=lambda p: (p.priority, p.key)) if pages else None


def home_panels_for(user: Any) -> list[tuple[HomePanel, Mapping[str, Any]]]:
    """The panels this user sees, each with its context; panels with nothing to show are left out."""
    shown = []
    for panel in sorted(_panels.values(), key=lambda p: (p.order, p.key)):
        if not panel.visible(user):
            continue
        context = panel.context(user)
        if context is not None:
            shown.append((panel, context))
    return shown
