"""A unit's head, or its reporter on the head's behalf, reads the covenant and signs it with one
tap (on Zalo, by its number); any member receives the cluster's launch plan once announced."""

from __future__ import annotations

from typing import Any

from bot.flow.context import Context, Option
from bot.flow.payload import number as payload_number
from bot.flow.refusals import refusals
from bot.flow.router import Router
from bot.services.covenant.covenant import SignerView
from domain.commands import LEADERS, REPORTERS
from domain.roles import Role
from handlers.covenant.texts import (
    FLOW,
    hand_over,
    shown,
    signer_words,
    when,
    word_file,
)

router = Router(name=__name__)


async def member_view(ctx: Context) -> None:
    """Show a head or reporter their cluster's open covenant; then, to anyone, the plan."""
    view: SignerView | None = None
    if ctx.role in (Role.REPORTER, Role.LEADER, Role.DEPUTY):
        with refusals(ctx) as caught:
            view = await ctx.services.covenant.for_signer(ctx.person)
        if caught.refused is not None:
            return
        if view is not None:
            await _show(ctx, view)
    plan = await ctx.services.launch.for_member(ctx.person)
    if plan is not None:
        name, content = plan
        said = ctx._("Kế hoạch phát động phong trào thi đua năm {year} của cụm, khối.")
        hand_over(ctx, [said.format(year=ctx.services.covenant.year)], word_file(name, content))
    elif view is None:
        ctx.say(
            ctx._(
                "Cụm, khối của đồng chí chưa mở ký kết giao ước và chưa phát động phong trào thi "
                "đua năm {year}."
            ).format(year=ctx.services.covenant.year)
        )


async def _show(ctx: Context, view: SignerView) -> None:
    covenant = view.covenant
    assert covenant.opened_at is not None
    head = ctx._("Giao ước thi đua năm {year} của {cluster} (đồng chí {leader} mở ký kết lúc "
                 "{when}):")  # fmt: skip
    lines = [
        head.format(year=covenant.year, cluster=view.cluster, leader=covenant.started_by,
                    when=when(ctx, covenant.opened_at)),
        "",
        shown(ctx, covenant.text, with_file=bool(covenant.file_name)),
        "",
    ]  # fmt: skip
    signature = view.signature
    options: list[Option] = []
    if signature is not None and signature.signed_at is not None:
        lines.append(ctx._("{unit} đã ký lúc {when} ({name}, {capacity}).").format(
            unit=view.unit_name, when=when(ctx, signature.signed_at),
            name=signature.signer_name, capacity=signer_words(ctx, signature.signer)))  # fmt: skip
    else:
        capacity = signer_words(ctx, view.kind.value)
        lines.append(ctx._("{unit} chưa ký. Đồng chí ký với tư cách {capacity}.").format(
            unit=view.unit_name, capacity=capacity))  # fmt: skip
        ctx.begin(FLOW, "sign")
        options = [
            Option(ctx._("Ký giao ước"), "covenant.sign", {"covenant": covenant.id}),
            Option(ctx._("Để sau"), "covenant.later"),
        ]
    attached = await ctx.services.covenant.covenant_file(covenant.id) if (
        covenant.file_name) else None  # fmt: skip
    if attached is None:
        ctx.say("\n".join(lines), options)
        return
    hand_over(ctx, lines, word_file(attached[0], attached[1]), options)


@router.choice("covenant.sign", roles=REPORTERS | LEADERS)
async def sign(ctx: Context, payload: dict[str, Any]) -> None:
    """Sign for the person's unit; a unit that has signed already stays as it was."""
    ctx.finish()
    signed = await ctx.services.covenant.sign(ctx.person, payload_number(payload, "covenant"))
    if signed.first:
        done = ctx._("Đã ký giao ước thi đua thay mặt {unit} lúc {when}. Cảm ơn đồng chí.")
        ctx.say(done.format(unit=signed.unit_name, when=when(ctx, signed.signed_at)))
        return
    before = ctx._("{unit} đã ký giao ước lúc {when} ({name}); không ký lại.")
    ctx.say(before.format(unit=signed.unit_name, when=when(ctx, signed.signed_at),
                          name=signed.signer_name))  # fmt: skip


@router.choice("covenant.later", roles=REPORTERS | LEADERS)
async def later(ctx: Context, _payload: dict[str, Any]) -> None:
    """Leave it for now."""
    ctx.finish()
    ctx.say(ctx._("Đồng chí có thể ký sau: gõ /giaouoc."))
