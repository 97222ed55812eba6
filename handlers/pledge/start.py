"""/ungho: pledge to the "Vì người nghèo" fund, in one line or step by step."""

from __future__ import annotations

from typing import Any

from bot.flow.context import Context, Option
from bot.flow.refusals import refusals
from bot.flow.router import Router
from domain.commands import MEMBERS
from domain.people import Person
from handlers.pledge.dialogs import PledgeDraft
from handlers.pledge.pay import pay_options
from handlers.pledge.review import reviewer_options
from handlers.pledge.status import salary_options, show_pledge
from handlers.pledge.texts import progress_lines, read_amount

router = Router(name=__name__)
FLOW = "pledge"
router.flow(FLOW, PledgeDraft)


def _person(ctx: Context) -> Person:
    assert ctx.person is not None  # the core lets only members reach these handlers
    return ctx.person


@router.command("pledge")
async def pledge(ctx: Context) -> None:
    """Show this year's pledge, or take a new one (with the amount on the same line or next)."""
    person, service = _person(ctx), ctx.services.pledges
    own = await service.mine(person)
    extra = await pay_options(ctx, own) + await salary_options(ctx) + await reviewer_options(ctx)
    if own is not None:
        await show_pledge(ctx, own, extra)
        return
    ctx.begin(FLOW, "menu")  # without a unit or an open campaign, the menu holds the extras
    with refusals(ctx, finish=False, options=extra) as caught:
        service.check_open(person)
    if caught.refused is not None:
        return
    ctx.begin(FLOW, "amount")
    if ctx.incoming.args.strip():
        await _take_amount(ctx, ctx.incoming.args)
        return
    ctx.say(
        ctx._(
            "“{campaign}”: đồng chí ủng hộ bao nhiêu? Ví dụ: 500k, 1 triệu, 1tr5 hoặc “một ngày "
            "lương”. Kế hoạch vận động mỗi người ủng hộ ít nhất một ngày lương."
        ).format(campaign=service.campaign().name),
        extra,
    )


@router.step(FLOW, "amount")
async def amount_step(ctx: Context) -> None:
    """Read the amount typed."""
    await _take_amount(ctx, ctx.incoming.text)


async def _take_amount(ctx: Context, text: str) -> None:
    parsed, refusal = read_amount(ctx, text)
    if refusal:
        ctx.say(refusal + " " + ctx._("Vui lòng nhập lại, hoặc gõ /huy để hủy."))
        return
    if parsed.day_salary:
        salary = await ctx.services.pledges.salary(_person(ctx))
        if salary is not None:
            await _offer(ctx, ctx.services.pledges.day_salary(salary))
            return
        ctx.goto("salary")
        ctx.say(
            ctx._(
                "Lương tháng của đồng chí là bao nhiêu? Tôi chỉ dùng số này để tính một ngày "
                "lương (ví dụ: 8 triệu)."
            )
        )
        return
    assert parsed.amount is not None
    await _offer(ctx, parsed.amount)


@router.step(FLOW, "salary")
async def salary_step(ctx: Context) -> None:
    """Turn the monthly salary into one day's salary, then ask whether to remember it."""
    parsed, refusal = read_amount(ctx, ctx.incoming.text)
    if refusal or parsed.amount is None:
        ctx.say(
            (refusal or ctx._("Vui lòng nhập lương tháng bằng số tiền, ví dụ 8 triệu."))
            + " "
            + ctx._("Vui lòng nhập lại, hoặc gõ /huy để hủy.")
        )
        return
    service = ctx.services.pledges
    day = service.day_salary(parsed.amount)
    draft = ctx.state(PledgeDraft)
    draft.salary, draft.day = parsed.amount, day
    ctx.goto("remember", draft)
    ctx.say(
        ctx._(
            "Một ngày lương của đồng chí là {day} (lương tháng {salary} chia {days} ngày làm "
            "việc, làm tròn lên nghìn đồng).\nTôi có nên nhớ lương tháng của đồng chí cho lần sau "
            "không? Đồng chí có thể xóa bất cứ lúc nào."
        ).format(
            day=ctx.t.vnd(day),
            salary=ctx.t.vnd(parsed.amount),
            days=service.campaign().working_days,
        ),
        [
            Option(ctx._("Có, nhớ giúp tôi"), "pledge.remember", {"keep": True}),
            Option(ctx._("Không lưu"), "pledge.remember", {"keep": False}),
        ],
    )


