"""/vangmat: a unit's reporter or head marks one of its people away for a while, or back early.

Whom (the unit's people as options, or part of a name typed), why (the reasons as options),
from and to (dates typed), then a summary to confirm; /huy leaves at any step. The service
checks everything again when the absence is recorded.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.flow.context import Context, Option
from bot.flow.payload import number as payload_number
from bot.flow.payload import text as payload_text
from bot.flow.refusals import refusals
from bot.flow.router import Router
from domain.commands import UNIT_HEADS
from domain.dialogs import FlowState
from domain.membership.absence import AbsenceReason, Span, read_end, read_start, reason_name
from domain.refusals import AbsenceRefusal
from handlers.membership.absence_texts import absence_line, dates_hint, reason_text
from storage.membership.absences import MEMBERS_SHOWN

router = Router(name=__name__)
FLOW = "away"
ENDABLE = 10  # absences offered to end early at once; the unit's list shows them all


class AwayDraft(FlowState):
    """The absence being written: whom, why and when; or the one to end early."""

    member: int = 0
    name: str = ""
    reason: str = ""
    start: date | None = None
    end: date | None = None
    absence: int = 0  # the absence to end early


router.flow(FLOW, AwayDraft)


@router.command("away")
async def away(ctx: Context) -> None:
    """Show the unit's absences not yet over, then offer to record one or end one early."""
    service = ctx.services.absences
    if service.home_unit(ctx.person) is None:
        ctx.say(ctx._("Đồng chí chưa thuộc đơn vị nào nên chưa ghi nhận vắng được."))
        return
    ctx.begin(FLOW, "menu")
    current = await service.unit_absences(ctx.person)
    if not current:
        await _ask_whom(ctx)
        return
    lines = [ctx._("Cán bộ vắng của đơn vị (hiện tại và sắp tới):")]
    lines += [absence_line(ctx, absence) for absence in current]
    options = [Option(ctx._("Ghi nhận người vắng"), "away.new")]
    options += [
        Option(ctx._("Kết thúc sớm: {name}").format(name=absence.full_name), "away.end",
               {"absence": absence.id})
        for absence in current[:ENDABLE]
    ]  # fmt: skip
    ctx.say("\n".join(lines), options)


@router.choice("away.new", roles=UNIT_HEADS)
async def new(ctx: Context, _payload: dict[str, Any]) -> None:
    """Start recording an absence."""
    ctx.begin(FLOW, "who")
    await _ask_whom(ctx)


async def _ask_whom(ctx: Context, words: str = "") -> None:
    """Offer the unit's people (those whose name holds `words`), or ask for part of a name."""
    ctx.goto("who")
    with refusals(ctx) as caught:
        found = await ctx.services.absences.colleagues(ctx.person, words)
    if caught.refused is not None:
        return
    if words and not found:
        ctx.say(
            ctx._(
                "Không tìm thấy ai trong đơn vị có tên chứa “{words}”. Vui lòng gõ lại, hoặc gõ "
                "/huy để hủy."
            ).format(words=words[:40])
        )
        return
    if len(found) > MEMBERS_SHOWN and not words:
        ctx.say(
            ctx._("Đơn vị có nhiều người: vui lòng gõ một phần họ tên người vắng (ví dụ: Hoa).")
        )
        return
    if len(found) > MEMBERS_SHOWN:
        ctx.say(
            ctx._("Có nhiều người tên chứa “{words}”: vui lòng gõ đầy đủ hơn.").format(
                words=words[:40]
            )
        )
        return
    ctx.say(
        ctx._("Ghi nhận vắng cho ai? Chọn trong danh sách, hoặc gõ một phần họ tên."),
        [Option(person.full_name, "away.member", {"member": person.member_id})
         for person in found],
    )  # fmt: skip


@router.step(FLOW, "who")
async def typed_name(ctx: Context) -> None:
    """Look the typed part of a name up among the unit's people."""
    await _ask_whom(ctx, " ".join(ctx.incoming.text.split()))


@router.choice("away.member", roles=UNIT_HEADS)
async def chose_member(ctx: Context, payload: dict[str, Any]) -> None:
    """Ask why the chosen person is away."""
    with refusals(ctx) as caught:
        member = await ctx.services.absences.member(ctx.person, payload_number(payload, "member"))
    if caught.refused is not None:
        return
    if ctx.dialog.flow != FLOW:  # an option pressed after /huy: begin again from it
        ctx.begin(FLOW, "who")
    ctx.goto("reason", AwayDraft(member=member.member_id, name=member.full_name))
    ctx.say(
        ctx._("Lý do vắng của {name}?").format(name=member.full_name),
        [Option(reason_name(ctx.t, reason), "away.reason", {"reason": reason.value})
         for reason in AbsenceReason],
    )  # fmt: skip


@router.choice("away.reason", roles=UNIT_HEADS)
async def chose_reason(ctx: Context, payload: dict[str, Any]) -> None:
    """Ask the first day away."""
    draft = ctx.state(AwayDraft)
    reason = payload_text(payload, "reason")
    if not draft.member or reason not in set(AbsenceReason):
        ctx.finish()
        ctx.say(ctx._("Lựa chọn này đã cũ. Vui lòng gõ lại lệnh để bắt đầu lại."))
        return
    ctx.goto("start", draft.model_copy(update={"reason": reason}))
    ctx.say(ctx._("Vắng từ ngày nào?") + " " + dates_hint(ctx))


