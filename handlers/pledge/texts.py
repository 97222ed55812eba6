"""What the pledge flows say: amounts read or refused, statuses, progress; no routes here."""

from __future__ import annotations

from bot.flow.context import Context
from bot.flow.refusals import wording
from bot.services.pledge.campaign import FundProgress
from domain.people import Person
from domain.pledge.amounts import AmountParse, AmountRefusal, parse_amount
from domain.pledge.rules import MAX_REASONABLE, PledgeStatus, check_amount
from domain.progress import bar
from domain.refusals import PledgeRefusal, Reason, Refused
from domain.text import N_

STATUS_NAMES = {
    PledgeStatus.PLEDGED: N_("đã đăng ký, chưa nộp"),
    PledgeStatus.PAID: N_("đã nộp, chờ xác nhận"),
    PledgeStatus.CONFIRMED: N_("đã nộp và được xác nhận"),
    PledgeStatus.CANCELLED: N_("đã hủy"),
}
REFUSALS = {
    AmountRefusal.EMPTY: N_("Đồng chí chưa nhập số tiền. Ví dụ: 500k, 500.000 hoặc 1 triệu."),
    AmountRefusal.NOT_A_NUMBER: N_(
        "Tôi chưa đọc được “{text}” là số tiền. Ví dụ: 500k, 500.000, 1 triệu, 1tr5 "
        "hoặc “một ngày lương”."
    ),
    AmountRefusal.ZERO: N_("Số tiền phải lớn hơn 0 đồng."),
    AmountRefusal.NEGATIVE: N_("Số tiền không được là số âm."),
    AmountRefusal.FRACTION_OF_DONG: N_("Số tiền phải là số đồng chẵn, không có phần lẻ."),
    AmountRefusal.AMBIGUOUS: N_(
        "“{text}” có thể hiểu theo nhiều cách. Vui lòng viết rõ hơn, ví dụ 1.500.000 "
        "hoặc 1,5 triệu."
    ),
}
PLEDGE_REFUSALS: dict[Reason, str] = {
    PledgeRefusal.NOT_ALLOWED: N_("Đồng chí không còn quyền thực hiện thao tác này."),
    PledgeRefusal.STALE: N_("Khoản ủng hộ này đã thay đổi trong lúc đó. Gõ /ungho để xem lại."),
    PledgeRefusal.CLOSED: N_(
        "Đợt vận động đã kết thúc hoặc chưa bắt đầu, nên chưa ghi nhận được."
    ),
    PledgeRefusal.NO_UNIT: N_("Đồng chí chưa thuộc đơn vị nào nên chưa đăng ký ủng hộ được."),
    PledgeRefusal.INVALID: N_("Số liệu không hợp lệ, không có gì được lưu."),
    PledgeRefusal.TOO_LARGE: N_("Số tiền vượt quá mức tôi ghi nhận được ({limit})."),
    PledgeRefusal.EXISTS: N_(
        "Đồng chí đã đăng ký ủng hộ {amount} trong năm nay rồi; mỗi người một khoản. "
        "Gõ /ungho để xem hoặc sửa."
    ),
    PledgeRefusal.TOO_MANY: N_(
        "Số người vượt quá số người còn lại của đơn vị (biên chế trừ người đã đăng ký qua "
        "trợ lý). Không có gì được lưu."
    ),
    PledgeRefusal.YEAR_CLOSED: N_(
        "Năm {year} đã khép lại: ủng hộ của năm {year} chỉ được nhận, sửa và xác nhận đến hết "
        "ngày {day}. Không có gì được lưu."
    ),
}


def read_amount(ctx: Context, text: str) -> tuple[AmountParse, str]:
    """Parse a typed amount; with a refusal, also return what to tell the person."""
    parsed = parse_amount(text, english=ctx.t.locale == "en")
    if parsed.refusal is not None:
        return parsed, ctx._(REFUSALS[parsed.refusal]).format(text=text.strip()[:40])
    try:
        if parsed.amount is not None:
            check_amount(parsed.amount)  # the rule the services apply again when saving
    except Refused as refused:
        return parsed, pledge_refusal(ctx, refused)
    return parsed, ""


