"""`python -m bot payments import FILE`: match a bank statement (xlsx or csv) to the pledges.

For treasurers on Zalo, which cannot receive files, and for the admin: the server acts for
every cluster. A bad file is reported with its line and column and changes nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import Settings

if TYPE_CHECKING:
    from domain.pledge.statement import Problem


def add_payments_commands(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
) -> None:
    """Add the `payments` command with its `import` subcommand."""
    payments = subparsers.add_parser("payments", help="match bank statements to the pledges")
    actions = payments.add_subparsers(dest="payments_command", required=True)
    load = actions.add_parser(
        "import", help="read FILE (.xlsx or .csv, the bank's export) and mark matched pledges paid"
    )
    load.add_argument("file", type=Path)
    load.add_argument(
        "--cluster",
        metavar="CODE",
        help="the cluster whose treasurers match the lines without a code by hand (/doisoat); "
        "default: the admin",
    )


async def run_payments_command(args: argparse.Namespace, settings: Settings) -> int:
    """Run `payments import`; return the process exit code."""
    # Imported here so that `python -m bot run` does not load the statement readers at start.
    from sqlalchemy.exc import SQLAlchemyError

    from bot.i18n import Catalogs
    from bot.payments_feed import PaymentsFeed
    from bot.province import load_province
    from domain.clock import SystemClock
    from domain.pledge.statement import StatementError, credit_lines
    from domain.pledge.statement_file import rows_of
    from storage.db.engine import create_engine, create_session_factory
    from storage.db.migrate import upgrade

    path: Path = args.file
    province = load_province(Path(settings.config_dir), settings.tz)
    columns = province.campaign.statement_columns
    try:
        content = await asyncio.to_thread(path.read_bytes)
        lines = credit_lines(rows_of(content, path.name), columns)
    except OSError as exc:
        print(f"{path}: cannot read: {exc}", file=sys.stderr)
        return 2
    except StatementError as exc:
        where = f"line {exc.line}, column {exc.column}: " if exc.line else ""
        value = f" ({exc.value!r})" if exc.value else ""
        print(f"{path}: {where}{_problem(exc.problem)}{value}; nothing imported", file=sys.stderr)
        return 1
    engine = create_engine(settings.database_url)
    try:
        await upgrade(engine)
        catalogs = Catalogs(default_locale=settings.default_locale)
        feed = PaymentsFeed(create_session_factory(engine), catalogs, province, SystemClock())
        result = await feed.import_lines(lines, path.name, cluster=args.cluster)
    except SQLAlchemyError as exc:
        print(f"database error, nothing changed: {exc}", file=sys.stderr)
        return 1
    finally:
        await engine.dispose()
    if result is None:
        print(f"no cluster with the code {args.cluster!r}; nothing imported", file=sys.stderr)
        return 1
    print(
        f"{path}: {len(lines)} credit line(s): {len(result.matched)} matched, "
        f"{len(result.unmatched)} to match by hand (/doisoat), {result.repeated} imported before"
    )
    for applied in result.matched:
        pledge = applied.pledge
        partial = " (partial)" if applied.paid < pledge.amount else ""
        print(f"  matched: {pledge.member_name}, {applied.paid} of {pledge.amount}{partial}")
    for line in result.unmatched:
        print(f"  unmatched: line {line.line}, {line.day}, {line.amount}: {line.description}")
    return 0


def _problem(problem: Problem) -> str:
    """Say what is wrong with a statement (the code names alone, "unreadable ''", said little)."""
    from domain.pledge.statement import Problem

    said = {
        Problem.UNREADABLE: "not a readable .xlsx or .csv file",
        Problem.NO_TABLE: "no table of transactions (columns for the date, the credit amount, "
        "the description and the bank's reference; or set statement_columns in campaign.yaml)",
        Problem.AMOUNT: "the amount is not a whole number of đồng",
        Problem.DATE: "the date cannot be read",
        Problem.REFERENCE: "a credit line without the bank's reference",
        Problem.DUPLICATE: "the bank's reference appears twice",
    }
    return said[problem]
