"""`python -m bot org import FILE | org export FILE`: the organisation from and to a file."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import Settings

if TYPE_CHECKING:
    from storage.org_file import OrgFile

FORMATS = (".yaml", ".yml", ".xlsx")


def add_org_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `org` command with its `import` and `export` subcommands."""
    org = subparsers.add_parser(
        "org", help="import or export the clusters, units and leaders (YAML or Excel)"
    )
    actions = org.add_subparsers(dest="org_command", required=True)
    load = actions.add_parser(
        "import", help="apply FILE (.yaml, .yml, .xlsx) to the database; nothing is deleted"
    )
    load.add_argument("file", type=Path, help="e.g. examples/org.yaml")
    save = actions.add_parser("export", help="write the organisation to FILE (.yaml or .xlsx)")
    save.add_argument("file", type=Path)


async def run_org_command(args: argparse.Namespace, settings: Settings) -> int:
    """Run `org import` or `org export`; return the process exit code."""
    # Imported here so that `python -m bot run` does not load openpyxl and YAML at start.
    from sqlalchemy.exc import SQLAlchemyError

    from storage.engine import create_engine, create_session_factory
    from storage.migrate import upgrade
    from storage.org_file import OrgFileError, read_org_file, write_org_file
    from storage.org_import import export_org, import_org

    path: Path = args.file
    if path.suffix.lower() not in FORMATS:
        print(f"{path}: use a .yaml, .yml or .xlsx file", file=sys.stderr)
        return 2
    org: OrgFile | None = None
    if args.org_command == "import":
        try:
            # Validate before touching the database, so a bad file changes nothing.
            org = await asyncio.to_thread(read_org_file, path)
        except OrgFileError as exc:
            for error in exc.errors:
                print(f"{error.location}: {error.message}", file=sys.stderr)
            print(f"{path}: {len(exc.errors)} error(s), nothing imported", file=sys.stderr)
            return 1
    engine = create_engine(settings.database_url)
    try:
        await upgrade(engine)
        sessions = create_session_factory(engine)
        if org is not None:
            report = await import_org(sessions=sessions, org=org)
            print(report.summary())
            return 0
        org = await export_org(sessions=sessions)
    except SQLAlchemyError as exc:
        print(f"database error, nothing changed: {exc}", file=sys.stderr)
        return 1
    finally:
        await engine.dispose()
    try:
        await asyncio.to_thread(write_org_file, org, path)
    except OSError as exc:
        print(f"{path}: cannot write: {exc}", file=sys.stderr)
        return 1
    units = sum(len(c.units) for c in org.clusters)
    leaders = sum(len(c.leaders) for c in org.clusters)
    print(
        f"Exported {len(org.clusters)} clusters, {units} units, {leaders} leaders "
        f"and {len(org.admins)} admins to {path}"
    )
    return 0
