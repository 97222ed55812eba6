"""`python -m bot backup FILE` and `python -m bot restore FILE`."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from bot.config import Settings
from storage.db.backup import BackupError, backup, restore

log = logging.getLogger("bot")


def add_backup_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `backup` and `restore` subcommands."""
    saving = commands.add_parser(
        "backup", help="write a consistent copy of the database to FILE (the bot may run)"
    )
    saving.add_argument("file", type=Path, help="where to write the backup")
    loading = commands.add_parser(
        "restore", help="replace the database's content with the backup in FILE (bot stopped)"
    )
    loading.add_argument("file", type=Path, help="a file written by `backup`")


def run_backup_command(args: argparse.Namespace, settings: Settings) -> int:
    """Run `backup` or `restore`; a failure is one clear line and exit status 1."""
    try:
        if args.command == "backup":
            backup(settings.database_url, args.file)
            log.warning("backup written to %s", args.file)
        else:
            restore(settings.database_url, args.file)
            log.warning("database restored from %s", args.file)
    except BackupError as error:
        log.error("%s failed: %s", args.command, error)
        return 1
    return 0
