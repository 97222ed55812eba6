"""Run the benchmarks: `python -m bench [--quick] [--only NAME]... [--output FILE]`."""

from __future__ import annotations

import argparse
import asyncio
import os
import shlex
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path

from bench import console, dashboard, memory, scoring, year_turn
from bench.chat import latency, pledges, updates
from bench.common import ROOT, Options, Result
from bench.outbox import fanout, outbox_limited, outbox_unlimited
from bench.report import machine, markdown

BENCHMARKS: dict[str, Callable[[Options], Awaitable[Result]]] = {
    "updates_per_second": updates.run,
    "latency_p99_at_100_per_second": latency.run,
    "outbox_rate_limited": outbox_limited.run,
    "outbox_unlimited": outbox_unlimited.run,
    "reminder_fanout_100k": fanout.run,
    "year_turn_100k": year_turn.run,
    "pledge_summary": pledges.run,
    "scoring_ranking": scoring.run,
    "dashboard_page": dashboard.run,
    "console_pages": console.run,
    "memory": memory.run,
}


def _command(argv: list[str]) -> str:
    python = os.path.relpath(sys.executable, Path.cwd())
    direct = shlex.join([python, "-m", "bench", *argv])
    return f"`make bench` (runs `{direct}`)" if os.environ.get("MAKELEVEL") else f"`{direct}`"


async def _run_all(names: list[str], options: Options) -> list[Result]:
    results = []
    for name in names:
        started = time.perf_counter()
        result = await BENCHMARKS[name](options)
        result.seconds = time.perf_counter() - started
        results.append(result)
        figures = "; ".join(
            f"{row.metric} {row.show(row.median)} {row.unit} [{row.verdict}]"
            for row in result.rows
        )
        print(f"{name}: {figures} ({result.seconds:.0f} s)", flush=True)
    return results


def main(argv: list[str] | None = None) -> int:
    """Parse the command line, run the chosen benchmarks, write the markdown."""
    args_list = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="3 runs each, shorter runs")
    parser.add_argument(
        "--only",
        action="append",
        choices=list(BENCHMARKS),
        metavar="NAME",
        help=f"run only this benchmark (repeatable): {', '.join(BENCHMARKS)}",
    )
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args(args_list)  # fmt: skip
    names = args.only or list(BENCHMARKS)
    started, clock, host = datetime.now().astimezone(), time.perf_counter(), machine()
    with tempfile.TemporaryDirectory(prefix="thidua-bench-") as workdir:
        results = asyncio.run(_run_all(names, Options(args.quick, Path(workdir))))
    text = markdown(
        results, command=_command(args_list), started=started,
        seconds=time.perf_counter() - clock, names=list(BENCHMARKS), host=host,
    )  # fmt: skip
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
