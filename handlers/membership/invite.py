"""Invites: a leader or admin picks a unit and a role and gets a code to pass on."""

from __future__ import annotations

from typing import Any

from bot.flow.context import Context, Option
from bot.flow.payload import number as payload_number
from bot.flow.refusals import refusals
from bot.flow.router import Router
from domain.commands import LEADERS
from domain.dialogs import Nothing
from domain.roles import Role, role_name

router = Router(name=__name__)
router.flow("invite", Nothing)  # each option carries the unit and role chosen


@router.command("invite")
async def invite(ctx: Context) -> None:
    """Offer the units this person may invite into (an admin picks the cluster first)."""
    units = await ctx.services.membership.invitable_units(ctx.person)
    if not units:
        ctx.say(ctx._("Đồng chí chưa phụ trách cụm, khối nào nên chưa tạo được mã mời."))
        return
    clusters = {unit.cluster_id: unit.cluster_name for unit in units}
    ctx.begin("invite", "unit")
    if len(clusters) > 1:
        ctx.goto("cluster")
        ctx.say(
            ctx._("Mời vào cụm, khối nào?"),
            [Option(name, "invite.cluster", {"cluster": cid}) for cid, name in clusters.items()],
        )
        return
    ctx.say(
        ctx._("Mời vào đơn vị nào?"),
        [Option(unit.name, "invite.unit", {"unit": unit.id}) for unit in units],
    )


@router.choice("invite.cluster", roles=LEADERS)
async def chose_cluster(ctx: Context, payload: dict[str, Any]) -> None:
    """Offer the units of the chosen cluster."""
    units = [
        unit
        for unit in await ctx.services.membership.invitable_units(ctx.person)
        if unit.cluster_id == payload.get("cluster")
    ]
    ctx.goto("unit")
    ctx.say(
        ctx._("Mời vào đơn vị nào?"),
        [Option(unit.name, "invite.unit", {"unit": unit.id}) for unit in units],
    )


@router.choice("invite.unit", roles=LEADERS)
async def chose_unit(ctx: Context, payload: dict[str, Any]) -> None:
    """Offer the roles this person may hand out."""
    roles = ctx.services.membership.invitable_roles(ctx.person)
    ctx.goto("role")
    ctx.say(
        ctx._("Người được mời sẽ có vai trò gì?"),
        [
            Option(role_name(ctx.t, role), "invite.role", {"unit": payload.get("unit"),
                                                            "role": role.value})
            for role in roles
        ],
    )  # fmt: skip


@router.choice("invite.role", roles=LEADERS)
async def chose_role(ctx: Context, payload: dict[str, Any]) -> None:
    """Create the code; the unit and role are checked again against the person's rights."""
    ctx.finish()
    with refusals(ctx) as caught:
        created = await ctx.services.membership.create_invite(
            ctx.person, payload_number(payload, "unit"), str(payload.get("role"))
        )
    if caught.refused is not None:
        return
    unit = next(
        u
        for u in await ctx.services.membership.invitable_units(ctx.person)
        if u.id == created.unit_id
    )
    lines = [
        ctx._("Mã mời: {code}").format(code=created.code),
        ctx._("Đơn vị: {unit} ({cluster})").format(unit=unit.name, cluster=unit.cluster_name),
        ctx._("Vai trò: {role}").format(role=role_name(ctx.t, Role(created.role))),
        ctx._("Hết hạn: {date}; dùng được {uses} lần.").format(
            date=ctx.t.date(created.expires_at.date()), uses=created.max_uses
        ),
        "",
        ctx._("Gửi cho người được mời. Trên Zalo: nhắn mã này cho trợ lý."),
        *ctx.code_link_lines(created.code),
    ]
    ctx.say("\n".join(lines))
