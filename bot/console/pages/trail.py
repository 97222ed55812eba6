"""The audit trail: every change in one list, filtered, downloadable as CSV."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from aiohttp import web

from bot.console.downloads import csv_file
from bot.console.visit import Visit, signed_in
from bot.console.words import ACTIONS, ITEMS, KINDS, PLEDGE, REGISTRATION, word
from bot.i18n import Translator
from domain.text import N_
from storage.audit.trail import KINDS as ALL_KINDS
from storage.audit.trail import TrailFilter, TrailLine

routes = web.RouteTableDef()
SHOWN = 300  # lines on the page; the download has them all
HEADER = (N_("Thời gian"), N_("Loại"), N_("Thao tác"), N_("Người thực hiện"), N_("Cụm, khối"),
          N_("Nội dung"), N_("Trước"), N_("Sau"), N_("Lý do"))  # fmt: skip


@dataclass(frozen=True, slots=True)
class Asked:
    """The filters as typed, to show them again, and as the trail reads them."""

    cluster: str
    person: str
    kind: str
    since: str
    until: str
    wanted: TrailFilter
    bad_date: bool


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _asked(visit: Visit) -> Asked:
    query = visit.request.query
    cluster, person = query.get("cluster", "")[:12], query.get("person", "")[:100]
    kind, since, until = (
        query.get("kind", ""),
        query.get("since", "")[:10],
        query.get("until", "")[:10],
    )
    tz = visit.setup.province.tz
    first, last = _day(since), _day(until)
    wanted = TrailFilter(
        cluster_id=int(cluster) if cluster.isdigit() else None, person=person.strip(),
        kinds=frozenset({kind}) if kind in ALL_KINDS else frozenset(),
        since=datetime.combine(first, time(), tz) if first else None,
        until=datetime.combine(last + timedelta(days=1), time(), tz) if last else None,
    )  # fmt: skip
    bad = (since and first is None) or (until and last is None)
    return Asked(cluster, person, kind, since, until, wanted, bool(bad))


def _change(t: Translator, line: TrailLine, which: str) -> str:
    """Return a line's old or new value in words (a pledge: its amount and status)."""
    amount = line.old_amount if which == "old" else line.new_amount
    value = line.old if which == "old" else line.new
    if line.kind == "pledge":
        parts = [
            t.vnd(amount) if amount is not None else "",
            word(t, PLEDGE, value) if value else "",
        ]
        return ", ".join(p for p in parts if p)
    return value


def _action(t: Translator, line: TrailLine) -> str:
    if line.kind == "registration":
        return word(t, REGISTRATION, line.action)
    return word(t, ACTIONS, line.action)


def _subject(t: Translator, line: TrailLine) -> str:
    if line.kind != "organisation":
        return line.subject
    kind, _, rest = line.subject.partition(" ")
    return f"{word(t, ITEMS, kind)} {rest}" if kind in ITEMS else line.subject


def _when(visit: Visit, line: TrailLine) -> str:
    return line.at.astimezone(visit.setup.province.tz).strftime("%d/%m/%Y %H:%M")


@routes.get("/nhat-ky")
@signed_in()
async def trail(visit: Visit) -> web.Response:
    """The newest changes first, with the filters' form (a GET: no JavaScript needed)."""
    asked = _asked(visit)
    office, t = visit.office, visit.t
    lines = await office.trail.lines(visit.person, asked.wanted, SHOWN + 1)
    return visit.render(
        "trail.html", asked=asked, lines=lines[:SHOWN], more=len(lines) > SHOWN,
        clusters=await office.trail.clusters(visit.person), kinds=KINDS,
        when=lambda line: _when(visit, line), change=lambda line, w: _change(t, line, w),
        action=lambda line: _action(t, line), subject=lambda line: _subject(t, line),
        kind=lambda code: word(t, KINDS, code), query=visit.request.query_string,
    )  # fmt: skip


@routes.get("/nhat-ky.csv")
@signed_in()
async def trail_csv(visit: Visit) -> web.Response:
    """Every line the filters let through, as CSV."""
    asked = _asked(visit)
    t = visit.t
    lines = await visit.office.trail.lines(visit.person, asked.wanted)
    rows = [
        [_when(visit, line), word(t, KINDS, line.kind), _action(t, line), line.actor,
         line.cluster, _subject(t, line), _change(t, line, "old"), _change(t, line, "new"),
         line.reason]
        for line in lines
    ]  # fmt: skip
    header = [t._(h) for h in HEADER]
    return csv_file(f"nhat-ky-{visit.now.date().isoformat()}.csv", header, rows)
