"""/tonghop: a leader's view of the cluster — phase, reports, registrations, pledges, examples."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.charts import ChartText, UnitBar, summary_png
from bot.flow.clusters import ClusterChosen, pick_cluster_then
from bot.flow.context import Context, Option
from bot.flow.payload import number as payload_number
from bot.flow.router import Router
from bot.reminders.texts import ROMAN
from bot.services.leader.summary import ClusterSummary
from domain.commands import LEADERS
from domain.membership.absence import reasons_counted
from domain.messages import OutFile
from domain.progress import bar, percent
from domain.registration.states import RegistrationStatus
from domain.text import N_
from handlers.scoring.sheet import progress_lines
from storage.cluster.picture import NOT_YET

router = Router(name=__name__)

LIMIT = 1800  # one message on every channel (Zalo takes 2000), with room for the options


class SummaryAsked(ClusterChosen):
    """The cluster chosen, and the past year asked for (`/tonghop 2026`, `/xuatbaocao 2026`;
    None: this year)."""

    year: int | None = None


def asked_year(ctx: Context) -> SummaryAsked | None:
    """Read `/tonghop 2026` (or `/xuatbaocao 2026`) as a past year; answer words that are no
    year, with an example of the command typed."""
    typed = ctx.incoming.args.strip()
    if not typed:
        return SummaryAsked()
    current = ctx.today.year
    if not (typed.isdigit() and len(typed) == 4 and 2000 <= int(typed) <= current):
        example = ctx._("“{text}” không phải là một năm hợp lệ. Ví dụ: /{command} {year}.")
        command = ctx.incoming.command or "tonghop"
        ctx.say(example.format(text=typed[:20], command=command, year=current - 1))
        return None
    return SummaryAsked(year=int(typed) if int(typed) < current else None)


@pick_cluster_then(
    router, "summary", step="show", prompt=N_("Xem tổng hợp của cụm, khối nào?"),
    none=N_("Đồng chí chưa phụ trách cụm, khối nào nên chưa có gì để tổng hợp."),
    state=SummaryAsked, asked=asked_year,
)  # fmt: skip
async def summary(ctx: Context, cluster_id: int) -> None:
    """Show the summary of the cluster picked (admins may have several)."""
    await _show(ctx, cluster_id, 0, ctx.state(SummaryAsked).year)


@router.choice("summary.page", roles=LEADERS)
async def page(ctx: Context, payload: dict[str, Any]) -> None:
    """Show another page of a long summary, with figures as they are now."""
    number, year = payload.get("page"), payload.get("year")
    await _show(ctx, payload_number(payload, "cluster"), number if isinstance(number, int) else 0,
                year if isinstance(year, int) else None)  # fmt: skip


async def _show(ctx: Context, cluster_id: int, number: int, year: int | None = None) -> None:
    # Nothing more to ask: the page buttons carry the cluster and work outside a dialog.
    ctx.finish()
    # Refused (the core says why) when the person no longer leads this cluster.
    found = await ctx.services.summary.summary(ctx.person, cluster_id, year)
    head = ctx._("Tổng hợp {cluster} ngày {date}").format(
        cluster=found.cluster.name, date=ctx.t.date(ctx.today)
    )
    lines = summary_lines(ctx, found)
    if year is None:
        lines += await progress_lines(ctx, cluster_id)
    else:  # a past year: its figures, without this year's scoring or chart
        head = ctx._("Tổng hợp {cluster} năm {year}").format(cluster=found.cluster.name, year=year)
    chart = await _chart(ctx, found) if number == 0 and year is None else None
    if len(head) + sum(len(line) + 1 for line in lines) <= LIMIT:
        ctx.say("\n".join([head, *lines]), file=chart)
        return
    pages = _pages(lines, LIMIT - len(head) - 40)
    number = max(0, min(number, len(pages) - 1))
    options, where_to = [], {"cluster": cluster_id, "year": year}
    if number > 0:
        options.append(Option(ctx._("Trang trước"), "summary.page",
                              {**where_to, "page": number - 1}))  # fmt: skip
    if number + 1 < len(pages):
        options.append(Option(ctx._("Trang sau"), "summary.page",
                              {**where_to, "page": number + 1}))  # fmt: skip
    where = ctx._("(trang {page}/{pages})").format(page=number + 1, pages=len(pages))
    ctx.say("\n".join([f"{head} {where}", *pages[number]]), options, file=chart)


async def _chart(ctx: Context, found: ClusterSummary) -> OutFile | None:
    """Draw pledge progress and reports per unit, for channels that can show a picture."""
    if not ctx.can_send_files:
        return None  # Zalo without PUBLIC_BASE_URL: nowhere to put the picture
    bars = [
        UnitBar(line.label, percent(line.totals.participants, line.totals.headcount) or 0,
                line.activity.reports)
        for line in found.units
    ]  # fmt: skip
    text = ChartText(
        title=ctx._("{cluster}: đợt {phase} năm {year}").format(
            cluster=found.cluster.name, phase=ROMAN[found.phase.number], year=found.phase.year
        ),
        participation=ctx._("Tham gia ủng hộ (%)"),
        reports=ctx._("Báo cáo hoạt động trong đợt"),
    )
    png = await asyncio.to_thread(summary_png, bars, text)  # drawing takes a CPU-bound moment
    return OutFile(f"tonghop-{found.cluster.id}.png", png, "image/png")


def _pages(lines: list[str], budget: int) -> list[list[str]]:
    """Pack whole lines into pages of at most `budget` characters."""
    pages: list[list[str]] = [[]]
    size = 0
    for line in lines:
        if pages[-1] and size + len(line) + 1 > budget:
            pages.append([])
            size = 0
        if pages[-1] or line:  # a page does not start with a blank line
            pages[-1].append(line[:budget])
            size += len(line[:budget]) + 1
    return pages


def summary_lines(ctx: Context, found: ClusterSummary) -> list[str]:
    """Return the summary's lines below its heading, in the person's language."""
    phase, coverage = found.phase, found.coverage
    lines = [
        ctx.t.ngettext(
            "Đợt {phase} năm {year}: từ {start} đến {end}, còn {days} ngày.",
            "Đợt {phase} năm {year}: từ {start} đến {end}, còn {days} ngày.",
            found.days_left).format(
            phase=ROMAN[phase.number], year=phase.year, start=ctx.t.date(phase.start),
            end=ctx.t.date(phase.end), days=found.days_left,
        ),
        "",
        ctx._("Báo cáo hoạt động trong đợt: {reported}/{units} đơn vị đã báo cáo, "
              "{reports} báo cáo.").format(
            reported=coverage.reported, units=coverage.units,
            reports=ctx.t.number(coverage.reports),
        ),
    ]  # fmt: skip
    if found.missing_reports:
        lines.append(ctx._("Chưa báo cáo ({count}):").format(count=len(found.missing_reports)))
        lines += [f"• {name}" for name in found.missing_reports]
    counts = found.registrations
    lines += [
        "",
        ctx._("Đăng ký thi đua năm {year}: chờ duyệt {submitted}, đã chấp nhận {accepted}, "
              "trả lại {returned}, chưa gửi {missing}.").format(
            year=found.year, submitted=counts[RegistrationStatus.SUBMITTED.value],
            accepted=counts[RegistrationStatus.ACCEPTED.value],
            returned=counts[RegistrationStatus.RETURNED.value], missing=counts[NOT_YET],
        ),
    ]  # fmt: skip
    if found.not_registered:
        lines.append(ctx._("Chưa gửi đăng ký ({count}):").format(count=len(found.not_registered)))
        lines += [f"• {name}" for name in found.not_registered]
    lines += ["", *_pledge_lines(ctx, found), "",
              ctx._("Gương điển hình năm {year}: {count}.").format(
                  year=found.year, count=ctx.t.number(found.examples))]  # fmt: skip
    return lines


def _pledge_lines(ctx: Context, found: ClusterSummary) -> list[str]:
    totals = found.pledges
    lines = [ctx._("Ủng hộ “{campaign}”:").format(campaign=found.campaign.name)]
    if totals is None:
        return lines
    lines += [
        ctx._("{name}: đăng ký {pledged}, đã nộp {paid}, đã xác nhận {confirmed}.").format(
            name=totals.name, pledged=ctx.t.vnd(totals.pledged), paid=ctx.t.vnd(totals.paid),
            confirmed=ctx.t.vnd(totals.confirmed),
        ),
        ctx._("Tham gia: {people}/{headcount} người {bar}").format(
            people=ctx.t.number(totals.participants), headcount=ctx.t.number(totals.headcount),
            bar=bar(totals.participants, totals.headcount),
        ),
    ]  # fmt: skip
    if found.away_total:
        # Counted apart: people on leave or on a course are not the ones missing.
        away = ctx._("Vắng: {count} người ({reasons}).")
        lines.append(away.format(count=ctx.t.number(found.away_total),
                                 reasons=reasons_counted(ctx.t, found.away)))  # fmt: skip
    if found.house_target:
        cost = found.campaign.house_cost
        lines.append(
            ctx._("Nhà cho hộ nghèo: đủ tiền {houses}/{target} căn ({cost} một căn) {bar}").format(
                houses=ctx.t.number(totals.confirmed // cost),
                target=ctx.t.number(found.house_target), cost=ctx.t.vnd(cost),
                bar=bar(totals.confirmed, found.house_target * cost),
            )
        )  # fmt: skip
    return lines
