"""The machine, and the markdown of `docs/benchmarks.md`."""

from __future__ import annotations

import asyncio
import os
import platform
import sys
from datetime import datetime
from pathlib import Path

from bench.common import Result


def cpu_model() -> str:
    """Return the CPU model named in /proc/cpuinfo, or the platform's guess."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def memory_total() -> str:
    """Return the machine's memory from /proc/meminfo."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def load() -> str:
    """Return the load average over 1, 5 and 15 minutes."""
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def machine() -> list[tuple[str, str]]:
    """Describe this machine and interpreter, as (what, value) pairs."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?"
    return [
        ("platform", platform.platform()),
        ("CPU", cpu_model()),
        ("os.cpu_count()", f"{os.cpu_count()} ({usable} usable by this process)"),
        ("memory", memory_total()),
        ("Python", f"{platform.python_implementation()} {sys.version.split()[0]}"),
        ("event loop", type(asyncio.get_event_loop_policy()).__module__.split(".")[0]),
        ("load average at the start (1, 5, 15 min)", load()),
    ]


HOW_TO_RUN = """\
## How to run

```sh
make bench                               # every benchmark, 5 runs each, on a throwaway
                                         # PostgreSQL too when installed; rewrites this file
.venv/bin/python -m bench --quick        # 3 runs each, 5 s latency runs (about 3 min here)
.venv/bin/python -m bench --only memory  # one benchmark; repeat --only for more
.venv/bin/python -m bench --output /tmp/bench.md  # write elsewhere, leave this file alone
```

Benchmarks: {names}.

Each benchmark makes its own SQLite file databases (migrated with `storage.db.migrate.upgrade`)
in a temporary directory that is removed at the end; `updates_per_second` also makes one on
the PostgreSQL server in BENCH_POSTGRES_URL or TEST_DATABASE_URL (`make bench` starts one
with scripts/pg-temp.sh). `make test` never runs them. The Telegram emulator runs in the
benchmark's process; the bots measured for updates, latency, the outbox and memory run as
they are deployed, in processes of their own (`python -m bot run`, and `python -m bench.echo`
for the bare echo bot), so the emulator's work is not billed to them. No network or token is
needed. `--only` and `--quick` rewrite this
file too, with fewer benchmarks or runs: use `--output` to keep a full run.
"""


def markdown(
    results: list[Result],
    *,
    command: str,
    started: datetime,
    seconds: float,
    names: list[str],
    host: list[tuple[str, str]],
) -> str:
    """Return the whole of docs/benchmarks.md for these results."""
    lines = [
        "# Benchmarks",
        "",
        'The performance targets of DESIGN.md ("Performance targets"), measured on the'
        " machine below by `bench/`. Figures are **medians** of the runs listed beside them;"
        " PASS/MISS judges the median against the target. This machine is shared and noisy"
        " (other engineers' builds and tests run beside the benchmarks), so read the spread"
        " of the runs, not only the median, and expect another invocation to differ.",
        "",
        f"- date: {started:%Y-%m-%d %H:%M %Z}",
        f"- command: {command}, {seconds:.0f} s in all",
        *(f"- {what}: {value}" for what, value in host),
        f"- load average at the end: {load()}",
        "",
        "| benchmark | what | median | spread | runs | target | result |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for result in results:
        for row in result.rows:
            runs = ", ".join(row.show(v) for v in row.values)
            lines.append(
                f"| {result.name} | {row.metric} | **{row.show(row.median)} {row.unit}** "
                f"| {row.show(min(row.values))}–{row.show(max(row.values))} "
                f"| {runs} | {row.target or '—'} | {row.verdict} |"
            )
    lines += ["", "## Notes", ""]
    for result in results:
        lines.append(f"### {result.name}")
        lines.append("")
        lines.append(f"{result.what} (took {result.seconds:.1f} s).")
        lines.append("")
        lines += [f"- {note}" for note in result.notes]
        lines.append("")
    history = Path(__file__).with_name("history.md")  # hand-written: what changed, measured
    if history.exists():
        lines += [history.read_text(encoding="utf-8").rstrip(), ""]
    lines.append(HOW_TO_RUN.format(names=", ".join(f"`{n}`" for n in names)))
    return "\n".join(lines)
