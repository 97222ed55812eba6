"""People: find a person by name, unit or channel; their page; their data exported.

A leader finds and opens the people of their cluster only (another cluster's person: 403);
the admin everyone. What the page shows comes from `bot.services.office.people`.
"""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web
from aiohttp_session import get_session

from bot.console.downloads import json_file
from bot.console.visit import Visit, signed_in
from bot.console.words import PLEDGE, word
from bot.i18n import Translator
from bot.services.office.people import CHANNELS, SHOWN, PersonCard
from domain.membership.absence import REASON_NAMES, AbsenceReason
from domain.office.people import ASSIGNABLE, CONFIRM_WORD, MAX_REASON, masked
from domain.refusals import AbsenceRefusal, OfficeRefusal, PeopleRefusal, Refused
from domain.roles import ROLE_NAMES
from domain.text import N_
from storage.people.search import NO_CHANNEL

routes = web.RouteTableDef()
FLASH = "people_flash"
MAX_WORDS = 100
CHANNEL_NAMES = {"telegram": "Telegram", "zalo": "Zalo"}
# Why a change was refused, in the page's words: a refusal's reason (its own table per kind:
# their values overlap), or an absence's dates.
PROBLEMS: dict[str, str] = {
    PeopleRefusal.NOT_FOUND: N_("Không tìm thấy cán bộ này."),
    PeopleRefusal.NO_UNIT: N_("Đơn vị đã chọn không tồn tại, hoặc cán bộ chưa thuộc đơn vị "
                              "nào. Không có thay đổi nào được thực hiện."),
    PeopleRefusal.NO_ROLE: N_("Vai trò đã chọn không hợp lệ. Không có thay đổi nào được thực "
                              "hiện."),
    PeopleRefusal.SAME: N_("Cán bộ đã ở đơn vị hoặc vai trò này. Không có thay đổi nào được "
                           "thực hiện."),
    PeopleRefusal.NO_REASON: N_("Vui lòng ghi lý do (ít nhất 3 ký tự). Không có thay đổi nào "
                                "được thực hiện."),
    PeopleRefusal.TOO_LONG: N_("Lý do dài quá 500 ký tự. Vui lòng ghi ngắn gọn hơn. Không có "
                               "thay đổi nào được thực hiện."),
    PeopleRefusal.OWN: N_("Đồng chí không thể tự thay đổi tài khoản của chính mình; vui lòng "
                          "nhờ một quản trị viên khác."),
    PeopleRefusal.ADMIN: N_("Tài khoản quản trị chỉ được thay đổi qua tệp tổ chức."),
    PeopleRefusal.INACTIVE: N_("Cán bộ này đã ngừng hoạt động; không thể thay đổi thêm."),
    PeopleRefusal.ERASED: N_("Dữ liệu cá nhân của cán bộ này đã được xoá trước đây."),
    PeopleRefusal.CONFIRM: N_("Chưa xoá: vui lòng gõ đúng chữ XOÁ vào ô xác nhận."),
}  # fmt: skip
ABSENCE: dict[str, str] = {
    AbsenceRefusal.NOT_FOUND: N_("Không còn thấy lịch vắng này, hoặc lý do vắng không hợp lệ "
                                 "(có thể đã thay đổi). Vui lòng xem lại."),
    AbsenceRefusal.NOT_ALLOWED: N_("Đồng chí không ghi nhận vắng được cho cán bộ này."),
    AbsenceRefusal.OVERLAP: N_("Cán bộ đã có lịch vắng trùng với khoảng thời gian này (từ ngày "
                               "{date}). Vui lòng kết thúc lịch cũ trước, rồi ghi nhận lại."),
}  # fmt: skip
DATES: dict[str, str] = {
    "bad_date": N_("Ngày nhập không hợp lệ (dạng ngày/tháng/năm). Không có thay đổi nào được "
                   "thực hiện."),
    "end_before_start": N_("Ngày kết thúc phải từ ngày bắt đầu trở đi. Không có thay đổi nào "
                           "được thực hiện."),
    "too_long": N_("Mỗi lần ghi nhận vắng tối đa một năm. Vui lòng chọn lại ngày kết thúc."),
    "past": N_("Khoảng thời gian này đã qua, ghi nhận không còn tác dụng. Vui lòng chọn ngày "
               "kết thúc từ hôm nay trở đi."),
    "too_old": N_("Ngày bắt đầu đã quá 60 ngày trước. Vui lòng chọn ngày bắt đầu gần đây hơn."),
    "too_far": N_("Ngày bắt đầu quá xa (hơn một năm nữa). Vui lòng chọn lại ngày bắt đầu."),
}  # fmt: skip


