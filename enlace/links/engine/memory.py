"""Handing memory that threads freed back to the system.

Why: the C library behind CPython on Linux (glibc) gives each thread its own memory arena
and keeps what a thread frees there for that arena's later use. After the compare threads
of a million-record batch end, their arenas hold a few hundred megabytes of freed arrays
that the stages after them, which run on the main thread, do not reuse: the process would
count them against the memory the resolver stays under. ``malloc_trim`` returns the free
pages of every arena. Where the C library has no such call, nothing is done.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Callable


def _trim_function() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        return getattr(ctypes.CDLL(name), "malloc_trim", None)
    except OSError:
        return None


_TRIM = _trim_function()


def release_freed_memory() -> bool:
    """Return freed heap memory of every thread to the system; False where not possible."""
    if _TRIM is None:
        return False
    _TRIM(0)
    return True
