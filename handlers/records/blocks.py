"""The member's and their unit's reports, registrations and good examples, for /cuatoi."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.flow.context import Context, Option
from bot.flow.router import Router
from domain.commands import MEMBERS
from handlers.activity.texts import kind_label, short_title
from handlers.registration.texts import local_date, status_text

router = Router(name=__name__)

# Characters of records per page: with the rest of /cuatoi a page stays well under Zalo's 2000.
BUDGET = 700


async def _lines(ctx: Context) -> list[str]:
    """Return one line per record, newest first (an example counts from when it was marked)."""
    person = ctx.person
    assert person is not None  # the core lets only members through
    items: list[tuple[datetime, str]] = []
    for r in await ctx.services.activities.records(person):
        what = f"{ctx.t.date(r.day)} — {short_title(r.title, 80)}"
        detail = f"{kind_label(ctx, r.kind)}, {ctx.t.number(r.participants)}"
        if r.example_at is not None:
            line = ctx._("⭐ Gương điển hình: {what} ({detail}) — {author}")
            items.append(
                (
                    r.example_at,
                    line.format(what=what, detail=detail, author=r.author_name or r.unit_name),
                )
            )
        else:
            line = f"• {what} ({detail}) — {r.author_name or r.unit_name}"
            items.append((r.created_at, line))
    if person.unit_id is not None:
        for g in await ctx.services.registrations.for_unit(person.unit_id):
            line = ctx._("• Đăng ký thi đua năm {year}: {status} ({date})").format(
                year=g.year, status=status_text(ctx, g.status), date=local_date(ctx, g.updated_at)
            )
            items.append((g.updated_at, line))
    items.sort(key=lambda item: item[0], reverse=True)
    return [line for _, line in items]  # fmt: skip


def _pages(lines: list[str]) -> list[list[str]]:
    pages: list[list[str]] = [[]]
    size = 0
    for line in lines:
        if pages[-1] and size + len(line) + 1 > BUDGET:
            pages.append([])
            size = 0
        pages[-1].append(line)
        size += len(line) + 1
    return pages


def _page(ctx: Context, pages: list[list[str]], number: int) -> tuple[list[str], list[Option]]:
    head = ctx._("Báo cáo, đăng ký và gương điển hình (trang {page}/{pages}):").format(
        page=number + 1, pages=len(pages)
    )
    options = []
    if number > 0:
        options.append(Option(ctx._("Trang trước"), "records.page", {"page": number - 1}))
    if number + 1 < len(pages):
        options.append(Option(ctx._("Trang sau"), "records.page", {"page": number + 1}))
    return [head, *pages[number]], options


async def records_block(ctx: Context) -> tuple[list[str], list[Option]]:
    """Return the first page of records for /cuatoi, and the option to turn the page."""
    lines = await _lines(ctx)
    if not lines:
        return ["", ctx._("Chưa có báo cáo hay đăng ký thi đua nào.")], []
    text, options = _page(ctx, _pages(lines), 0)
    return ["", *text], options


@router.choice("records.page", roles=MEMBERS)
async def page(ctx: Context, payload: dict[str, Any]) -> None:
    """Show another page of records."""
    pages = _pages(await _lines(ctx))
    number = payload.get("page")
    number = number if isinstance(number, int) else 0
    text, options = _page(ctx, pages, max(0, min(number, len(pages) - 1)))
    ctx.say("\n".join(text), options)