def status_name(ctx: Context, status: PledgeStatus) -> str:
    """Return a pledge status as people read it."""
    return ctx._(STATUS_NAMES[status])


@wording(PledgeRefusal)
def pledge_refusal(ctx: Context, refused: Refused) -> str:
    """Explain why a pledge action changed nothing."""
    text = PLEDGE_REFUSALS.get(refused.reason, PLEDGE_REFUSALS[PledgeRefusal.INVALID])
    day = ctx.t.date(refused.day) if refused.day is not None else ""
    return ctx._(text).format(
        limit=ctx.t.vnd(MAX_REASONABLE),
        amount=ctx.t.vnd(refused.amount),
        year=refused.detail,
        day=day,
    )


def progress_lines(ctx: Context, progress: FundProgress | None) -> list[str]:
    """Describe the unit's and the cluster's progress: money, people, houses."""
    if progress is None:
        return []
    lines = [ctx._("Tiến độ “{campaign}”:").format(campaign=progress.campaign.name)]
    for totals in (progress.unit, progress.cluster):
        if totals is None:
            continue
        lines += [
            ctx._("{name}: đăng ký {pledged}, đã nộp {paid}, đã xác nhận {confirmed}.").format(
                name=totals.name, pledged=ctx.t.vnd(totals.pledged), paid=ctx.t.vnd(totals.paid),
                confirmed=ctx.t.vnd(totals.confirmed),
            ),
            ctx._("Tham gia: {people}/{headcount} người {bar}").format(
                people=ctx.t.number(totals.participants),
                headcount=ctx.t.number(totals.headcount),
                bar=bar(totals.participants, totals.headcount),
            ),
        ]  # fmt: skip
    cluster = progress.cluster
    if cluster is not None and progress.house_target:
        cost = progress.campaign.house_cost
        lines.append(
            ctx._("Nhà cho hộ nghèo: đủ tiền {houses}/{target} căn ({cost} một căn) {bar}").format(
                houses=ctx.t.number(cluster.confirmed // cost),
                target=ctx.t.number(progress.house_target),
                cost=ctx.t.vnd(cost),
                bar=bar(cluster.confirmed, progress.house_target * cost),
            )
        )
    return lines


async def paid_lines(ctx: Context, pledge_id: int, amount: int) -> list[str]:
    """Return what matched transfers brought, and what is left (nothing before a transfer)."""
    paid = await ctx.services.payments.paid(pledge_id)
    if paid is None:
        return []
    return [
        ctx._("Đã chuyển khoản: {paid}; còn lại: {rest}.").format(
            paid=ctx.t.vnd(paid), rest=ctx.t.vnd(max(amount - paid, 0))
        )
    ]


async def pledge_summary(ctx: Context, person: Person) -> list[str]:
    """Return the /cuatoi block: the person's pledge, a remembered salary, the progress."""
    service = ctx.services.pledges
    own = await service.mine(person)
    lines = [""]
    if own is not None:
        lines.append(
            ctx._("Ủng hộ Quỹ “Vì người nghèo”: {amount} — {status}.").format(
                amount=ctx.t.vnd(own.amount), status=status_name(ctx, own.status)
            )
        )
        lines += await paid_lines(ctx, own.id, own.amount)
    elif person.unit_id is not None:
        lines.append(
            ctx._("Đồng chí chưa đăng ký ủng hộ Quỹ “Vì người nghèo” năm nay (gõ /ungho).")
        )
    salary = await service.salary(person)
    if salary is not None:
        lines.append(
            ctx._("Lương tháng đồng chí cho tôi lưu: {salary} (xóa bằng /ungho).").format(
                salary=ctx.t.vnd(salary)
            )
        )
    return lines + progress_lines(ctx, await service.progress(person))
