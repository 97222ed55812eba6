"""The province's configuration: one YAML file per feature in `CONFIG_DIR`, read at start.

Each feature parses its own section with its own pydantic model (`section(name, Model)`), so
adding a feature never touches another's configuration.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import yaml
from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)


class Province:
    """Configuration sections by name (the file's stem), parsed on first use and kept."""

    def __init__(self, raw: dict[str, Any], tz: ZoneInfo) -> None:
        self.raw = raw
        self.tz = tz
        self._parsed: dict[str, BaseModel] = {}
        self.directory: Path | None = None  # where the files came from (templates live there too)

    @classmethod
    def load(cls, directory: Path, tz: ZoneInfo) -> Province:
        """Read every `*.yaml` of `directory`; a missing directory means all defaults."""
        raw: dict[str, Any] = {}
        if directory.is_dir():
            for path in sorted(directory.glob("*.yaml")):
                with path.open(encoding="utf-8") as handle:
                    raw[path.stem] = yaml.safe_load(handle) or {}
        province = cls(raw, tz)
        province.directory = directory
        return province

    def section(self, name: str, model: type[M]) -> M:
        """Return section `name` validated by `model` (its defaults when the file is absent)."""
        parsed = self._parsed.get(name)
        if not isinstance(parsed, model):
            parsed = model.model_validate(self.raw.get(name, {}))
            self._parsed[name] = parsed
        return parsed

    def validate(self, models: dict[str, type[BaseModel]]) -> None:
        """Parse every known section now, so a bad file stops the start, not a member's chat."""
        for name, model in models.items():
            self.section(name, model)
