"""Reporters and leaders inside /ungho: confirm payments; record what a unit collected."""

from __future__ import annotations

import re
from typing import Any

from bot.flow.context import Context, Option
from bot.flow.payload import number as payload_number
from bot.flow.payload import text as payload_text
from bot.flow.refusals import refusal_text, refusals
from bot.flow.router import Router
from domain.commands import LEADERS, REPORTERS
from domain.people import Person
from domain.pledge.rules import PledgeInfo, PledgeStatus, may_record, reviews
from domain.refusals import PledgeRefusal, Refused
from domain.roles import Role
from domain.text import fold
from handlers.pledge.dialogs import CollectDraft
from handlers.pledge.texts import progress_lines, read_amount

router = Router(name=__name__)
FLOW = "pledge"
# A unit's collection outside the bot: a flow of its own, for it keeps other data.
COLLECT = "collect"
router.flow(COLLECT, CollectDraft)
REVIEWERS = LEADERS | REPORTERS
_COUNT = re.compile(r"(\d{1,7})(?: nguoi)?")


def _person(ctx: Context) -> Person:
    assert ctx.person is not None  # the core lets only members reach these handlers
    return ctx.person


async def reviewer_options(ctx: Context) -> list[Option]:
    """Return the options a reporter, leader or admin gets under /ungho."""
    person = ctx.person
    if person is None or not reviews(person):
        return []
    options = [Option(ctx._("Duyệt các khoản đã nộp"), "pledge.review")]
    if person.role in REPORTERS:
        options.append(Option(ctx._("Ghi số thu của đơn vị"), "pledge.collect"))
    return options


def _name(ctx: Context, item: PledgeInfo) -> str:
    return item.member_name or ctx._("(đã ngừng dùng trợ lý)")  # leaving erases the name


def _label(ctx: Context, item: PledgeInfo) -> str:
    # The amount first: a long name or unit is what a short button cuts; a button is a tile,
    # so the sign, not the word.
    label = ctx._("{amount} — {name} ({unit})").format(
        name=_name(ctx, item), unit=item.unit_name, amount=ctx.t.vnd_cell(item.amount)
    )
    if item.status is PledgeStatus.PLEDGED:
        return label + " " + ctx._("(chưa báo nộp)")
    return label + " " + ctx._("(có ảnh)") if item.receipt_ref else label


async def _pending(ctx: Context, note: str = "") -> None:
    """List what waits for this person's confirmation, each as an option."""
    items, total = await ctx.services.pledges.awaiting(_person(ctx))
    head = [note] if note else []
    if not items:
        ctx.finish()
        ctx.say("\n".join([*head, ctx._("Không có khoản ủng hộ nào đang chờ xác nhận.")]))
        return
    ctx.begin(FLOW, "review")
    lines = [
        *head,
        ctx._("Chọn khoản đã nhận được tiền để xác nhận ({shown} trong {total} khoản đang chờ):")
        .format(shown=len(items), total=total),
    ]  # fmt: skip
    # A Zalo photo is a link a reporter can open; a Telegram file id means nothing to people.
    lines += [
        ctx._("Ảnh biên lai của {name}: {link}").format(name=_name(ctx, i), link=i.receipt_ref)
        for i in items
        if i.receipt_ref and i.receipt_ref.startswith("https://")
    ]
    options = [Option(_label(ctx, i), "pledge.approve", {"pledge": i.id}) for i in items]
    ctx.say("\n".join(lines), [*options, Option(ctx._("Xong"), "pledge.done")])


@router.choice("pledge.review", roles=REVIEWERS)
async def review(ctx: Context, _payload: dict[str, Any]) -> None:
    """Show the pledges waiting for confirmation in this person's unit or cluster."""
    await _pending(ctx)


