"""What the turn of the year tells people: whole sentences, worded in each reader's language."""

from __future__ import annotations

from datetime import date

from bot.i18n import Translator
from bot.services.year.plan import ClusterPlan, Seat
from domain.roles import role_name
from domain.text import N_

SEATED = N_(
    "Năm {year}, đồng chí đảm nhiệm vai trò {role} ({cluster}, đơn vị {unit}). Gõ /trogiup để "
    "xem các lệnh dành cho đồng chí."
)
LEAVING = N_(
    "Năm {closed} đã khép lại: cảm ơn đồng chí đã cùng điều hành {cluster}. Năm {opened}, đồng "
    "chí {head} ({unit}) là Trưởng cụm, khối; đồng chí trở về vai trò {role} của đơn vị."
)
NEW_YEAR = N_(
    "Năm {closed} đã khép lại; chào mừng năm thi đua {opened}! Kết quả năm {closed} vẫn được lưu "
    "để tra cứu. Ủng hộ và báo cáo của năm {closed} được nhận đến hết ngày {last_day}. Đơn vị "
    "đăng ký thi đua năm {opened} trước ngày {deadline} (lệnh /dangky)."
)
NEW_HEAD = N_("Năm {opened}, đồng chí {head} ({unit}) là Trưởng {cluster}.")


def seat_text(t: Translator, plan: ClusterPlan, seat: Seat, closed: int) -> str:
    """Tell one person of their role in the new year."""
    if seat in plan.leaving:
        return t._(LEAVING).format(
            closed=closed, opened=closed + 1, cluster=plan.name, head=plan.head.name,
            unit=plan.head.unit, role=role_name(t, seat.role),
        )  # fmt: skip
    return t._(SEATED).format(
        year=closed + 1, role=role_name(t, seat.role), cluster=plan.name, unit=seat.unit
    )


def new_year_text(
    t: Translator, closed: int, last_day: date, deadline: date, plan: ClusterPlan | None = None
) -> str:
    """Greet a member in the new year; with the plan of their unit's cluster, name its head."""
    text = t._(NEW_YEAR).format(
        closed=closed, opened=closed + 1, last_day=t.date(last_day), deadline=t.date(deadline)
    )
    if plan is None:
        return text
    head = t._(NEW_HEAD).format(
        opened=closed + 1, head=plan.head.name, unit=plan.head.unit, cluster=plan.name
    )
    return f"{text}\n{head}"
