"""The leaders' unused claim codes on one printable page, each with its Telegram QR code."""

from __future__ import annotations

import segno
from aiohttp import web

from bot.console.visit import Visit, signed_in
from bot.console.words import ITEMS, word

routes = web.RouteTableDef()


def _qr(link: str) -> str:
    """Return the link as a QR code, an SVG in a data URI (the page loads nothing else)."""
    return str(segno.make(link, error="m").svg_data_uri(scale=4, border=2))


@routes.get("/to-chuc/ma-nhan")
@signed_in()
async def claims(visit: Visit) -> web.Response:
    """Every leader, deputy and admin who has not joined, with their code and its QR."""
    people = await visit.office.organisation.claims(visit.person)
    telegram = visit.setup.code_links.get("telegram")
    t, tz = visit.t, visit.setup.province.tz
    cards = [
        {
            "name": p.name, "role": word(t, ITEMS, p.role), "cluster": p.cluster, "code": p.code,
            "until": t.date(p.expires_at.astimezone(tz).date()) if p.expires_at else "",
            "link": telegram.format(code=p.code) if telegram and p.code else "",
            "qr": _qr(telegram.format(code=p.code)) if telegram and p.code else "",
        }
        for p in people
    ]  # fmt: skip
    made = (visit.request.query.get("made") or "")[:6]
    return visit.render(
        "claims.html", cards=cards, waiting=sum(1 for p in people if p.code is None),
        made=int(made) if made.isdigit() else None,
    )  # fmt: skip


@routes.post("/to-chuc/ma-nhan")
@signed_in(form="fields")
async def make(visit: Visit) -> web.Response:
    """Make a code for each person who has none alive, then show the page again."""
    made = await visit.office.organisation.make_claims(visit.person)
    # A response, not a raised redirect: raising would roll the transaction back.
    return web.Response(status=303, headers={"Location": f"/quantri/to-chuc/ma-nhan?made={made}"})