@router.choice("pledge.approve", roles=REVIEWERS)
async def approve(ctx: Context, payload: dict[str, Any]) -> None:
    """Confirm one payment; the service checks the unit or cluster again."""
    service = ctx.services.pledges
    pledge_id = payload_number(payload, "pledge")
    found = await service.get(pledge_id)
    with refusals(ctx):
        confirmed = await service.confirm(_person(ctx), pledge_id)
        assert found is not None  # confirm refuses a pledge that does not exist
        note = (
            ctx._("Đã xác nhận {amount} của {name}.")
            if confirmed
            else ctx._("Khoản {amount} của {name} đã được xác nhận hoặc đã thay đổi trước đó.")
        )
        await _pending(ctx, note.format(amount=ctx.t.vnd(found.amount), name=_name(ctx, found)))


@router.choice("pledge.done", roles=REVIEWERS)
async def done(ctx: Context, _payload: dict[str, Any]) -> None:
    """Close the list."""
    ctx.finish()
    ctx.say(ctx._("Đã xong."))


@router.choice("pledge.collect", roles=REPORTERS)
async def collect(ctx: Context, _payload: dict[str, Any]) -> None:
    """Pick the unit (a reporter has one; an admin picks a cluster, then a unit)."""
    units = await ctx.services.pledges.recordable_units(_person(ctx))
    if len(units) == 1:
        await _ask_amount(ctx, units[0].id, units[0].name)
        return
    clusters = {unit.cluster_id: unit.cluster_name for unit in units}
    ctx.begin(COLLECT, "collect_unit")
    ctx.say(
        ctx._("Đơn vị thuộc cụm, khối nào?"),
        [Option(name, "pledge.collect_cluster", {"cluster": c}) for c, name in clusters.items()],
    )


@router.choice("pledge.collect_cluster", roles=REPORTERS)
async def collect_cluster(ctx: Context, payload: dict[str, Any]) -> None:
    """Offer the units of the chosen cluster."""
    units = await ctx.services.pledges.recordable_units(_person(ctx))
    ctx.goto("collect_unit")
    ctx.say(
        ctx._("Ghi số thu cho đơn vị nào?"),
        [
            Option(unit.name, "pledge.collect_for", {"unit": unit.id, "name": unit.name})
            for unit in units
            if unit.cluster_id == payload.get("cluster")
        ],
    )


@router.choice("pledge.collect_for", roles=REPORTERS)
async def collect_for(ctx: Context, payload: dict[str, Any]) -> None:
    """Start recording for the chosen unit."""
    await _ask_amount(ctx, payload_number(payload, "unit"), payload_text(payload, "name"))


async def _ask_amount(ctx: Context, unit_id: int, name: str) -> None:
    if not may_record(_person(ctx), unit_id):
        ctx.finish()
        ctx.say(refusal_text(ctx, Refused(PledgeRefusal.NOT_ALLOWED)))
        return
    before, totals = await ctx.services.pledges.collection(unit_id)
    individuals = totals.individuals if totals else 0
    own_sum = (totals.pledged if totals else 0) - (before.amount if before else 0)
    # People not yet counted: the service checks it again when saving.
    room = totals.headcount - individuals if totals and totals.headcount else None
    ctx.begin(COLLECT, "collect_amount", CollectDraft(unit=unit_id, name=name, room=room))
    lines = [
        ctx._("Ghi số tiền {unit} đã thu qua công đoàn hoặc cách khác ngoài trợ lý.").format(
            unit=name
        ),
        ctx.t.ngettext(
            "Qua trợ lý, đơn vị đã có {people} người đăng ký, tổng {amount}. Để không tính trùng, "
            "KHÔNG gộp những người này vào số thu.",
            "Qua trợ lý, đơn vị đã có {people} người đăng ký, tổng {amount}. Để không tính trùng, "
            "KHÔNG gộp những người này vào số thu.",
            individuals,
        ).format(people=ctx.t.number(individuals), amount=ctx.t.vnd(own_sum)),
    ]
    if before is not None:
        lines.append(
            ctx.t.ngettext(
                "Số đã ghi trước đây: {amount} từ {people} người; số mới sẽ thay thế.",
                "Số đã ghi trước đây: {amount} từ {people} người; số mới sẽ thay thế.",
                before.contributors,
            ).format(amount=ctx.t.vnd(before.amount), people=ctx.t.number(before.contributors))
        )
    lines.append(ctx._("Nhập tổng số tiền đã thu (nhập 0 để xóa số đã ghi):"))
    ctx.say("\n".join(lines))


