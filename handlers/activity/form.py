"""The report form: one step per field, the summary, and saving (new or edited report)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import Field

from bot.flow.context import Context, Option
from bot.flow.refusals import refusal_text, refusals
from bot.flow.router import Router
from domain.activity import input as limits
from domain.activity.config import match_item
from domain.activity.dates import parse_report_date
from domain.commands import MEMBERS
from domain.dialogs import FlowState
from domain.messages import EventKind
from domain.refusals import ActivityRefusal, Refused
from domain.text import N_
from handlers.activity.texts import (
    anniversary_title,
    date_refusal,
    describe,
    short_title,
    title_rule,
)
from storage.activity.queries import ReportFields

router = Router(name=__name__)

FLOW = "report"
ORDER = ("kind", "title", "day", "anniv", "people", "desc", "photos")


class ReportDraft(FlowState):
    """A report being written (or a sent one being changed), field by field."""

    report_id: int | None = None  # the report being changed; None for a new one
    kind: str = ""
    title: str = ""
    day: date | None = None
    anniv: str = ""  # the anniversary it celebrates; "" for none
    people: int = 0
    desc: str = ""
    # As the report stores them: {"channel", "ref"} (a Telegram file id, a Zalo URL).
    photos: list[dict[str, Any]] = Field(default_factory=list)
    reviewed: bool = False  # the summary was shown: a changed field goes back to it


router.flow(FLOW, ReportDraft)


def kind_options(ctx: Context) -> list[Option]:
    """Offer every activity kind of the catalogue."""
    kinds = ctx.services.activities.config.kinds
    return [Option(k.label(ctx.t.locale), "report.kind", {"kind": k.key}) for k in kinds]


def ask(ctx: Context, step: str) -> None:
    """Move to `step` and ask its question."""
    draft = ctx.state(ReportDraft)
    ctx.goto(step)
    if step == "kind":
        ctx.say(ctx._("Chọn loại hoạt động:"), kind_options(ctx))
    elif step == "title":
        ctx.say(ctx._("Tên hoạt động (tối đa 200 ký tự), ví dụ: Tọa đàm chuyển đổi số"))
    elif step == "day":
        ctx.say(
            ctx._("Hoạt động diễn ra ngày nào? Ví dụ: hôm nay, hôm qua, 19/5 hoặc 19/5/2026."),
            [
                Option(ctx._("Hôm nay"), "report.day", {"text": "hôm nay"}),
                Option(ctx._("Hôm qua"), "report.day", {"text": "hôm qua"}),
            ],
        )
    elif step == "anniv":
        day = draft.day
        if day is None:  # the anniversary depends on the date: asked after it
            ask(ctx, "day")
            return
        near = ctx.services.activities.anniversary_near(day)
        if near is None:
            draft.anniv = ""
            ctx.save(draft)
            advance(ctx, "anniv")
            return
        ctx.say(
            ctx._("Hoạt động này có chào mừng {title} không?").format(
                title=anniversary_title(ctx, near, day, full=True, in_sentence=True)
            ),
            [
                Option(ctx._("Có, chào mừng"), "report.anniv", {"key": near.key}),
                Option(ctx._("Không gắn"), "report.anniv", {"key": ""}),
            ],
        )  # fmt: skip
    elif step == "people":
        ctx.say(ctx._("Có bao nhiêu người tham gia? Gõ một số, ví dụ: 45"))
    elif step == "desc":
        ctx.say(
            ctx._("Mô tả ngắn hoạt động (tối đa {limit} ký tự), hoặc chọn “Bỏ qua”.").format(
                limit=ctx.t.number(limits.MAX_DESCRIPTION)
            ),
            [Option(ctx._("Bỏ qua"), "report.skip")],
        )
    else:
        ask_photos(ctx)


def ask_photos(ctx: Context, received: bool = False) -> None:
    """Ask for photos, or acknowledge one, offering to finish (and to drop those sent)."""
    ctx.goto("photos")
    count = len(ctx.state(ReportDraft).photos)
    if received:
        text = ctx._("Đã nhận {count}/{limit} ảnh. Gửi thêm ảnh, hoặc chọn “Xong”.")
    else:
        text = ctx._(
            "Gửi ảnh của hoạt động (tối đa {limit} ảnh), rồi chọn “Xong”. "
            "Không có ảnh thì chọn “Xong” luôn."
        )
    options = [Option(ctx._("Xong"), "report.photos_done")]
    if count:
        options.append(Option(ctx._("Xóa các ảnh đã gửi"), "report.photos_clear"))
    ctx.say(text.format(count=count, limit=limits.MAX_PHOTOS), options)


def advance(ctx: Context, after: str) -> None:
    """Ask the next question, or go back to the summary once it was shown."""
    # A new date re-asks the anniversary: the one it may celebrate has changed.
    if after != "photos" and (after == "day" or not ctx.state(ReportDraft).reviewed):
        ask(ctx, ORDER[ORDER.index(after) + 1])
        return
    summary(ctx)


def fields_of(draft: ReportDraft) -> ReportFields | None:
    """Build the report's fields from the draft; None while it has no date."""
    if draft.day is None:
        return None
    return ReportFields(
        kind=draft.kind,
        title=draft.title,
        day=draft.day,
        participants=draft.people,
        description=draft.desc,
        anniversary_key=draft.anniv or None,
        photos=list(draft.photos),
    )


