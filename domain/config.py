"""The province's configuration as one typed value: a section per YAML file, and its zone.

Each section is a pure pydantic model next to the rules that read it; this module gathers
them so handlers and services read `province.calendar`, `province.campaign`,
`province.activities` and `province.tz` as attributes. `bot/province.py` loads it at start.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field

from domain.activity_config import ActivitiesConfig
from domain.pledges import CampaignConfig
from domain.reminder_config import CalendarConfig

__all__ = ["ActivitiesConfig", "CalendarConfig", "CampaignConfig", "ProvinceConfig"]

DEFAULT_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


class ProvinceConfig(BaseModel):
    """Every section, validated once; a missing file leaves its section at the defaults."""

    # Other YAML files in the directory are not ours to judge: ignored, as they always were.
    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True, extra="ignore")

    tz: ZoneInfo = DEFAULT_TZ
    calendar: CalendarConfig = Field(default_factory=CalendarConfig)
    campaign: CampaignConfig = Field(default_factory=CampaignConfig)
    activities: ActivitiesConfig = Field(default_factory=ActivitiesConfig)
