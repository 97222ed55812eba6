"""Load the table of plain phrases: the one shipped with the bot, and the province's additions."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from bot.fileread import load_yaml
from domain.intents import IntentTable

PROVINCE_FILE = "intents.yaml"  # in CONFIG_DIR: phrases and intents a province adds


def load_intents(config_dir: Path | None = None) -> IntentTable:
    """Return the shipped table, extended by `config_dir/intents.yaml` when there is one."""
    tables = [load_yaml(files("domain").joinpath("intents.yaml").read_text("utf-8"))]
    extra = config_dir / PROVINCE_FILE if config_dir is not None else None
    if extra is not None and extra.is_file():
        tables.append(load_yaml(extra.read_text(encoding="utf-8")) or {})
    return IntentTable.from_data(*tables)