def summary(ctx: Context) -> None:
    """Show everything entered, with Save, Add photos, Edit and Cancel."""
    draft = ctx.state(ReportDraft)
    draft.reviewed = True
    ctx.goto("summary", draft)
    fields = fields_of(draft)
    if fields is None:  # the date is asked before any summary: so this is not reached
        ask(ctx, "day")
        return
    head = ctx._("Kiểm tra lại báo cáo:")
    if draft.report_id:
        head = ctx._("Kiểm tra lại báo cáo số {id}:").format(id=draft.report_id)
    options = [Option(ctx._("Lưu"), "report.save")]
    if len(fields.photos) < limits.MAX_PHOTOS:
        options.append(Option(ctx._("Thêm ảnh"), "report.more_photos"))
    options += [Option(ctx._("Sửa"), "report.edit"), Option(ctx._("Hủy"), "report.cancel")]
    ctx.say("\n".join([head, *describe(ctx, fields)]), options)


FIELD_LABELS = (
    ("kind", N_("Loại")), ("title", N_("Tên")), ("day", N_("Ngày")),
    ("anniv", N_("Ngày kỷ niệm")), ("people", N_("Số người")), ("desc", N_("Mô tả")),
    ("photos", N_("Ảnh")),
)  # fmt: skip


def field_menu(ctx: Context) -> None:
    """Offer the fields to change."""
    ctx.goto("fields")
    ctx.say(
        ctx._("Sửa mục nào?"),
        [Option(ctx._(label), "report.field", {"field": key}) for key, label in FIELD_LABELS],
    )


def not_text(ctx: Context, step: str) -> bool:
    """Ask the step again when a photo or sticker came instead of text (photos come later)."""
    if ctx.incoming.kind is EventKind.TEXT:
        return False
    ctx.say(ctx._("Bước này cần tin nhắn chữ."))
    ask(ctx, step)
    return True


@router.step(FLOW, "kind")
async def typed_kind(ctx: Context) -> None:
    """Take a kind typed in words ("văn nghệ", "chuyển đổi số")."""
    if not_text(ctx, "kind"):
        return
    if ctx.person is None or ctx.person.unit_id is None:  # an admin's menu offers no kinds
        ctx.finish()
        ctx.say(refusal_text(ctx, Refused(ActivityRefusal.NO_UNIT)))
        return
    kind = match_item(ctx.services.activities.config.kinds, ctx.incoming.text)
    if kind is None:
        ctx.say(
            ctx._("Tôi chưa nhận ra loại hoạt động “{text}”. Vui lòng chọn một loại:").format(
                text=short_title(ctx.incoming.text, 40)
            ),
            kind_options(ctx),
        )
        return
    draft = ctx.state(ReportDraft)
    draft.kind = kind.key
    ctx.save(draft)
    advance(ctx, "kind")


@router.step(FLOW, "title")
async def typed_title(ctx: Context) -> None:
    """Take the title."""
    if not_text(ctx, "title"):
        return
    title = limits.clean(ctx.incoming.text)
    if not limits.title_fits(title):
        ctx.say(title_rule(ctx))
        return
    draft = ctx.state(ReportDraft)
    draft.title = title
    ctx.save(draft)
    advance(ctx, "title")


@router.step(FLOW, "day")
async def typed_day(ctx: Context) -> None:
    """Take the date: refuse the unreadable, the future and a closed phase."""
    if not_text(ctx, "day"):
        return
    await take_day(ctx, ctx.incoming.text)


async def take_day(ctx: Context, text: str) -> None:
    """Check a typed date and move on, or say why it is refused (nothing changes)."""
    parsed = parse_report_date(text, ctx.today)
    if parsed.day is None:
        ctx.say(date_refusal(ctx, parsed, text))
        return
    with refusals(ctx, finish=False):
        ctx.services.activities.check_day(parsed.day)
        draft = ctx.state(ReportDraft)
        draft.day = parsed.day
        ctx.save(draft)
        advance(ctx, "day")


@router.choice("report.day", roles=MEMBERS)
async def chose_day(ctx: Context, payload: dict[str, Any]) -> None:
    """Take "today" or "yesterday" from a button."""
    await take_day(ctx, str(payload.get("text", "")))


@router.step(FLOW, "people")
async def typed_people(ctx: Context) -> None:
    """Take the number of participants."""
    if not_text(ctx, "people"):
        return
    count = limits.parse_participants(ctx.incoming.text)
    if count is None:
        ctx.say(ctx._("Số người tham gia phải là số nguyên từ 1 đến 100.000, ví dụ: 45."))
        return
    draft = ctx.state(ReportDraft)
    draft.people = count
    ctx.save(draft)
    advance(ctx, "people")


@router.step(FLOW, "desc")
async def typed_description(ctx: Context) -> None:
    """Take the description, or a typed "bỏ qua"."""
    if not_text(ctx, "desc"):
        return
    text = "" if limits.is_skip(ctx.incoming.text) else ctx.incoming.text.strip()
    if len(text) > limits.MAX_DESCRIPTION:
        ctx.say(
            ctx._("Mô tả dài {length} ký tự; tối đa {limit} ký tự. Vui lòng rút gọn.").format(
                length=ctx.t.number(len(text)), limit=ctx.t.number(limits.MAX_DESCRIPTION)
            )
        )
        return
    draft = ctx.state(ReportDraft)
    draft.desc = text
    ctx.save(draft)
    advance(ctx, "desc")