@router.step(FLOW, "start")
async def typed_start(ctx: Context) -> None:
    """Read the first day away."""
    typed = ctx.incoming.text.strip()
    start = read_start(typed, ctx.today)
    if start is None:
        ctx.say(_unreadable(ctx, typed))
        return
    ctx.goto("end", ctx.state(AwayDraft).model_copy(update={"start": start}))
    ctx.say(ctx._("Vắng đến hết ngày nào?") + " " + dates_hint(ctx))


@router.step(FLOW, "end")
async def typed_end(ctx: Context) -> None:
    """Read the last day away, check the whole absence and show it to confirm."""
    draft = ctx.state(AwayDraft)
    typed = ctx.incoming.text.strip()
    end = read_end(typed, draft.start, ctx.today) if draft.start is not None else None
    if draft.start is None or end is None:
        ctx.say(_unreadable(ctx, typed))
        return
    with refusals(ctx, finish=False) as caught:
        checked = await ctx.services.absences.check(
            ctx.person, draft.member, draft.reason, Span(draft.start, end)
        )
    if caught.refused is not None:
        if caught.reason is not AbsenceRefusal.BAD_DATES:
            ctx.finish()
        elif caught.refused.detail in ("too_old", "too_far"):
            ctx.goto("start")  # the first day is the one to type again
        return
    ctx.goto("confirm", draft.model_copy(update={"end": end}))
    days = (end - draft.start).days + 1
    lines = [
        ctx._("Ghi nhận vắng:"),
        ctx._("Họ và tên: {name}").format(name=checked.member.full_name),
        ctx._("Lý do: {reason}").format(reason=reason_name(ctx.t, checked.reason)),
        ctx.t.ngettext("Thời gian: từ {start} đến {end} ({days} ngày)",
                       "Thời gian: từ {start} đến {end} ({days} ngày)", days).format(
            start=ctx.t.date(draft.start), end=ctx.t.date(end), days=days),
        "",
        ctx._("Trong thời gian vắng, trợ lý không nhắc việc người này; các bảng tổng hợp tính "
              "riêng là “vắng”, không tính là chưa tham gia. Người này sẽ được thông báo."),
    ]  # fmt: skip
    ctx.say("\n".join(lines), [Option(ctx._("Xác nhận"), "away.save"),
                               Option(ctx._("Hủy"), "away.cancel")])  # fmt: skip


def _unreadable(ctx: Context, typed: str) -> str:
    return (
        ctx._("Không đọc được ngày “{text}”.").format(text=typed[:20])
        + " "
        + dates_hint(ctx)
        + " "
        + ctx._("Hoặc gõ /huy để hủy.")
    )


@router.choice("away.save", roles=UNIT_HEADS)
async def save(ctx: Context, _payload: dict[str, Any]) -> None:
    """Record the absence; the service checks it all again."""
    draft = ctx.state(AwayDraft)
    ctx.finish()
    if draft.start is None or draft.end is None:
        ctx.say(ctx._("Lựa chọn này đã cũ. Vui lòng gõ lại lệnh để bắt đầu lại."))
        return
    with refusals(ctx) as caught:
        done = await ctx.services.absences.mark_away(
            ctx.person, draft.member, draft.reason, Span(draft.start, draft.end)
        )
    if caught.refused is not None:
        return
    ctx.say(
        ctx._(
            "Đã ghi nhận {name} vắng ({reason}) từ ngày {start} đến ngày {end}. Người này đã "
            "được thông báo."
        ).format(
            name=done.member.full_name, reason=reason_name(ctx.t, done.reason),
            start=ctx.t.date(done.span.start), end=ctx.t.date(done.span.end),
        )
    )  # fmt: skip


@router.choice("away.end", roles=UNIT_HEADS)
async def end_early(ctx: Context, payload: dict[str, Any]) -> None:
    """Ask to confirm that the person is back from today."""
    absence_id = payload_number(payload, "absence")
    with refusals(ctx) as caught:
        found = await ctx.services.absences.absence(ctx.person, absence_id)
    if caught.refused is not None:
        return
    ctx.begin(FLOW, "back", AwayDraft(absence=absence_id))
    ctx.say(
        ctx._(
            "Kết thúc sớm lịch vắng của {name} ({reason}, từ {start} đến {end})? Từ hôm nay "
            "({today}), trợ lý nhắc việc người này như bình thường."
        ).format(
            name=found.full_name, reason=reason_text(ctx, found.reason),
            start=ctx.t.date(found.start), end=ctx.t.date(found.end), today=ctx.t.date(ctx.today),
        ),
        [Option(ctx._("Xác nhận kết thúc"), "away.back"), Option(ctx._("Hủy"), "away.cancel")],
    )  # fmt: skip


@router.choice("away.back", roles=UNIT_HEADS)
async def back(ctx: Context, _payload: dict[str, Any]) -> None:
    """End the absence now; the service checks it again."""
    absence_id = ctx.state(AwayDraft).absence
    ctx.finish()
    with refusals(ctx) as caught:
        found = await ctx.services.absences.end_early(ctx.person, absence_id)
    if caught.refused is not None:
        return
    ctx.say(
        ctx._(
            "Đã kết thúc lịch vắng của {name} từ ngày {today}. Người này đã được thông báo."
        ).format(name=found.full_name, today=ctx.t.date(ctx.today))
    )


@router.choice("away.cancel", roles=UNIT_HEADS)
async def cancel(ctx: Context, _payload: dict[str, Any]) -> None:
    """Record nothing."""
    ctx.finish()
    ctx.say(ctx._("Đã hủy, chưa ghi nhận gì."))
