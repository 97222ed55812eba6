"""Signing in and out: the link from /quantri, a page that asks to confirm, the session.

Opening the link only shows a button: a link previewer (a chat app fetching the page to
show a card) must not spend the link. The button's POST spends it and opens the session.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from aiohttp import web
from aiohttp_session import get_session, new_session

from bot.console.visit import (
    CONFIG,
    CSRF,
    Visit,
    form_fields,
    refusal,
    render,
    signed_in,
    start,
)
from bot.services.office.gate import Gate
from domain.office.signin import SignIn, check
from domain.refusals import Refused
from domain.roles import Role

LINK_KEY: web.AppKey[bytes] = web.AppKey("office_link_key", bytes)
routes = web.RouteTableDef()


def _grant(request: web.Request, token: str) -> SignIn | str:
    setup = request.config_dict[CONFIG]
    found = check(request.config_dict[LINK_KEY], token, setup.clock.now())
    return found if isinstance(found, SignIn) else found.value


def _from_elsewhere(request: web.Request) -> bool:
    """Tell whether the browser says the form was posted by another site.

    Our pages send no referrer, so a browser names the form's origin "null": Sec-Fetch-Site
    says where it came from all the same.
    """
    if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
        return True
    origin = request.headers.get("Origin", "null")
    return origin != "null" and urlsplit(origin).netloc != request.host


@routes.get(r"/vao/{token:[A-Za-z0-9._-]{1,160}}")
async def confirm(request: web.Request) -> web.Response:
    """Show whose link it is and a button to sign in; refuse a bad, old or used link."""
    setup = request.config_dict[CONFIG]
    t = setup.catalogs.pick(None)
    token = request.match_info["token"]
    grant = _grant(request, token)
    if isinstance(grant, str):
        return refusal(request, t, grant)
    try:
        async with setup.sessions() as db:
            person = await Gate(db, setup.clock.now()).look(grant)
    except Refused as refused:
        return refusal(request, t, refused.reason.value)
    t = setup.catalogs.pick(person.locale)
    return render(request, t, "signin.html", token=token, name=person.full_name)


@routes.post("/vao")
async def sign_in(request: web.Request) -> web.Response:
    """Spend the link and open a session; the person lands on their first page."""
    setup = request.config_dict[CONFIG]
    t = setup.catalogs.pick(None)
    if _from_elsewhere(request):
        # Another site posting someone's link would sign the browser in as that someone.
        return refusal(request, t, CSRF)
    grant = _grant(request, (await form_fields(request)).get("token", "")[:160])
    if isinstance(grant, str):
        return refusal(request, t, grant)
    now = setup.clock.now()
    try:
        async with setup.sessions() as db, db.begin():
            person = await Gate(db, now).sign_in(grant)
    except Refused as refused:
        return refusal(request, t, refused.reason.value)
    start(await new_session(request), person, now)  # a new session: none is carried over
    raise web.HTTPSeeOther("/quantri/")


@routes.get("/")
@signed_in()
async def home(visit: Visit) -> web.Response:
    """Send the admin to the province, a leader to their cluster."""
    person = visit.person
    if person.role is Role.ADMIN or person.led_cluster_id is None:
        raise web.HTTPSeeOther("/quantri/tinh")
    raise web.HTTPSeeOther(f"/quantri/cum/{person.led_cluster_id}")


@routes.post("/ra")
@signed_in(form="fields")
async def sign_out(visit: Visit) -> web.Response:
    """End this session (the cookie goes) and say so."""
    await visit.office.gate.sign_out(visit.person)
    (await get_session(visit.request)).invalidate()
    return render(visit.request, visit.t, "refused.html", status=200, reason="bye")
