"""`python -m bot org import FILE | org export FILE`: the organisation from and to a file."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import Settings

if TYPE_CHECKING:
    from domain.membership.organisation import OrgFile

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
    actions.add_parser(
        "claims",
        help="print a one-time code for each imported leader, deputy and admin not yet joined",
    )


async def run_org_command(args: argparse.Namespace, settings: Settings) -> int:
    """Run `org import` or `org export`; return the process exit code."""
    # Imported here so that `python -m bot run` does not load openpyxl and YAML at start.
    from sqlalchemy.exc import SQLAlchemyError

    from bot.fileread import print_errors
    from bot.orgfile.files import read_org_file, write_org_file
    from domain.membership.organisation import OrgFileError
    from storage.db.engine import create_engine, create_session_factory
    from storage.db.migrate import upgrade
    from storage.membership.org_import import export_org, import_org

    if args.org_command == "claims":
        return await _claims(settings)
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
            return print_errors(path, exc.errors)
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


async def _claims(settings: Settings) -> int:
    """Create and print one claim code per imported person who has not joined yet."""
    from datetime import timedelta

    from domain.roles import Role
    from storage.db.engine import create_engine, create_session_factory
    from storage.db.migrate import upgrade
    from storage.db.times import utcnow
    from storage.membership.invites import create_invite
    from storage.membership.people import unclaimed

    engine = create_engine(settings.database_url)
    try:
        await upgrade(engine)
        async with create_session_factory(engine)() as session, session.begin():
            people = await unclaimed(
                session=session, roles=[Role.LEADER.value, Role.DEPUTY.value, Role.ADMIN.value]
            )
            lines = []
            for member in people:
                invite = await create_invite(
                    session=session, unit_id=member.unit_id, cluster_id=member.cluster_id,
                    role=member.role, created_by=None, member_id=member.id,
                    expires_at=utcnow() + timedelta(days=14), max_uses=1,
                )  # fmt: skip
                lines.append(f"{invite.code}\t{member.role}\t{member.full_name}")
    finally:
        await engine.dispose()
    if not lines:
        print("Everyone imported has joined already; no code was made.")
        return 0
    print("code\trole\tname  (send each person their code: /start CODE, or type it on Zalo)")
    print("\n".join(lines))
    return 0
