"""Command line: `python -m bot run | demo | migrate | org | scoring | payments | year …`."""

from __future__ import annotations

import argparse
import asyncio
import logging

from bot.cli.backup import add_backup_commands, run_backup_command
from bot.cli.org import add_org_commands, run_org_command
from bot.cli.payments import add_payments_commands, run_payments_command
from bot.cli.scoring import add_scoring_commands, run_scoring_command
from bot.cli.year import add_year_commands, run_year_command
from bot.config import SettingRejected, Settings
from bot.logs import configure

log = logging.getLogger("bot")


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the chosen command."""
    parser = argparse.ArgumentParser(prog="python -m bot", description="thidua-bot")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run every channel that has a token")
    run.add_argument(
        "--demo-if-no-token",
        action="store_true",
        help="with no channel token configured, start the local demo instead",
    )
    demo_parser = commands.add_parser(
        "demo", help="chat with the bot in this terminal, on a local emulator"
    )
    demo_parser.add_argument(
        "--zalo", action="store_true", help="chat as a Zalo user (default: Telegram)"
    )
    commands.add_parser("migrate", help="apply database migrations")
    add_org_commands(commands)
    add_scoring_commands(commands)
    add_payments_commands(commands)
    add_year_commands(commands)
    add_backup_commands(commands)
    args = parser.parse_args(argv)

    settings = Settings()
    demo = args.command == "demo" or (
        getattr(args, "demo_if_no_token", False) and not settings.has_any_channel
    )
    # The demo shares the terminal with the chat, and org commands print a report of their
    # own: only warnings may interrupt them.
    configure(
        "WARNING"
        if demo or args.command in ("org", "scoring", "payments", "year")
        else settings.log_level
    )
    if args.command == "org":
        return asyncio.run(run_org_command(args, settings))
    if args.command == "scoring":
        return asyncio.run(run_scoring_command(args, settings))
    if args.command == "payments":
        return asyncio.run(run_payments_command(args, settings))
    if args.command == "year":
        return asyncio.run(run_year_command(args, settings))
    if args.command in ("backup", "restore"):
        return run_backup_command(args, settings)
    if args.command == "migrate":
        asyncio.run(_migrate(settings))
        return 0
    from storage.db.filelock import DatabaseInUse

    if demo:
        from bot.demo import run_demo

        channel = "zalo" if getattr(args, "zalo", False) else "telegram"
        try:
            return asyncio.run(run_demo(settings, channel=channel))
        except DatabaseInUse as error:  # a second `make run` while the first one still runs
            log.error("%s", error)
            return 2
    if not settings.has_any_channel:
        log.error("no channel token: set TELEGRAM_BOT_TOKEN or ZALO_BOT_TOKEN (see .env.example)")
        return 2
    from bot.app import BotApp

    try:
        asyncio.run(BotApp(settings).run_until_signalled())
    except (SettingRejected, DatabaseInUse) as error:
        log.error("%s", error)
        return 2
    return 0


async def _migrate(settings: Settings) -> None:
    from storage.db.engine import create_engine
    from storage.db.migrate import upgrade

    engine = create_engine(settings.database_url)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()


if __name__ == "__main__":
    raise SystemExit(main())
