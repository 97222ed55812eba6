"""The leader's view of the covenant: who has signed and when, nudges, the signing record."""

from __future__ import annotations

import re
from typing import Any

from bot.documents.covenant import record_bytes
from bot.flow.clusters import ClusterChosen
from bot.flow.context import Context, Option
from bot.flow.refusals import refusal_text
from bot.flow.router import Router
from bot.services.covenant.covenant import Standing
from domain.commands import LEADERS
from domain.covenant.rules import signer_kind
from domain.refusals import CovenantRefusal, Refused
from handlers.covenant.draft import ask_text, preview
from handlers.covenant.texts import FLOW, hand_over, shown, signed_line, when, word_file

router = Router(name=__name__)
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


async def leader_view(ctx: Context, cluster_id: int) -> None:
    """Show the cluster's covenant of the year: a draft to open, or who has signed."""
    cluster = await ctx.services.access.cluster(ctx.person, cluster_id)  # refusals: the core
    standing = await ctx.services.covenant.standing(ctx.person, cluster_id)
    ctx.begin(FLOW, "menu", ClusterChosen(cluster=cluster_id))
    year = ctx.services.covenant.year
    if standing is None:
        ask_text(ctx, cluster.name, year)
        return
    if standing.covenant.opened_at is None:
        preview(ctx, standing)
        return
    lines = [status_line(ctx, cluster.name, standing)]
    if standing.signed:
        lines += ["", ctx._("Đã ký:"), *(signed_line(ctx, u) for u in standing.signed)]
    if standing.unsigned:
        lines += ["", ctx._("Chưa ký:"), *(f"• {u.unit_name}" for u in standing.unsigned)]
    announced = await ctx.services.launch.announced(cluster_id)
    if announced is not None:
        lines += ["", ctx._("Kế hoạch phát động đã gửi tới {cluster} lúc {when}.").format(
            cluster=cluster.name, when=when(ctx, announced))]  # fmt: skip
    ctx.say("\n".join(lines), _menu(ctx, standing, cluster_id))


def status_line(ctx: Context, cluster: str, standing: Standing) -> str:
    """«Giao ước thi đua năm 2027 của Cụm thi đua số 1: đã ký 2/3 đơn vị.»"""
    text = ctx._("Giao ước thi đua năm {year} của {cluster}: đã ký {signed}/{units} đơn vị.")
    return text.format(year=standing.covenant.year, cluster=cluster,
                       signed=len(standing.signed), units=len(standing.units))  # fmt: skip


def _menu(ctx: Context, standing: Standing, cluster_id: int) -> list[Option]:
    options = []
    person = ctx.person
    own = next((u for u in standing.unsigned if person and u.unit_id == person.unit_id), None)
    if own is not None and signer_kind(person, cluster_id) is not None:
        options.append(Option(ctx._("Ký cho {unit}").format(unit=own.unit_name),
                              "covenant.sign", {"covenant": standing.covenant.id}))  # fmt: skip
    options.append(Option(ctx._("Xem nội dung giao ước"), "covenant.read"))
    if standing.unsigned:
        options.append(Option(ctx._("Nhắc đơn vị chưa ký"), "covenant.nudge"))
    options.append(Option(ctx._("Biên bản ký kết"), "covenant.record"))
    options.append(Option(ctx._("Kế hoạch phát động"), "covenant.plan"))
    return options


@router.choice("covenant.read", roles=LEADERS)
async def read(ctx: Context, _payload: dict[str, Any]) -> None:
    """Show the covenant's text as signed, with its Word file when it came as one."""
    cluster_id = ctx.state(ClusterChosen).cluster
    standing = await ctx.services.covenant.standing(ctx.person, cluster_id)  # refusals: the core
    if standing is None:
        ctx.finish()
        ctx.say(refusal_text(ctx, Refused(CovenantRefusal.NOT_OPEN)))
        return
    covenant = standing.covenant
    lines = [ctx._("Nội dung giao ước thi đua năm {year}:").format(year=covenant.year), "",
             shown(ctx, covenant.text, with_file=bool(covenant.file_name))]  # fmt: skip
    options = _menu(ctx, standing, cluster_id)
    attached = await ctx.services.covenant.covenant_file(covenant.id) if (
        covenant.file_name) else None  # fmt: skip
    if attached is None:
        ctx.say("\n".join(lines), options)
    else:
        hand_over(ctx, lines, word_file(*attached), options)


@router.choice("covenant.nudge", roles=LEADERS)
async def nudge(ctx: Context, _payload: dict[str, Any]) -> None:
    """Remind the heads and reporters of the units yet to sign (once a day each)."""
    cluster_id = ctx.state(ClusterChosen).cluster
    ctx.finish()
    nudged = await ctx.services.covenant.nudge(ctx.person, cluster_id)  # the core says a refusal
    lines = []
    if nudged.queued:
        lines.append(
            ctx.t.ngettext(
                "Đã gửi nhắc tới {count} tài khoản của các đơn vị chưa ký.",
                "Đã gửi nhắc tới {count} tài khoản của các đơn vị chưa ký.",
                nudged.queued,
            ).format(count=ctx.t.number(nudged.queued))
        )
    elif nudged.people:
        lines.append(ctx._("Những người này đã được nhắc hôm nay; không gửi lại."))
    if nudged.unreachable:
        lines.append(
            ctx._(
                "Các đơn vị chưa có thủ trưởng, đầu mối dùng trợ lý, vui lòng liên hệ trực tiếp: "
                "{units}."
            ).format(units=", ".join(nudged.unreachable))
        )
    ctx.say("\n".join(lines))


@router.choice("covenant.record", roles=LEADERS)
async def record(ctx: Context, _payload: dict[str, Any]) -> None:
    """Draft the signing record: every unit and when it signed."""
    cluster_id = ctx.state(ClusterChosen).cluster
    ctx.finish()
    data = await ctx.services.covenant.record(ctx.person, cluster_id)  # the core says a refusal
    signed = sum(1 for u in data.units if u.signed_at is not None)
    code = _UNSAFE.sub("-", data.issuer.cluster_code).strip("-") or "cum"
    lines = [
        ctx._(
            "Dự thảo biên bản ký kết giao ước thi đua năm {year} của {cluster}: {signed}/{units} "
            "đơn vị đã ký."
        ).format(year=data.year, cluster=data.issuer.cluster_name, signed=signed,
                 units=len(data.units)),
        ctx._("Vui lòng xem lại, ghi số, ngày của biên bản, rồi trình ký."),
    ]  # fmt: skip
    content = await record_bytes(data)
    hand_over(ctx, lines, word_file(f"bien-ban-giao-uoc-{data.year}-{code}.docx", content))
