"""One signed-in request: who, in which language, with which services, and its checks.

`signed_in` wraps a page: it finds the session's person (refusing a missing, forged or idle
session, or one whose person's role changed), checks the CSRF token of every form, runs the
page in one transaction with the console's services, and answers a refusal with a 403 page.
"""

from __future__ import annotations

import hmac
import logging
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

import aiohttp_jinja2
from aiohttp import BodyPartReader, web
from aiohttp_session import Session, get_session

from bot.console.headers import headers
from bot.i18n import Catalogs, Translator
from bot.services.office.gate import stamp
from bot.services.office.office import Office
from domain.clock import Clock
from domain.config import ProvinceConfig
from domain.people import Person
from domain.refusals import OfficeRefusal, Refused
from storage.db.engine import SessionFactory
from storage.db.liveness import UNREACHABLE

log = logging.getLogger(__name__)

IDLE = timedelta(hours=8)
Form = Literal["none", "fields", "multipart"]


@dataclass(frozen=True, slots=True)
class Setup:
    """What every page needs from the application: the database, words, rules and clock."""

    sessions: SessionFactory
    catalogs: Catalogs
    province: ProvinceConfig
    clock: Clock
    preview_key: bytes  # signs an organisation preview's file between preview and apply
    code_links: dict[str, str] = field(default_factory=dict)  # the core's, per channel


CONFIG = web.AppKey("office_console", Setup)


@dataclass(slots=True)
class Visit:
    """A signed-in person's request, inside its transaction."""

    request: web.Request
    person: Person
    office: Office
    t: Translator
    csrf: str
    now: datetime
    setup: Setup
    fields: dict[str, str] = field(default_factory=dict)  # a form's text fields
    parts: Any = None  # a multipart form's reader, past its CSRF field

    def render(self, template: str, status: int = 200, **context: Any) -> web.Response:
        """Return the template rendered with the page's context and the person's words."""
        return render(self.request, self.t, template, status=status, person=self.person,
                      csrf=self.csrf, **context)  # fmt: skip


def render(
    request: web.Request, t: Translator, template: str, *, status: int = 200, **context: Any
) -> web.Response:
    """Render a template in `t`'s language, with the security headers."""
    context.setdefault("person", None)
    context.setdefault("csrf", "")
    response = aiohttp_jinja2.render_template(
        template, request, {"_": t._, "t": t, "status": status, **context}, status=status
    )
    response.headers.update(headers())
    return response


CSRF = "csrf"  # a refusal's reason beside OfficeRefusal's: a form without the session's token
SIGNED_OUT = "signed_out"  # no session (or a cookie that cannot be read): sign in first


def refusal(request: web.Request, t: Translator, reason: str) -> web.Response:
    """Answer a refusal: a 403 page that says why in the person's words, and nothing more."""
    return render(request, t, "refused.html", status=403, reason=reason)


def _matches(given: object, expected: str) -> bool:
    # Constant time: a timing difference would let a forger guess the token byte by byte.
    return (
        isinstance(given, str)
        and bool(expected)
        and hmac.compare_digest(given.encode(), expected.encode())
    )


async def _csrf_of_multipart(request: web.Request) -> tuple[str, Any]:
    """Return the multipart form's first field (it must be the token) and the reader."""
    try:
        reader = await request.multipart()
        part = await reader.next()
    except (ValueError, AssertionError, KeyError):
        return "", None
    if not isinstance(part, BodyPartReader) or part.name != "csrf":
        return "", reader
    return (await part.read(decode=True))[:200].decode(errors="replace"), reader


async def form_fields(request: web.Request) -> dict[str, str]:
    """Return a posted form's text fields; a body that is no form has none."""
    try:
        data = await request.post()
    except ValueError:
        return {}
    return {key: value for key, value in data.items() if isinstance(value, str)}


Page = Callable[[Visit], Awaitable[web.StreamResponse]]


def signed_in(
    form: Form = "none",
) -> Callable[[Page], Callable[[web.Request], Awaitable[web.StreamResponse]]]:
    """Wrap a page: only a signed-in person sees it; a form must carry the session's token."""

    def wrap(page: Page) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
        async def handle(request: web.Request) -> web.StreamResponse:
            setup = request.config_dict[CONFIG]
            t = setup.catalogs.pick(None)
            session = await get_session(request)
            now = setup.clock.now()
            member_id, remembered = session.get("member"), session.get("stamp")
            seen, started = session.get("seen"), session.get("started")
            if (
                not isinstance(member_id, int) or not isinstance(remembered, str)
                or not isinstance(started, (int, float))
            ):  # fmt: skip
                return refusal(request, t, SIGNED_OUT)  # none, or a cookie we cannot read
            if not isinstance(seen, (int, float)) or now.timestamp() - seen > IDLE.total_seconds():
                session.invalidate()
                return refusal(request, t, OfficeRefusal.ENDED.value)
            csrf = str(session.get("csrf") or "")
            fields: dict[str, str] = {}
            parts = None
            if form == "fields":
                fields = await form_fields(request)
                if not _matches(fields.get("csrf"), csrf):
                    return refusal(request, t, CSRF)
            elif form == "multipart":
                given, parts = await _csrf_of_multipart(request)
                if not _matches(given, csrf):
                    return refusal(request, t, CSRF)
            try:
                async with setup.sessions() as db, db.begin():
                    office = Office.bind(db, setup.catalogs, now, setup.province)
                    try:
                        person = await office.gate.visitor(
                            member_id, remembered, datetime.fromtimestamp(started, UTC)
                        )
                    except Refused:
                        session.invalidate()
                        raise
                    t = setup.catalogs.pick(person.locale)
                    visit = Visit(request, person, office, t, csrf, now, setup, fields, parts)
                    response = await page(visit)
            except Refused as refused:
                reason = refused.reason
                known = reason if isinstance(reason, OfficeRefusal) else OfficeRefusal.NOT_ALLOWED
                return refusal(request, t, known.value)
            except UNREACHABLE as error:
                log.warning("console: database unreachable (%s)", type(error).__name__)
                response = render(request, t, "busy.html", status=503)
                response.headers["Retry-After"] = "30"
                return response
            if "member" in session:  # (signing out emptied it)
                session["seen"] = int(now.timestamp())  # idle time counts from here
            return response

        return handle

    return wrap


def start(session: Session, person: Person, now: datetime) -> None:
    """Fill a new session for `person`: their role's stamp, a CSRF token, the time."""
    session["member"] = person.member_id
    session["stamp"] = stamp(person)
    session["csrf"] = secrets.token_urlsafe(32)
    session["seen"] = int(now.timestamp())
    # Microseconds kept: a sign-out in the same second as a later sign-in must not end it.
    session["started"] = now.timestamp()
