"""Read what members type for reports and registrations: counts, skips, targets, one-liners."""

from __future__ import annotations

import re
from dataclasses import dataclass

from domain.text import fold

MAX_TITLE = 200
MIN_TITLE = 3
MAX_DESCRIPTION = 2000
MAX_PARTICIPANTS = 100_000
MAX_PHOTOS = 10
MAX_TARGETS = 20
MAX_TARGET = 300
MAX_REASON = 500

_SKIP = {"bo qua", "skip", "khong co", "none"}
_DONE = {"xong", "done", "xong roi", "het", "finish"}
# "45", "45 người", "1.200" (Vietnamese thousands), "1,200" or "1 200"
_COUNT = re.compile(
    r"^(\d{1,3}(?:[.,\s]\d{3})+|\d+)(?:\s*(?:nguoi|nguoi tham gia|people|persons))?$"
)
_NUMBER = re.compile(r"(\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?|\d+(?:\.\d+)?)\s*(%)?")
# Units that commonly follow a target's number; the longest match wins ("hồ sơ" before "hồ").
_UNITS = sorted(
    ("bậc", "điểm", "hạng", "người", "nhà", "lượt", "hồ sơ", "sáng kiến", "mô hình", "đồng",
     "triệu đồng", "tỷ đồng", "ngày", "cuộc", "lớp", "thủ tục", "đơn vị", "hộ"),
    key=len, reverse=True,
)  # fmt: skip


def title_fits(title: str) -> bool:
    """Tell whether a report's title has the allowed length and a letter (not "😀😀😀", "...")."""
    return MIN_TITLE <= len(title) <= MAX_TITLE and any(ch.isalpha() for ch in title)


def clean(text: str) -> str:
    """Collapse runs of spaces and trim, keeping line breaks out of one-line fields."""
    return " ".join(text.split())


def is_skip(text: str) -> bool:
    """Tell whether the person asked to skip an optional answer ("bỏ qua", "skip")."""
    return fold(text).strip(" .!") in _SKIP


def is_done(text: str) -> bool:
    """Tell whether the person said they are finished ("xong", "done")."""
    return fold(text).strip(" .!") in _DONE


def parse_participants(text: str) -> int | None:
    """Read a head count from 1 to MAX_PARTICIPANTS, or None."""
    match = _COUNT.fullmatch(fold(text).strip(" ."))
    if match is None:
        return None
    value = int(re.sub(r"\D", "", match.group(1)))
    return value if 1 <= value <= MAX_PARTICIPANTS else None


@dataclass(frozen=True, slots=True)
class Target:
    """An emulation target: its words, and the number and unit found in them, if any."""

    text: str
    number: float | None = None
    unit: str = ""

    def as_dict(self) -> dict[str, object]:
        """Return the target as stored (JSON)."""
        return {"text": self.text, "number": self.number, "unit": self.unit}


def parse_target(line: str) -> Target:
    """Read "PCI tăng 2 bậc" as (2, "bậc") and "100% hồ sơ trực tuyến" as (100, "%")."""
    text = clean(line).lstrip("-•*+ ")  # people paste lists with their bullets
    match = _NUMBER.search(text)
    if match is None:
        return Target(text)
    digits = match.group(1)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", digits):
        number = float(digits.replace(".", ""))  # 1.000 is a thousand in Vietnamese
    else:
        number = float(digits.replace(",", "."))  # 2,5 is two and a half
    if match.group(2):
        return Target(text, number, "%")
    rest = text[match.end() :].lstrip().casefold()
    unit = next((u for u in _UNITS if rest == u or rest.startswith(u + " ")), "")
    return Target(text, number, unit)


def parse_targets(text: str) -> list[Target]:
    """Split a message into targets: one per line or per semicolon, blanks dropped.

    A part with no letter or digit ("😀😀", "---") is no target either.
    """
    parts = re.split(r"[\n;]+", text)
    return [parse_target(part) for part in parts if any(ch.isalnum() for ch in part)]


def split_shortcut(args: str) -> list[str]:
    """Split a one-line report "kind | title | date | people [| description]" into fields."""
    return [clean(part) for part in args.split("|")]


def asks_change_without_number(args: str) -> bool:
    """Tell whether "sửa", "xóa abc"… asked to edit or delete a report without its number."""
    words = fold(args).split()
    return bool(words) and words[0] in ("sua", "edit", "xoa", "delete") and "|" not in args


def shortcut_command(args: str) -> tuple[str, int] | None:
    """Read "sửa 12" / "xóa 12" (edit or delete report 12), or None."""
    match = re.fullmatch(r"(sua|edit|xoa|delete)\s*#?(\d{1,9})", fold(args))
    if match is None:
        return None
    action = "edit" if match.group(1) in ("sua", "edit") else "delete"
    return action, int(match.group(2))
