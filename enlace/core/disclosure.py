"""The disclosure policy: may this data go to that institution? A point a cooperation app fills.

Today a case is shared with another institution by a case writer, with a stated purpose and an
optional agreement reference (``cases.services_access.case_sharing_create``, asked again when a
second person approves the request); nothing else is checked.
A cooperation app (agreements between institutions, their scopes and end dates) will need to
refuse a sharing that no agreement in force allows. It sits above ``cases``, so it cannot be
called by import: it registers a policy here, and every disclosure asks :func:`check_disclosure`
in the same transaction as the write, before anything is stored.

With no policy registered everything that is allowed today stays allowed. Every registered
policy must allow (a refusal by any one wins), and a refusal raises ``Forbidden`` with the
policy's reason, which the views and the API already turn into a 403.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .errors import Forbidden


@dataclass(frozen=True)
class Disclosure:
    """What is about to be disclosed, to whom, by whom, and under which agreement (if any)."""

    kind: str  # what is disclosed, e.g. "case.share"
    actor: Any  # the acting user
    recipient: Any  # the receiving institution
    subject: Any  # the object disclosed (a case, ...)
    scope: str = ""  # how much of it (e.g. the sharing scope)
    agreement_ref: str = ""
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""


ALLOW = Decision(True)

DisclosurePolicy = Callable[[Disclosure], Decision]

_policies: list[DisclosurePolicy] = []


def register_disclosure_policy(policy: DisclosurePolicy) -> DisclosurePolicy:
    """Add a policy (idempotent; from an ``AppConfig.ready()``); usable as a decorator."""
    if policy not in _policies:
        _policies.append(policy)
    return policy


def unregister_disclosure_policy(policy: DisclosurePolicy) -> None:
    if policy in _policies:
        _policies.remove(policy)


def disclosure_decision(disclosure: Disclosure) -> Decision:
    """The first refusal among the registered policies, or ``ALLOW`` when none refuses."""
    for policy in _policies:
        decision = policy(disclosure)
        if not decision.allowed:
            return decision
    return ALLOW


def check_disclosure(disclosure: Disclosure) -> None:
    """Raise ``Forbidden`` when a registered policy refuses the disclosure."""
    decision = disclosure_decision(disclosure)
    if not decision.allowed:
        raise Forbidden(decision.reason)
