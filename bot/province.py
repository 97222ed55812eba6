"""Load the province's configuration: one YAML file per section in `CONFIG_DIR`, read at start.

Every section is validated here, once, into `domain.config.ProvinceConfig`: a mistake in a
file stops the start with the file's name, never a member's chat later.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from bot.fileread import load_yaml
from domain.config import ProvinceConfig


class ConfigError(ValueError):
    """A configuration file the bot cannot start with."""


def province_from(sections: dict[str, Any], tz: ZoneInfo) -> ProvinceConfig:
    """Validate raw sections by name (a file's stem), e.g. {"calendar": {...}}."""
    return ProvinceConfig.model_validate({**sections, "tz": tz})


def load_province(directory: Path, tz: ZoneInfo) -> ProvinceConfig:
    """Read every `*.yaml` of `directory`; a missing directory means all defaults."""
    sections: dict[str, Any] = {}
    if directory.is_dir():
        for path in sorted(directory.glob("*.yaml")):
            with path.open(encoding="utf-8") as handle:
                sections[path.stem] = load_yaml(handle) or {}
    try:
        return province_from(sections, tz).model_copy(update={"directory": directory})
    except ValidationError as error:
        names = sorted({str(e["loc"][0]) for e in error.errors() if e["loc"]})
        files = ", ".join(str(directory / f"{name}.yaml") for name in names)
        raise ConfigError(f"invalid configuration in {files}:\n{error}") from error
