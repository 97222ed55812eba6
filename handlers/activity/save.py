"""The report form's options and photos, and saving a new or edited report."""

from __future__ import annotations

from typing import Any

from bot.flow.context import Context
from bot.flow.refusals import refusals
from bot.flow.router import Router
from domain.activity import input as limits
from domain.commands import MEMBERS
from domain.messages import EventKind
from handlers.activity.form import (
    FLOW,
    ORDER,
    ReportDraft,
    advance,
    ask,
    ask_photos,
    field_menu,
    fields_of,
)
from handlers.activity.texts import phase_name

router = Router(name=__name__)


@router.choice("report.kind", roles=MEMBERS)
async def chose_kind(ctx: Context, payload: dict[str, Any]) -> None:
    """Take the kind from an option."""
    key = str(payload.get("kind", ""))
    if ctx.services.activities.config.kind(key) is None:
        ask(ctx, "kind")  # the catalogue changed since the option was shown
        return
    draft = ctx.state(ReportDraft)
    draft.kind = key
    ctx.save(draft)
    advance(ctx, "kind")


@router.choice("report.anniv", roles=MEMBERS)
async def chose_anniversary(ctx: Context, payload: dict[str, Any]) -> None:
    """Tie the report to the offered anniversary, or to none."""
    key = str(payload.get("key", ""))
    draft = ctx.state(ReportDraft)
    draft.anniv = key if ctx.services.activities.anniversary(key) else ""
    ctx.save(draft)
    advance(ctx, "anniv")


@router.choice("report.skip", roles=MEMBERS)
async def skip_description(ctx: Context, _payload: dict[str, Any]) -> None:
    """Go on without a description."""
    draft = ctx.state(ReportDraft)
    draft.desc = ""
    ctx.save(draft)
    advance(ctx, "desc")


@router.step(FLOW, "photos")
async def photo(ctx: Context) -> None:
    """Keep each photo's reference (Telegram file id, Zalo URL); "xong" moves on."""
    incoming = ctx.incoming
    if incoming.kind is not EventKind.PHOTO:
        if limits.is_done(incoming.text) or limits.is_skip(incoming.text):
            advance(ctx, "photos")
        else:
            ctx.say(ctx._("Vui lòng gửi ảnh, hoặc chọn “Xong” để tiếp tục."))
        return
    draft = ctx.state(ReportDraft)
    photos = draft.photos
    refs = [a.ref for a in incoming.attachments if a.kind == "photo" and a.ref]
    if len(photos) >= limits.MAX_PHOTOS:
        ctx.say(ctx._("Đã đủ 10 ảnh; ảnh này không được thêm. Chọn “Xong” để tiếp tục."))
        return
    if not refs:
        ctx.say(ctx._("Tôi không nhận được ảnh này. Vui lòng gửi lại."))
        return
    photos += [{"channel": incoming.channel.value, "ref": ref[:1000]} for ref in refs]
    draft.photos = photos[: limits.MAX_PHOTOS]
    ctx.save(draft)
    ask_photos(ctx, received=True)


@router.choice("report.photos_done", roles=MEMBERS)
async def photos_done(ctx: Context, _payload: dict[str, Any]) -> None:
    """Finish sending photos."""
    advance(ctx, "photos")


@router.choice("report.photos_clear", roles=MEMBERS)
async def photos_clear(ctx: Context, _payload: dict[str, Any]) -> None:
    """Drop the photos sent so far."""
    draft = ctx.state(ReportDraft)
    draft.photos = []
    ctx.save(draft)
    ask_photos(ctx)


@router.choice("report.more_photos", roles=MEMBERS)
async def more_photos(ctx: Context, _payload: dict[str, Any]) -> None:
    """Go back to the photos from the summary."""
    ask_photos(ctx)


@router.choice("report.edit", roles=MEMBERS)
async def edit(ctx: Context, _payload: dict[str, Any]) -> None:
    """Offer the fields to change."""
    field_menu(ctx)


@router.choice("report.field", roles=MEMBERS)
async def edit_field(ctx: Context, payload: dict[str, Any]) -> None:
    """Ask one field again; the summary comes back after it."""
    field = str(payload.get("field", ""))
    ask(ctx, field if field in ORDER else "kind")


@router.choice("report.cancel", roles=MEMBERS)
async def cancel(ctx: Context, _payload: dict[str, Any]) -> None:
    """Drop the draft or the changes."""
    ctx.finish()
    ctx.say(ctx._("Đã hủy. Không có gì được lưu."))


@router.choice("report.save", roles=MEMBERS)
async def save(ctx: Context, _payload: dict[str, Any]) -> None:
    """Store the report (everything is checked again); a refusal stores nothing."""
    service = ctx.services.activities
    draft = ctx.state(ReportDraft)
    report_id = draft.report_id
    fields = fields_of(draft)
    if fields is None:
        ctx.finish()
        ctx.say(ctx._("Báo cáo chưa đủ thông tin. Vui lòng gõ /baocao để làm lại."))
        return
    with refusals(ctx):
        if report_id:
            await service.update(ctx.person, report_id, fields)
        else:
            report_id = (await service.create(ctx.person, fields)).id
        ctx.finish()
        phase, closes = service.closes_on(fields.day)
        ctx.say(
            ctx._(
                "Đã lưu báo cáo số {id} “{title}”. Cảm ơn đồng chí!\nĐồng chí có thể sửa, xóa báo "
                "cáo này (/baocao → “Báo cáo đã gửi”) đến hết ngày {date}, khi {phase} hết hạn "
                "báo cáo."
            ).format(
                id=report_id,
                title=fields.title,
                date=ctx.t.date(closes),
                phase=phase_name(ctx, phase.number, phase.year),
            )
        )
