"""What the lowest layers need to know of the acting user.

Why a Protocol: ``core`` and ``audit`` sit below ``accounts`` and may not import its user model,
not even for type checking; ``accounts.models.User`` satisfies this protocol, so the apps above
pass their ``User`` and the type checker still checks what these layers use of it.
"""

from __future__ import annotations

from typing import Any, Protocol


class Actor(Protocol):
    @property
    def pk(self) -> Any: ...

    @property
    def is_auditor(self) -> bool: ...

    def get_username(self) -> str: ...