@router.choice("pledge.remember", roles=MEMBERS)
async def remember(ctx: Context, payload: dict[str, Any]) -> None:
    """Keep the salary only if the person agreed, then confirm one day's salary."""
    draft = ctx.state(PledgeDraft)
    if payload.get("keep") is True and draft.salary:
        await ctx.services.pledges.remember_salary(_person(ctx), draft.salary)
    await _offer(ctx, draft.day)


async def _offer(ctx: Context, amount: int, checked: bool = False) -> None:
    """Ask to confirm the amount; a very large one is questioned first."""
    service, draft = ctx.services.pledges, ctx.state(PledgeDraft)
    draft.amount = amount
    if amount > service.campaign().confirm_above and not checked:
        ctx.goto("big", draft)
        ctx.say(
            ctx._("Số tiền rất lớn: {amount}. Đồng chí chắc chứ?").format(
                amount=ctx.t.vnd(amount)
            ),
            [
                Option(ctx._("Đúng, số tiền này"), "pledge.big"),
                Option(ctx._("Sửa số tiền"), "pledge.retype"),
            ],
        )
        return
    ctx.goto("confirm", draft)
    question = (
        ctx._("Sửa khoản ủng hộ thành {amount}?")
        if draft.edit
        else ctx._("Đồng chí đăng ký ủng hộ {amount} cho “{campaign}”?")
    )
    lines = [question.format(amount=ctx.t.vnd(amount), campaign=service.campaign().name)]
    salary = draft.salary or await service.salary(_person(ctx))
    if salary and amount < service.day_salary(salary):
        lines.append(
            ctx._(
                "Kế hoạch vận động mỗi người ủng hộ ít nhất một ngày lương (với đồng chí là "
                "{day}). Số tiền này vẫn được ghi nhận; xin cảm ơn tấm lòng của đồng chí."
            ).format(day=ctx.t.vnd(service.day_salary(salary)))
        )
    ctx.say(
        "\n".join(lines),
        [
            Option(ctx._("Xác nhận"), "pledge.confirm"),
            Option(ctx._("Sửa số tiền"), "pledge.retype"),
            Option(ctx._("Hủy"), "pledge.abort"),
        ],
    )


@router.choice("pledge.big", roles=MEMBERS)
async def big_ok(ctx: Context, _payload: dict[str, Any]) -> None:
    """The large amount is meant: go on to the confirmation."""
    await _offer(ctx, ctx.state(PledgeDraft).amount, checked=True)


@router.choice("pledge.retype", roles=MEMBERS)
async def retype(ctx: Context, _payload: dict[str, Any]) -> None:
    """Ask for the amount again."""
    ctx.goto("amount")
    ctx.say(ctx._("Nhập lại số tiền đồng chí ủng hộ (ví dụ: 500k, 1 triệu):"))


@router.choice("pledge.abort", roles=MEMBERS)
async def abort(ctx: Context, _payload: dict[str, Any]) -> None:
    """Leave without saving."""
    ctx.finish()
    ctx.say(ctx._("Đã hủy thao tác đang làm. Không có gì được lưu."))


@router.choice("pledge.confirm", roles=MEMBERS)
async def confirm(ctx: Context, _payload: dict[str, Any]) -> None:
    """Save the pledge (or the new amount) and show the unit's and cluster's progress."""
    person, service = _person(ctx), ctx.services.pledges
    draft = ctx.state(PledgeDraft)
    amount, edit = draft.amount, draft.edit
    ctx.finish()
    with refusals(ctx):
        if edit:
            await service.edit(person, edit, amount)
            done = ctx._("Đã sửa khoản ủng hộ thành {amount}.")
            written = edit
        else:
            written = await service.pledge(person, amount)
            done = ctx._(
                "Đã ghi nhận khoản ủng hộ {amount}. Xin cảm ơn đồng chí! Khi đã nộp tiền, gõ "
                "/ungho và chọn “Tôi đã nộp tiền”."
            )
        lines = [done.format(amount=ctx.t.vnd(amount)), ""]
        ctx.say(
            "\n".join(lines + progress_lines(ctx, await service.progress(person))),
            await pay_options(ctx, written),
        )
