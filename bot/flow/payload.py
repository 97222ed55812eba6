"""Reading an option's payload: values the core stored as JSON when it offered the option.

The core checks who presses an option, not what its payload holds; a payload written by an
older version may lack a key or hold another type. These readers say what a handler gets then.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def number(payload: Mapping[str, Any], key: str) -> int:
    """Return the whole number kept under `key`; 0 (matching no row) when it is not one."""
    value = payload.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def text(payload: Mapping[str, Any], key: str) -> str:
    """Return the text kept under `key`; empty when it is not text."""
    value = payload.get(key)
    return value if isinstance(value, str) else ""
