"""`python -m bot scoring import|export FILE --cluster CODE --year YEAR`: a cluster's table."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import Settings
from domain.text import N_

if TYPE_CHECKING:
    from sqlmodel.ext.asyncio.session import AsyncSession

    from domain.scoring.table import Table
    from storage.scoring.table import TableReport

FORMATS = (".yaml", ".yml", ".xlsx")


def add_scoring_commands(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
) -> None:
    """Add the `scoring` command with its `import` and `export` subcommands."""
    scoring = subparsers.add_parser(
        "scoring", help="import or export a cluster's scoring table (YAML or Excel)"
    )
    actions = scoring.add_subparsers(dest="scoring_command", required=True)
    load = actions.add_parser("import", help="make FILE the cluster's table for the year")
    save = actions.add_parser("export", help="write the cluster's table for the year to FILE")
    sheet = actions.add_parser(
        "sheet", help="write the cluster's score sheet (scores, ranking, proposals) to FILE.xlsx"
    )
    for action in (load, save, sheet):
        action.add_argument("file", type=Path, help="e.g. examples/scoring.yaml")
        action.add_argument("--cluster", required=True, help="the cluster's code")
        action.add_argument("--year", required=True, type=int)
    load.add_argument(
        "--admin",
        action="store_true",
        help="change the table even though units have submitted (every unit is told)",
    )


async def run_scoring_command(args: argparse.Namespace, settings: Settings) -> int:
    """Run `scoring import` or `scoring export`; return the process exit code."""
    from sqlalchemy.exc import SQLAlchemyError

    from bot.fileread import print_errors
    from bot.scoringfile.files import ScoringFileError, read_scoring_file
    from storage.db.engine import create_engine, create_session_factory
    from storage.db.migrate import upgrade

    path: Path = args.file
    if args.scoring_command == "sheet":
        return await _sheet(args, settings)
    if path.suffix.lower() not in FORMATS:
        print(f"{path}: use a .yaml, .yml or .xlsx file", file=sys.stderr)
        return 2
    table: Table | None = None
    if args.scoring_command == "import":
        try:  # validated before the database is touched, so a bad file changes nothing
            table = await asyncio.to_thread(read_scoring_file, path)
        except ScoringFileError as exc:
            return print_errors(path, exc.errors)
    engine = create_engine(settings.database_url)
    try:
        await upgrade(engine)
        async with create_session_factory(engine)() as session, session.begin():
            cluster_id = await _cluster_id(session, args.cluster)
            if cluster_id is None:
                print(
                    f"no cluster {args.cluster!r}: import the organisation first", file=sys.stderr
                )
                return 1
            if table is not None:
                return await _import(session, settings, args, cluster_id, table)
            table = await _stored(session, cluster_id, args.year)
            if table is None:
                print(f"{args.cluster} has no scoring table for {args.year}", file=sys.stderr)
                return 1
    except SQLAlchemyError as exc:
        print(f"database error, nothing changed: {exc}", file=sys.stderr)
        return 1
    finally:
        await engine.dispose()
    return await _write(table, path)


async def _cluster_id(session: AsyncSession, code: str) -> int | None:
    from storage.membership.org import find_cluster

    cluster = await find_cluster(session=session, code=code)
    return cluster.id if cluster is not None else None


async def _stored(session: AsyncSession, cluster_id: int, year: int) -> Table | None:
    from storage.scoring.table import find_table, read_table

    row = await find_table(session=session, cluster_id=cluster_id, year=year)
    if row is None or row.id is None:
        return None
    return await read_table(session=session, table_id=row.id)


async def _import(
    session: AsyncSession, settings: Settings, args: argparse.Namespace, cluster_id: int,
    table: Table,
) -> int:  # fmt: skip
    from storage.scoring.table import TableLocked, apply_table

    try:
        report = await apply_table(
            session=session, cluster_id=cluster_id, year=args.year, table=table, admin=args.admin
        )
    except TableLocked:
        print(
            f"{args.cluster}: a unit has already submitted its self-assessment for {args.year}; "
            "only the admin may change the table now (add --admin; every unit is told). "
            "Nothing changed.",
            file=sys.stderr,
        )
        await session.rollback()
        return 1
    print(report.summary())
    if report.changes and report.submitted_units:
        told = await _tell_units(session, settings, cluster_id, args.year, report)
        print(f"Queued {told} message(s) telling the units' reporters of the change.")
    return 0


async def _tell_units(
    session: AsyncSession, settings: Settings, cluster_id: int, year: int, report: TableReport
) -> int:
    from bot.i18n import Catalogs
    from bot.outbox.queue import NotifyService
    from storage.db.times import utcnow
    from storage.scoring.queries import reporter_recipients

    now = utcnow()
    text = N_(
        "Bảng điểm thi đua năm {year} của cụm, khối đã được Ban Thi đua - Khen thưởng điều "
        "chỉnh sau khi có đơn vị gửi chấm điểm. Vui lòng xem lại phần chấm điểm của đơn vị "
        "bằng lệnh /chamdiem."
    )
    notify = NotifyService(session, Catalogs(default_locale=settings.default_locale), now)
    return await notify.send(
        key=f"scoring-table:{cluster_id}:{year}:{now.isoformat()}",
        recipients=await reporter_recipients(session=session, cluster_id=cluster_id),
        compose=lambda t: t._(text).format(year=year),
    )


async def _write(table: Table, path: Path) -> int:
    from bot.scoringfile.files import write_scoring_file

    try:
        await asyncio.to_thread(write_scoring_file, table, path)
    except OSError as exc:
        print(f"{path}: cannot write: {exc}", file=sys.stderr)
        return 1
    print(f"Exported {len(table.criteria())} criteria in {len(table.groups)} groups to {path}")
    return 0


async def _sheet(args: argparse.Namespace, settings: Settings) -> int:
    """Write the cluster's score sheet of the year, as /xuatbaocao sends it."""
    from bot.province import load_province
    from bot.reminders.scoring import scoring_config
    from bot.scoringfile.score_sheet import score_sheet
    from bot.services.scoring.sheet import build_sheet
    from storage.db.engine import create_engine, create_session_factory
    from storage.db.migrate import upgrade

    path: Path = args.file
    if path.suffix.lower() != ".xlsx":
        print(f"{path}: the score sheet is an .xlsx file", file=sys.stderr)
        return 2
    province = load_province(Path(settings.config_dir), settings.tz)
    engine = create_engine(settings.database_url)
    try:
        await upgrade(engine)
        async with create_session_factory(engine)() as session:
            cluster_id = await _cluster_id(session, args.cluster)
            if cluster_id is None:
                print(f"no cluster {args.cluster!r}", file=sys.stderr)
                return 1
            data = await build_sheet(
                session=session, cluster_id=cluster_id, year=args.year,
                config=scoring_config(province), tz=settings.tz,
            )  # fmt: skip
    finally:
        await engine.dispose()
    if data is None:
        print(f"{args.cluster} has no scoring table for {args.year}", file=sys.stderr)
        return 1
    try:
        await asyncio.to_thread(path.write_bytes, score_sheet(data))
    except OSError as exc:
        print(f"{path}: cannot write: {exc}", file=sys.stderr)
        return 1
    print(f"Wrote the score sheet of {len(data.units)} units to {path}")
    return 0
