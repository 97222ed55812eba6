"""Progress as people read it: a whole percent and a text bar, in exact integer arithmetic."""

from __future__ import annotations

FULL = "▓"
EMPTY = "░"
WIDTH = 10


def percent(done: int, total: int) -> int | None:
    """Return `done` as a whole percent of `total`, rounded down; None when there is no total."""
    if total <= 0:
        return None
    # Rounding down never shows 100% while something is still missing.
    return max(done, 0) * 100 // total


def bar(done: int, total: int, width: int = WIDTH) -> str:
    """Draw `done` out of `total` as "▓▓▓▓▓░░░░░ 52%"; past the target the bar stays full."""
    share = percent(done, total)
    if share is None:
        return f"{EMPTY * width} —"
    filled = min(max(done, 0) * width // total, width)
    return f"{FULL * filled}{EMPTY * (width - filled)} {share}%"
