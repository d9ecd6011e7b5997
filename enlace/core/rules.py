"""A condition written once, usable both as a database filter (``Q``) and on a loaded object.

Why: a rule such as "this consent is in force" is needed in SQL (to filter lists) and in
Python (on a row already loaded, e.g. in a template). Written twice, the two copies drift
apart; written as a :class:`Rule`, both come from one definition and cannot disagree.

Only what the rules of the domain need: ``exact``, ``isnull``, ``gte``, ``lte``, ``gt``, ``lt``
on a field (or ``a__b`` through relations), and ``&`` / ``|`` to combine conditions.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "exact": operator.eq, "gte": operator.ge, "lte": operator.le, "gt": operator.gt, "lt": operator.lt,
}


class Rule:
    def q(self, prefix: str = "") -> Q:
        """The condition as a filter; ``prefix`` (e.g. ``"consent__"``) applies it through a relation."""
        raise NotImplementedError

    def holds(self, obj: Any) -> bool:
        """The same condition on a loaded object."""
        raise NotImplementedError

    def __and__(self, other: Rule) -> Rule:
        return AllOf((self, other))

    def __or__(self, other: Rule) -> Rule:
        return AnyOf((self, other))


@dataclass(frozen=True)
class Field(Rule):
    """``field__lookup=value``, e.g. ``Field("valid_until", "gte", today)``."""

    name: str
    lookup: str
    value: Any

    def __post_init__(self) -> None:
        if self.lookup not in _OPS and self.lookup != "isnull":
            raise ValueError(f"unsupported lookup {self.lookup!r}")

    def q(self, prefix: str = "") -> Q:
        return Q(**{f"{prefix}{self.name}" + ("" if self.lookup == "exact" else f"__{self.lookup}"): self.value})

    def holds(self, obj: Any) -> bool:
        current = obj
        for part in self.name.split("__"):
            current = getattr(current, part, None) if current is not None else None
        if self.lookup == "isnull":
            return (current is None) == bool(self.value)
        if current is None:  # SQL: a comparison with NULL is never true
            return False
        return _OPS[self.lookup](current, self.value)


@dataclass(frozen=True)
class AllOf(Rule):
    rules: tuple[Rule, ...]

    def q(self, prefix: str = "") -> Q:
        result = Q()
        for rule in self.rules:
            result &= rule.q(prefix)
        return result

    def holds(self, obj: Any) -> bool:
        return all(rule.holds(obj) for rule in self.rules)


@dataclass(frozen=True)
class AnyOf(Rule):
    rules: tuple[Rule, ...]

    def q(self, prefix: str = "") -> Q:
        result = Q()
        for rule in self.rules:
            result |= rule.q(prefix)
        return result

    def holds(self, obj: Any) -> bool:
        return any(rule.holds(obj) for rule in self.rules)
