"""The province's configuration: loaded once into one typed value; a bad file stops the start."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.app import BotApp
from bot.config import Settings
from bot.province import ConfigError, load_province
from domain.config import ProvinceConfig

ROOT = Path(__file__).resolve().parents[2]
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def test_the_shipped_files_load_into_attributes() -> None:
    province = load_province(ROOT / "config", VN)
    assert province.tz is VN
    assert province.calendar.loaded_anniversaries()
    assert province.activities.kinds
    assert province.campaign.working_days_per_month > 0


def test_a_missing_directory_or_file_means_the_defaults(tmp_path: Path) -> None:
    (tmp_path / "notes.yaml").write_text("anything: [1, 2]\n", encoding="utf-8")  # not ours
    absent, present = load_province(tmp_path / "absent", VN), load_province(tmp_path, VN)
    # The directory is remembered (a province's own report template may sit there).
    assert (absent.directory, present.directory) == (tmp_path / "absent", tmp_path)
    assert absent.model_copy(update={"directory": None}) == ProvinceConfig(tz=VN)
    assert present.model_copy(update={"directory": None}) == ProvinceConfig(tz=VN)


async def test_a_bad_file_stops_the_start_naming_it(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "calendar.yaml").write_text("{}\n", encoding="utf-8")
    (tmp_path / "campaign.yaml").write_text("house_cost: -1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"campaign\.yaml") as raised:
        load_province(tmp_path, VN)
    assert "house_cost" in str(raised.value) and "calendar.yaml" not in str(raised.value)
    with pytest.raises(ConfigError, match=r"campaign\.yaml"):
        BotApp(settings.model_copy(update={"config_dir": str(tmp_path)}))
