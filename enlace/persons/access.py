"""Which persons an actor may see: an extension point filled by the apps that hold the reasons.

Persons sit below cases, screening and referrals in the layers, so this module cannot ask
them. Each higher app registers, from its ``AppConfig.ready()``, a *provider*: a function of
the actor (and optionally of the few person ids a page asks about) that returns the ids of
the persons it gives the actor a reason to see. ``Person.objects.visible_to(actor)`` is the
union of the providers' answers. Deny by default: with no provider, nobody sees any person.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from django.db import models
from django.db.models import Q

from enlace.accounts.models import User

# fn(actor, among) -> a queryset of person ids (``values("person_id")``-style, one column),
# narrowed to ``among`` when it is not None. It must be a subquery, never a list.
PersonVisibility = Callable[..., models.QuerySet]

_PROVIDERS: dict[str, PersonVisibility] = {}


def register_person_visibility(name: str, fn: PersonVisibility) -> None:
    """Add (or replace, on reload) the provider ``name``: a reason for seeing persons."""
    _PROVIDERS[name] = fn


def person_visibility_providers() -> tuple[str, ...]:
    return tuple(sorted(_PROVIDERS))


class PersonQuerySet(models.QuerySet):
    def visible_to(self, actor: User, *, among: Collection[int] | None = None) -> PersonQuerySet:
        """Persons the actor may see (the registered reasons, OR-ed), without duplicates."""
        if actor is None or not actor.is_authenticated or not _PROVIDERS:
            return self.none()
        cond = Q(pk__in=[])
        for fn in _PROVIDERS.values():
            cond |= Q(pk__in=fn(actor, among))
        people = self.filter(cond)
        return people if among is None else people.filter(pk__in=among)
