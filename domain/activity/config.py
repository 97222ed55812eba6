"""The `activities` section of the province's configuration: catalogues and deadlines."""

from __future__ import annotations

import re
from datetime import date

from pydantic import BaseModel, ConfigDict, Field, field_validator

from domain.text import fold


class CatalogueItem(BaseModel):
    """One entry of a catalogue: a stable key and its label in each language."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str = Field(pattern=r"^[a-z][a-z0-9_]{1,31}$")
    vi: str = Field(min_length=1, max_length=64)  # shown on a button: Telegram cuts at 64
    en: str = Field(min_length=1, max_length=64)
    aliases: tuple[str, ...] = ()  # other words people type for it ("cchc", "văn nghệ")

    def label(self, locale: str) -> str:
        """Return the label in `locale` (English, else Vietnamese)."""
        return self.en if locale == "en" else self.vi


def _items(
    *rows: tuple[str, str, str] | tuple[str, str, str, tuple[str, ...]],
) -> list[CatalogueItem]:
    return [
        CatalogueItem(key=row[0], vi=row[1], en=row[2], aliases=row[3] if len(row) > 3 else ())
        for row in rows
    ]


def _default_kinds() -> list[CatalogueItem]:
    # The activities the plan (Kế hoạch 04/KH-HĐTĐKT) names; a province may add its own.
    return _items(
        ("seminar", "Tọa đàm", "Seminar", ("hội thảo",)),
        ("study_exchange", "Học tập, trao đổi kinh nghiệm", "Study and experience exchange"),
        ("culture_sports", "Giao lưu văn nghệ, thể thao", "Culture and sports exchange"),
        ("good_deeds", "Người tốt, việc tốt", "Good people, good deeds"),
        (
            "initiative",
            "Sáng kiến, mô hình mới, nhân tố mới, cách làm hay",
            "Initiatives, new models, good practices",
        ),
        ("communication", "Tuyên truyền", "Communication and outreach"),
        (
            "reform_digital",
            "Cải cách hành chính, chuyển đổi số",
            "Administrative reform, digital transformation",
            ("cchc", "cđs", "pci", "par index", "papi", "sipas"),
        ),
        ("social_welfare", "An sinh xã hội, vì người nghèo", "Social welfare, for the poor"),
        ("other", "Khác", "Other"),
    )


def _default_titles() -> list[CatalogueItem]:
    return _items(
        ("excellent_collective", "Tập thể lao động xuất sắc", "Excellent Labour Collective"),
        ("advanced_collective", "Tập thể lao động tiên tiến", "Advanced Labour Collective"),
        ("province_flag", "Cờ thi đua của Ủy ban nhân dân tỉnh", "Emulation Flag of the Province"),
        ("grassroots_fighter", "Chiến sĩ thi đua cơ sở", "Grassroots Emulation Fighter"),
        ("advanced_worker", "Lao động tiên tiến", "Advanced Worker"),
    )


def _default_rewards() -> list[CatalogueItem]:
    return _items(
        (
            "chairman_merit",
            "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
            "Certificate of Merit of the Province Chairman",
        ),
        ("certificate", "Giấy khen", "Certificate of Commendation"),
    )


_DAY_MONTH = re.compile(r"^\s*(\d{1,2})\s*/\s*(\d{1,2})\s*$")


class ActivitiesConfig(BaseModel):
    """Activity kinds, emulation titles, reward forms, the grace after a phase, the deadline."""

    model_config = ConfigDict(extra="forbid")

    phase_grace_days: int = Field(default=15, ge=0, le=90)
    registration_deadline: str = "31/03"  # DD/MM, in the year being registered
    kinds: list[CatalogueItem] = Field(default_factory=_default_kinds, min_length=1)
    titles: list[CatalogueItem] = Field(default_factory=_default_titles, min_length=1)
    rewards: list[CatalogueItem] = Field(default_factory=_default_rewards, min_length=1)

    @field_validator("kinds", "titles", "rewards")
    @classmethod
    def _unique_keys(cls, items: list[CatalogueItem]) -> list[CatalogueItem]:
        keys = [item.key for item in items]
        if len(set(keys)) != len(keys):
            raise ValueError(f"duplicate keys in {keys}")
        if len(items) > 20:  # more would not fit one message of options
            raise ValueError("at most 20 entries per catalogue")
        return items

    @field_validator("registration_deadline")
    @classmethod
    def _day_month(cls, value: str) -> str:
        match = _DAY_MONTH.match(value)
        if match is None:
            raise ValueError(f"registration_deadline must be DD/MM, got {value!r}")
        day, month = int(match.group(1)), int(match.group(2))
        if (month, day) == (2, 29):
            raise ValueError("registration_deadline 29/02 exists only in leap years")
        date(2001, month, day)  # raises ValueError for 31/04 and the like
        return value

    def deadline(self, year: int) -> date:
        """Return the last day to submit a registration for `year`."""
        match = _DAY_MONTH.match(self.registration_deadline)
        assert match is not None  # checked when the file was read
        return date(year, int(match.group(2)), int(match.group(1)))

    def kind(self, key: str) -> CatalogueItem | None:
        """Return the activity kind with this key."""
        return next((item for item in self.kinds if item.key == key), None)


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^\w%]+", " ", fold(text)).split())


def match_item(items: list[CatalogueItem], text: str) -> CatalogueItem | None:
    """Find the entry `text` names: by key, label or alias, or by words of one label only."""
    typed = _words(text)
    if not typed:
        return None
    for item in items:
        names = {item.key, item.key.replace("_", " "), _words(item.vi), _words(item.en)}
        if typed in names | {_words(alias) for alias in item.aliases}:
            return item
    padded = f" {typed} "
    hits = [
        item
        for item in items
        if any(padded in f" {_words(name)} " for name in (item.vi, item.en, *item.aliases))
    ]
    return hits[0] if len(hits) == 1 else None
