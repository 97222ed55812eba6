"""What the covenant tells people through the outbox: whole sentences, in each reader's
language."""

from __future__ import annotations

from datetime import date

from bot.i18n import Translator
from domain.covenant.plan import PhasePlan
from domain.text import N_

OPENED = N_(
    "{cluster} đã mở ký kết giao ước thi đua năm {year} (đồng chí {leader} khởi xướng). Thủ "
    "trưởng đơn vị, hoặc đầu mối đơn vị ký thay, vui lòng gõ /giaouoc để xem nội dung và ký."
)
NUDGE = N_(
    "Nhắc việc: đơn vị của đồng chí chưa ký giao ước thi đua năm {year} của {cluster}. Vui lòng "
    "gõ /giaouoc để xem nội dung và ký."
)
ALL_SIGNED = N_(
    "Cả {count} đơn vị của {cluster} đã ký giao ước thi đua năm {year}. Gõ /giaouoc để tải biên "
    "bản ký kết."
)
LAUNCHED = N_(
    "{cluster} phát động phong trào thi đua năm {year}.\n\n"
    "Đợt I: từ ngày {first_start} đến ngày {first_end}.\n"
    "Đợt II: từ ngày {second_start} đến ngày {second_end}.\n"
    "Đăng ký thi đua: chậm nhất ngày {deadline} (lệnh /dangky).\n"
    "Ủng hộ Quỹ “Vì người nghèo”: ít nhất một ngày lương (lệnh /ungho).\n\n"
    "Gõ /giaouoc để nhận toàn văn Kế hoạch (tệp Word).\n— {author}"
)


def launched_text(
    t: Translator, *, cluster: str, year: int, phases: tuple[PhasePlan, ...], deadline: date,
    author: str,
) -> str:  # fmt: skip
    """Announce the cluster's launch plan: its phases, what is due, and how to get it."""
    first, second = (p.phase for p in phases)
    return t._(LAUNCHED).format(
        cluster=cluster, year=year, first_start=t.date(first.start), first_end=t.date(first.end),
        second_start=t.date(second.start), second_end=t.date(second.end),
        deadline=t.date(deadline), author=author,
    )  # fmt: skip