@router.step(COLLECT, "collect_amount")
async def collect_amount(ctx: Context) -> None:
    """Read the collected total; 0 clears an earlier record."""
    text = ctx.incoming.text.strip()
    amount = 0
    if text != "0":
        parsed, refusal = read_amount(ctx, text)
        if refusal or parsed.amount is None:
            # "Một ngày lương" reads as an amount for a pledge, not for a unit's collection.
            ctx.say(
                (refusal or ctx._("Số thu của đơn vị cần là một số tiền, ví dụ 12 triệu."))
                + " "
                + ctx._("Vui lòng nhập lại, hoặc gõ /huy để hủy.")
            )
            return
        amount = parsed.amount
    draft = ctx.state(CollectDraft)
    draft.amount = amount
    ctx.goto("collect_people", draft)
    if amount == 0:
        await _ask_save(ctx, 0)
        return
    ctx.say(ctx._("Có bao nhiêu người đã nộp khoản này (không tính người đã đăng ký qua trợ lý)?"))


@router.step(COLLECT, "collect_people")
async def collect_people(ctx: Context) -> None:
    """Read how many people the collected total came from."""
    match = _COUNT.fullmatch(fold(ctx.incoming.text))
    if match is None or int(match.group(1)) == 0:
        ctx.say(
            ctx._("Vui lòng nhập số người bằng chữ số, lớn hơn 0, ví dụ 45; hoặc gõ /huy để hủy.")
        )
        return
    room = ctx.state(CollectDraft).room
    if room is not None and int(match.group(1)) > room:
        left = max(room, 0)
        ctx.say(
            ctx.t.ngettext(
                "Đơn vị chỉ còn {room} người chưa đăng ký qua trợ lý. Vui lòng nhập lại số người.",
                "Đơn vị chỉ còn {room} người chưa đăng ký qua trợ lý. Vui lòng nhập lại số người.",
                left,
            ).format(room=ctx.t.number(left))
        )
        return
    await _ask_save(ctx, int(match.group(1)))


async def _ask_save(ctx: Context, people: int) -> None:
    draft = ctx.state(CollectDraft)
    draft.people = people
    ctx.goto("collect_confirm", draft)
    ctx.say(
        ctx.t.ngettext(
            "Ghi nhận cho {unit}: {amount} từ {people} người?",
            "Ghi nhận cho {unit}: {amount} từ {people} người?",
            people,
        ).format(
            unit=draft.name,
            amount=ctx.t.vnd(draft.amount),
            people=ctx.t.number(people),
        ),
        [
            Option(ctx._("Xác nhận"), "pledge.collect_save"),
            Option(ctx._("Hủy"), "pledge.abort"),
        ],
    )


@router.choice("pledge.collect_save", roles=REPORTERS)
async def collect_save(ctx: Context, _payload: dict[str, Any]) -> None:
    """Save the figures; the service checks the unit and the headcount again."""
    draft, person = ctx.state(CollectDraft), _person(ctx)
    ctx.finish()
    with refusals(ctx):
        await ctx.services.pledges.record_collection(
            person, draft.unit, draft.amount, draft.people
        )
        lines = [ctx._("Đã ghi nhận số thu của {unit}.").format(unit=draft.name), ""]
        reporter = person.role is Role.REPORTER  # an admin recording for a unit has none of his
        progress = await ctx.services.pledges.progress(person) if reporter else None
        ctx.say("\n".join(lines + progress_lines(ctx, progress)))
