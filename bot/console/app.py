"""The console as a sub-application of the bot's web server, under /quantri."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import aiohttp_jinja2
import aiohttp_session
import jinja2
from aiohttp import web
from aiohttp.typedefs import Handler
from aiohttp_session.cookie_storage import EncryptedCookieStorage

from bot.console.headers import headers
from bot.console.pages import ROUTES
from bot.console.pages.signin import LINK_KEY
from bot.console.visit import CONFIG, IDLE, Setup, render
from domain.office.signin import derive

log = logging.getLogger(__name__)

PREFIX = "/quantri"
COOKIE = "thidua_quantri"
MAX_PATH = 300  # no page of the console has a longer address
_HERE = Path(__file__).parent
_STYLE = (_HERE / "static" / "console.css").read_bytes()


@dataclass(frozen=True, slots=True)
class Keys:
    """The console's keys, each derived from the one secret for its own use."""

    links: bytes
    cookies: bytes
    previews: bytes

    @classmethod
    def of(cls, secret: bytes) -> Keys:
        """Derive the keys from the console's secret."""
        return cls(
            derive(secret, "sign-in-links"), derive(secret, "cookies"), derive(secret, "previews")
        )


@web.middleware
async def _guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Refuse odd addresses early; answer every error with a page, never a traceback."""
    setup = request.config_dict[CONFIG]
    t = setup.catalogs.pick(None)
    if len(request.raw_path) > MAX_PATH:
        return render(request, t, "error.html", status=414)
    try:
        response = await handler(request)
    except web.HTTPRedirection as redirect:
        redirect.headers.update(headers())
        raise
    except web.HTTPException as error:
        return render(request, t, "error.html", status=error.status)
    except Exception:
        log.exception("console: %s %s failed", request.method, request.path)
        return render(request, t, "error.html", status=500)
    response.headers.update(headers())
    return response


async def _style(_request: web.Request) -> web.Response:
    return web.Response(body=_STYLE, content_type="text/css", headers=headers())


@dataclass(slots=True)
class Console:
    """Mount the console's pages on the bot's web application."""

    setup: Setup
    keys: Keys
    secure: bool  # served over https: the cookie is sent over https only

    def application(self) -> web.Application:
        """Return the console as an application of its own (mounted under /quantri)."""
        console = web.Application(middlewares=[_guard])
        console[CONFIG] = self.setup
        console[LINK_KEY] = self.keys.links
        aiohttp_jinja2.setup(
            console, loader=jinja2.FileSystemLoader(_HERE / "templates"), autoescape=True,
            undefined=jinja2.StrictUndefined,
        )  # fmt: skip
        storage = EncryptedCookieStorage(
            self.keys.cookies, cookie_name=COOKIE, path=PREFIX, httponly=True,
            samesite="Strict", secure=self.secure, max_age=int(IDLE.total_seconds()),
        )  # fmt: skip
        aiohttp_session.setup(console, storage)
        console.router.add_get("/static/console.css", _style)
        for table in ROUTES:
            console.add_routes(table)
        return console

    def mount(self, app: web.Application) -> None:
        """Add the console under /quantri to the bot's web application."""
        app.add_subapp(PREFIX, self.application())