def problem_text(t: Translator, refused: Refused) -> str:
    """Return why a change was refused, in `t`'s words."""
    reason, fallback = refused.reason, ABSENCE[AbsenceRefusal.NOT_ALLOWED]
    if reason is AbsenceRefusal.BAD_DATES:
        found = DATES.get(refused.detail, fallback)
    elif isinstance(reason, AbsenceRefusal):
        found = ABSENCE.get(reason, fallback)
    else:
        found = PROBLEMS.get(reason, fallback)
    text = t._(found)
    return text.format(date=t.date(refused.day)) if refused.day is not None else text


def member_id(visit: Visit) -> int:
    """Return the id in the address (the route allows digits only)."""
    return int(visit.request.match_info["member"])


def _words(t: Translator) -> dict[str, Any]:
    """Return the page's helpers: roles, reasons and channels in words."""
    roles = {role.value: t._(name) for role, name in ROLE_NAMES.items()}
    reasons = {reason.value: t._(name) for reason, name in REASON_NAMES.items()}
    return {
        "role_name": lambda code: roles.get(code, code),
        "away_name": lambda code: reasons.get(code, code),
        "channel_name": lambda code: CHANNEL_NAMES.get(code, code),
        "masked": masked,
        "pledge_status": lambda code: word(t, PLEDGE, code),
    }


async def _found(visit: Visit, status: int = 200, problem: str = "") -> web.Response:
    words = visit.request.query.get("q", "")[:MAX_WORDS]
    channel = visit.request.query.get("channel", "")[:10]
    found = await visit.office.people.search(visit.person, words, channel)
    return visit.render(
        "people.html", status=status, words=words, channel=channel, found=found, shown=SHOWN,
        channels=CHANNELS, none=NO_CHANNEL, problem=problem, **_words(visit.t),
    )  # fmt: skip


@routes.get("/can-bo")
@signed_in()
async def find(visit: Visit) -> web.Response:
    """The search form (a GET: no JavaScript) and the people found, at most SHOWN."""
    return await _found(visit)


async def page(visit: Visit, status: int = 200, **context: Any) -> web.Response:
    """Render the person's page (with a refusal's words, or the last change's flash)."""
    office = visit.office
    try:
        card: PersonCard = await office.people.card(visit.person, member_id(visit))
    except Refused as refused:
        if refused.reason is not PeopleRefusal.NOT_FOUND:
            raise
        return await _found(visit, 404, problem_text(visit.t, refused))
    flash = (await get_session(visit.request)).pop(FLASH, None)
    return visit.render(
        "person.html", status=status, card=card, flash=flash, today=visit.now.astimezone(
            visit.setup.province.tz).date(), units=await office.people.units(visit.person),
        roles=ASSIGNABLE, reasons=list(AbsenceReason), confirm_word=CONFIRM_WORD,
        max_reason=MAX_REASON, **_words(visit.t), **context,
    )  # fmt: skip


@routes.get(r"/can-bo/{member:\d{1,9}}")
@signed_in()
async def person(visit: Visit) -> web.Response:
    """A person's unit, role, channels, pledges, reports and absences, with the forms."""
    return await page(visit)


@routes.post(r"/can-bo/{member:\d{1,9}}/xuat")
@signed_in(form="fields")
async def export(visit: Visit) -> web.Response:
    """Everything stored about the person, as JSON (Decree 13/2023), on the trail."""
    try:
        data = await visit.office.people.export(
            visit.person, member_id(visit), visit.fields.get("reason", "")[: MAX_REASON * 2]
        )
    except Refused as refused:
        if refused.reason is OfficeRefusal.NOT_ALLOWED:
            raise
        return await page(visit, 422, problem=problem_text(visit.t, refused))
    body = json.dumps(data, ensure_ascii=False, indent=2).encode()
    return json_file(f"du-lieu-ca-nhan-{member_id(visit)}.json", body)
