"""`python -m bot year close 2026 --open 2027 [--dry-run]`: close a year and open the next."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import Settings

if TYPE_CHECKING:
    from bot.services.year.plan import ClusterPlan, Problem
    from bot.services.year.turn import TurnReport

# Test hook: seconds to wait after each cluster's commit, so a test can kill the run there.
PAUSE_VARIABLE = "YEAR_TURN_PAUSE_SECONDS"
WHY = {
    "no_units": "the cluster has no unit",
    "no_ranking": "rotation by ranking, but the closed year's ranking is not published",
    "not_named": "rotation by file, but config/year.yaml names no units for the new year",
    "unknown_unit": "config/year.yaml names a unit that is not the cluster's:",
    "no_person": "nobody to lead (no leader, deputy or reporter of the unit):",
}


def add_year_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `year` command with its `close` subcommand."""
    year = subparsers.add_parser("year", help="close an emulation year and open the next")
    actions = year.add_subparsers(dest="year_command", required=True)
    close = actions.add_parser(
        "close",
        help="rotate every cluster's head and deputy, copy the scoring tables, open the "
        "registrations and tell every member; safe to run again",
    )
    close.add_argument("year", type=int, help="the year to close, e.g. 2026")
    close.add_argument("--open", dest="opened", type=int, required=True, help="e.g. 2027")
    close.add_argument(
        "--dry-run", action="store_true", help="print what would happen and change nothing"
    )


async def run_year_command(args: argparse.Namespace, settings: Settings) -> int:
    """Run `year close`; return the process exit code."""
    from sqlalchemy.exc import SQLAlchemyError

    from bot.i18n import Catalogs
    from bot.province import ConfigError, load_province
    from bot.services.year.plan import TurnRefused
    from bot.services.year.turn import YearTurnService
    from domain.clock import SystemClock
    from storage.db.engine import create_engine, create_session_factory
    from storage.db.migrate import upgrade

    try:
        YearTurnService.check_years(args.year, args.opened)
        province = load_province(Path(settings.config_dir), settings.tz)
    except (ValueError, ConfigError) as error:
        print(error, file=sys.stderr)
        return 2
    engine = create_engine(settings.database_url)
    try:
        await upgrade(engine)
        service = YearTurnService(
            create_session_factory(engine), Catalogs(default_locale=settings.default_locale),
            province, SystemClock(),
        )  # fmt: skip
        if args.dry_run:
            print(describe(await service.preview(args.year, args.opened), dry_run=True))
            return 0
        report = await service.run(args.year, args.opened, between=_between)
    except TurnRefused as refused:
        print(refusal(args.year, refused.problems), file=sys.stderr)
        return 1
    except SQLAlchemyError as error:
        print(f"database error: {error}\nRun the same command again to finish.", file=sys.stderr)
        return 1
    finally:
        await engine.dispose()
    print(describe(report, dry_run=False))
    return 0


async def _between(code: str) -> None:
    print(f"done: {code}", flush=True)
    pause = float(os.environ.get(PAUSE_VARIABLE) or 0)
    if pause > 0:
        await asyncio.sleep(pause)


def refusal(year: int, problems: list[Problem]) -> str:
    """Return why the turn cannot run, a line per cluster."""
    lines = [f"Cannot close {year}: nothing was changed."]
    lines += [f"  {p.cluster}: {WHY[p.reason.value]} {p.detail}".rstrip() for p in problems]
    return "\n".join(lines)


def _cluster_lines(plan: ClusterPlan, closed: int, opened: int) -> list[str]:
    lines = [f"{plan.name} ({plan.code}), rotation by {plan.rotation.value}:"]
    for label, seats in (("head", (plan.head,)), ("deputy", plan.deputies)):
        lines += [f"  {label}: {s.unit} — {s.name}" for s in seats]
    lines += [f"  back to their unit ({s.role.value}): {s.name}" for s in plan.leaving]
    if plan.copy_table:
        lines.append(f"  scoring table {closed} copied as the {opened} draft")
    lines.append(f"  members told: {plan.accounts}")
    return lines


def describe(report: TurnReport, *, dry_run: bool) -> str:
    """Return the turn as lines for the operator."""
    closed, opened = report.closed, report.opened
    if report.finished_before:
        return f"{closed} is already closed and {opened} open: nothing changed."
    head = f"Closing {closed} and opening {opened}"
    lines = [f"{head} (dry run: nothing changed)." if dry_run else f"{head}."]
    if report.done_before:
        lines.append(f"Begun before; done then: {', '.join(sorted(report.done_before))}.")
    for plan in report.clusters:
        lines += _cluster_lines(plan, closed, opened)
    lines.append(f"Members told in all: {report.accounts} (outside the clusters: {report.others})")
    if not dry_run:
        lines.append(
            f"Done now: {', '.join(report.done_now) or 'nothing'}; "
            f"{report.queued} message(s) queued."
        )
    return "\n".join(lines)
