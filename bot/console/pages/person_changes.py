"""A person's changes from their page: unit, role, deactivation, absences, erasure.

Each form posts here with its CSRF token; the service checks who may (the admin; a cluster's
leaders for absences) and refuses with a reason the page words, nothing changed. A change
done, the page is shown again with what was done (a redirect: a reload does not repeat it).
"""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import date
from typing import Any

from aiohttp import web
from aiohttp_session import get_session

from bot.console.pages.people import DATES, FLASH, member_id, page, problem_text
from bot.console.visit import Visit, signed_in
from domain.membership.absence import Span
from domain.office.people import MAX_REASON
from domain.refusals import OfficeRefusal, Refused

routes = web.RouteTableDef()
_PERSON = r"/can-bo/{member:\d{1,9}}"


def _field(visit: Visit, name: str, limit: int = MAX_REASON * 2) -> str:
    # Cut well past the service's limit, so that a reason too long is refused, not shortened.
    return visit.fields.get(name, "")[:limit]


def _number(visit: Visit, name: str) -> int | None:
    text = visit.fields.get(name, "")
    return int(text) if text.isdigit() and len(text) <= 9 else None


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


async def _done(visit: Visit, flash: dict[str, Any]) -> web.Response:
    (await get_session(visit.request))[FLASH] = flash
    # A response, not a raised redirect: raising would roll the transaction back.
    location = f"/quantri/can-bo/{member_id(visit)}"
    return web.Response(status=303, headers={"Location": location})


async def _try(visit: Visit, change: Awaitable[Any], flash: dict[str, Any]) -> web.Response:
    """Make the change; a refusal (other than "not allowed": a 403) shows the page again."""
    try:
        await change
    except Refused as refused:
        if refused.reason is OfficeRefusal.NOT_ALLOWED:
            raise
        return await page(visit, 422, problem=problem_text(visit.t, refused))
    return await _done(visit, flash)


@routes.post(_PERSON + "/don-vi")
@signed_in(form="fields")
async def move(visit: Visit) -> web.Response:
    """Move the person to the unit chosen."""
    unit = _number(visit, "unit")
    changes = visit.office.changes
    change = changes.move(visit.person, member_id(visit), -1 if unit is None else unit,
                          _field(visit, "reason"))  # fmt: skip
    return await _try(visit, change, {"what": "moved"})


@routes.post(_PERSON + "/vai-tro")
@signed_in(form="fields")
async def role(visit: Visit) -> web.Response:
    """Give the person the role chosen."""
    change = visit.office.changes.set_role(
        visit.person, member_id(visit), _field(visit, "role", 16), _field(visit, "reason")
    )
    return await _try(visit, change, {"what": "role"})


@routes.post(_PERSON + "/ngung")
@signed_in(form="fields")
async def deactivate(visit: Visit) -> web.Response:
    """Deactivate the person, with the reason they are told."""
    change = visit.office.changes.deactivate(
        visit.person, member_id(visit), _field(visit, "reason")
    )
    return await _try(visit, change, {"what": "deactivated"})


@routes.post(_PERSON + "/vang")
@signed_in(form="fields")
async def away(visit: Visit) -> web.Response:
    """Mark the person away for the days chosen (the dates checked as the chat checks them)."""
    start, end = _day(_field(visit, "start", 10)), _day(_field(visit, "end", 10))
    if start is None or end is None:
        # The person is looked at first: another cluster's is a 403, not a date's mistake.
        await visit.office.people.target(visit.person, member_id(visit))
        return await page(visit, 422, problem=visit.t._(DATES["bad_date"]))
    change = visit.office.changes.set_away(
        visit.person, member_id(visit), _field(visit, "kind", 16), Span(start, end)
    )
    return await _try(visit, change, {"what": "away"})


@routes.post(_PERSON + r"/vang/{absence:\d{1,9}}/ket-thuc")
@signed_in(form="fields")
async def back(visit: Visit) -> web.Response:
    """End one of the person's absences today."""
    absence = int(visit.request.match_info["absence"])
    change = visit.office.changes.end_away(visit.person, member_id(visit), absence)
    return await _try(visit, change, {"what": "back"})


@routes.post(_PERSON + "/xoa")
@signed_in(form="fields")
async def erase(visit: Visit) -> web.Response:
    """Erase the person's personal data, once confirmed and with a reason (irreversible)."""
    change = visit.office.changes.erase(
        visit.person, member_id(visit), _field(visit, "confirm", 20), _field(visit, "reason")
    )
    return await _try(visit, change, {"what": "erased"})
