"""The province's configuration as one typed value: a section per YAML file, and its zone.

Each section is a pure pydantic model next to the rules that read it; this module gathers
them so handlers and services read `province.calendar`, `province.campaign`,
`province.activities`, `province.documents`, `province.scoring`, `province.year` and
`province.tz` as attributes. `bot/province.py` loads it at start.
"""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field

from domain.activity.config import ActivitiesConfig
from domain.calendar.config import CalendarConfig
from domain.drafting.config import DocumentsConfig
from domain.pledge.rules import CampaignConfig
from domain.scoring.config import ScoringConfig
from domain.year.config import YearConfig

__all__ = [
    "ActivitiesConfig", "CalendarConfig", "CampaignConfig", "DocumentsConfig", "ProvinceConfig",
    "ScoringConfig", "YearConfig",
]  # fmt: skip

DEFAULT_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


class ProvinceConfig(BaseModel):
    """Every section, validated once; a missing file leaves its section at the defaults."""

    # Other YAML files in the directory are not ours to judge: ignored, as they always were.
    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True, extra="ignore")

    tz: ZoneInfo = DEFAULT_TZ
    calendar: CalendarConfig = Field(default_factory=CalendarConfig)
    campaign: CampaignConfig = Field(default_factory=CampaignConfig)
    activities: ActivitiesConfig = Field(default_factory=ActivitiesConfig)
    documents: DocumentsConfig = Field(default_factory=DocumentsConfig)
    scoring: ScoringConfig = Field(default_factory=ScoringConfig)
    year: YearConfig = Field(default_factory=YearConfig)
    # Where the files came from: a province's own report template may sit beside them.
    directory: Path | None = None
