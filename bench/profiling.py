"""One more run of a benchmark that missed, to say what dominates: CPU, phases, cProfile.

cProfile sees only the main thread (SQLite runs in aiosqlite's thread) and greenlet switches
(SQLAlchemy's async bridge) blur its call tree, so only each function's own time is used,
summed by library.
"""

from __future__ import annotations

import cProfile
import pstats
import sysconfig
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from bench.common import ROOT

_STDLIB = sysconfig.get_paths()["stdlib"]


def _area(filename: str, function: str) -> str:
    if filename == "~" and "epoll" in function:
        return "waiting in epoll"
    if filename == "~":
        return "builtins"
    if filename.startswith("<frozen importlib"):
        return "importlib"  # httpcore tries `import sniffio` on every request; it is absent
    path = Path(filename)
    if "site-packages" in path.parts:
        return path.parts[path.parts.index("site-packages") + 1].split(".")[0]
    if path.is_relative_to(ROOT / "bot" / "emulator"):
        return "emulator"
    if path.is_relative_to(ROOT):
        return f"{path.relative_to(ROOT).parts[0]}/"
    if filename.startswith(_STDLIB):
        return path.relative_to(_STDLIB).parts[0].removesuffix(".py")
    return "other"


async def by_library(run: Callable[[], Awaitable[object]], *, top: int = 6) -> str:
    """Run `run()` under cProfile; return the main thread's own time by library."""
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        await run()
    finally:
        profiler.disable()
    seconds: defaultdict[str, float] = defaultdict(float)
    for (filename, _line, function), row in pstats.Stats(profiler).stats.items():  # type: ignore[attr-defined]
        seconds[_area(filename, function)] += row[2]  # own time, callees excluded
    total = sum(seconds.values()) or 1.0
    shares = ", ".join(
        f"{area} {spent / total:.0%}"
        for area, spent in sorted(seconds.items(), key=lambda item: -item[1])[:top]
    )
    sniffio = " (importlib: httpcore tries `import sniffio`, absent here, at every request)"
    return f"cProfile, main thread's own time by library: {shares}" + (
        sniffio if "importlib" in shares else ""
    )


class Phases:
    """Time every call of some async methods (wrapped on the instance, unwrapped after)."""

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self.seconds: defaultdict[str, float] = defaultdict(float)
        self._undo: list[Callable[[], None]] = []

    def wrap(self, label: str, owner: Any, attribute: str) -> None:
        original = getattr(owner, attribute)

        async def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return await original(*args, **kwargs)
            finally:
                self.calls[label] += 1
                self.seconds[label] += time.perf_counter() - started

        had_own = attribute in getattr(owner, "__dict__", {})
        setattr(owner, attribute, timed)
        restore = (lambda: setattr(owner, attribute, original)) if had_own else (
            lambda: delattr(owner, attribute)
        )  # fmt: skip
        self._undo.append(restore)

    def unwrap(self) -> None:
        while self._undo:
            self._undo.pop()()

    def mean(self, label: str) -> float:
        """Return the mean seconds per call of `label`."""
        return self.seconds[label] / max(1, self.calls[label])

    def report(self) -> str:
        means = [
            f"{label} {1000 * self.seconds[label] / self.calls[label]:.1f} ms"
            for label in self.calls
        ]
        return "mean time per call: " + ", ".join(means) if means else ""


async def diagnose(run: Callable[[], Awaitable[object]], timing: Phases | None = None) -> str:
    """Run twice more: once timing CPU and `timing`'s phases, once under cProfile; one line."""
    timing = timing or Phases()
    wall, cpu, main = time.perf_counter(), time.process_time(), time.thread_time()
    try:
        await run()
    finally:
        timing.unwrap()
    wall, cpu, main = (time.perf_counter() - wall, time.process_time() - cpu,
                       time.thread_time() - main)  # fmt: skip
    parts = [
        f"one more run took {wall:.1f} s: the event-loop thread was on CPU {main / wall:.0%} of "
        f"it, other threads (aiosqlite) {(cpu - main) / wall:.0%}",
        timing.report(),
        await by_library(run),
    ]
    return "What dominates — " + "; ".join(part for part in parts if part) + "."
