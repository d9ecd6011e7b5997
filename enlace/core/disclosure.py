"""The disclosure policy: may this data go to that institution? A point a cooperation app fills.

A case is shared with another institution by a case writer, with a stated purpose and
optionally the agreement it relies on (``cases.services_access.case_sharing_create``, asked again
when a second person approves the request). The cooperation app (agreements between
institutions, the data they let flow, their conditions and end dates) refuses a disclosure that
no agreement in force allows. It sits above ``cases``, so it cannot be
called by import: it registers a policy here, and every disclosure asks :func:`check_disclosure`
in the same transaction as the write, before anything is stored. An allowing policy may name
its ``basis`` (the agreement), which the sharing records.

With no policy registered everything that is allowed today stays allowed. Every registered
policy must allow (a refusal by any one wins), and a refusal raises ``Forbidden`` with the
policy's reason, which the views and the API already turn into a 403.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .errors import Forbidden


class DisclosureRefused(Forbidden):
    """A policy refused the disclosure; the message names what is missing (shown on the form)."""


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
    """A policy's answer. ``basis``: what an allowing policy relied on (an agreement's id), which
    the disclosing service records beside the disclosure so the read-time rule can follow it."""

    allowed: bool
    reason: str = ""
    basis: str = ""


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
    """The first refusal among the registered policies, or an allowance carrying the basis the
    allowing policies named (the last one that named one)."""
    basis = ""
    for policy in _policies:
        decision = policy(disclosure)
        if not decision.allowed:
            return decision
        basis = decision.basis or basis
    return Decision(True, basis=basis) if basis else ALLOW


def check_disclosure(disclosure: Disclosure) -> Decision:
    """Raise ``Forbidden`` when a registered policy refuses the disclosure; else the allowance."""
    decision = disclosure_decision(disclosure)
    if not decision.allowed:
        raise DisclosureRefused(decision.reason)
    return decision
