"""`python -m bot demo`: chat with the real bot in this terminal, through a local emulator.

The bot runs unchanged (the channel adapter, the core, SQLite); only Telegram or Zalo is
replaced by an emulator on loopback, so what you see is what a member would see. The demo
province of `examples/org.yaml` is loaded with a year of data up to today (its finale
included), and a code lets you try the bot as a leader. Files and photos the bot sends are
saved under data/demo-files/.
"""

from __future__ import annotations

import asyncio
import html
import re
import secrets
import socket
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any, Protocol

from pydantic import SecretStr

from bot.app import BotApp
from bot.config import Settings
from bot.demo.files import DEMO_FILES, FILE_LINK, SavedFiles
from domain.clock import Clock
from emulator.telegram import TelegramEmulator
from emulator.zalo import ZaloEmulator

DEMO_DATABASE_URL = "sqlite+aiosqlite:///data/demo.db"
DEMO_ORG = Path(__file__).resolve().parents[2] / "examples" / "org.yaml"
DEMO_TOKEN = "123456:DEMO"
_TAG = re.compile(r"<[^>]+>")
_QUIET = 0.4  # seconds without a new message before the bot counts as done answering


class _Side(Protocol):
    async def send(self, text: str) -> list[str]: ...


async def run_demo(
    settings: Settings,
    *,
    stdin: Any = None,
    stdout: Any = None,
    database_url: str = DEMO_DATABASE_URL,
    channel: str = "telegram",
    clock: Clock | None = None,
    files: Path = DEMO_FILES,
) -> int:
    """Run an emulator and the bot, and relay lines between the terminal and the bot; every
    file and photo the bot sends is saved under `files`."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    # The dashboard on loopback: a secret made for this run unless one is configured.
    port = _free_port(settings.webhook_listen, settings.webhook_port)
    base: dict[str, object] = {
        "database_url": database_url,
        "telegram_webhook_url": None,
        "zalo_webhook_url": None,
        "webhook_port": port,
        "public_base_url": f"http://{settings.webhook_listen}:{port}",
        "dashboard_secret": settings.dashboard_secret or SecretStr(secrets.token_urlsafe(32)),
    }
    if channel == "zalo":
        async with ZaloEmulator() as zalo:
            update = base | {
                "zalo_bot_token": SecretStr(zalo.token),
                "zalo_api_base_url": zalo.base_url,
                "telegram_bot_token": None,
            }
            side: _Side = _ZaloSide(zalo, SavedFiles(files))
            await _with_bot(settings.model_copy(update=update), side, stdin, stdout, clock)
        return 0
    async with TelegramEmulator(DEMO_TOKEN, bot_username="thidua_demo_bot") as telegram:
        update = base | {
            "telegram_bot_token": SecretStr(DEMO_TOKEN),
            "telegram_api_base_url": telegram.base_url,
            "telegram_api_file_url": telegram.base_file_url,
            "zalo_bot_token": None,
        }
        side = _TelegramSide(telegram, SavedFiles(files))
        await _with_bot(settings.model_copy(update=update), side, stdin, stdout, clock)
    return 0


async def _with_bot(
    settings: Settings, side: _Side, stdin: Any, stdout: Any, clock: Clock | None
) -> None:
    app = BotApp(settings, clock=clock)
    await app.start()
    try:
        code, member_code, link = await load_demo_province(app)
        _print(
            stdout,
            "Demo thidua-bot — đồng chí đang chat với bot như một người dùng (kênh giả lập).\n"
            "Gõ /start, /trogiup, /ngonngu …; gõ số để chọn; Ctrl-D để thoát.\n"
            "Demo of thidua-bot — type /help, /lang …; a number picks an option; Ctrl-D quits.",
        )
        if code:
            _print(stdout, f"Thử vai trò Trưởng cụm / try a cluster leader: /start {code}")
        if member_code:
            _print(stdout, f"Thử vai trò thành viên / try a member: /start {member_code}")
        if link:
            _print(stdout, f"Bảng điều khiển của cụm / the cluster's dashboard: {link}")
        office = await office_link(app)
        if office:
            _print(
                stdout,
                "Trang quản trị của Ban Thi đua - Khen thưởng (dùng một lần, 10 phút) / the "
                f"office console (once, 10 minutes): {office}",
            )
        while True:
            stdout.write("> ")
            stdout.flush()
            line = await asyncio.to_thread(stdin.readline)
            if not line:
                break
            if line.strip():
                for text in await side.send(line.strip()):
                    _print(stdout, text)
        _print(stdout, "\nTạm biệt! / Goodbye!")
    finally:
        await app.stop()


async def load_demo_province(app: BotApp) -> tuple[str | None, str | None, str | None]:
    """Load the demo province and its year; return a leader's and a member's claim codes and
    the leader's dashboard link (each None when there is none to give)."""
    from bot.demo.finale import seed_finale
    from bot.orgfile.files import read_org_file
    from domain.calendar.occasions import phase_of
    from domain.roles import Role
    from storage.demo.year import seed_year
    from storage.membership.invites import create_invite
    from storage.membership.org_import import import_org
    from storage.membership.people import unclaimed

    await import_org(sessions=app.sessions, org=await asyncio.to_thread(read_org_file, DEMO_ORG))
    now = app.clock.now()
    today = now.astimezone(app.settings.tz).date()
    kinds = {item.key: item.vi for item in app.province.activities.kinds}
    codes: list[str | None] = []
    link = None
    async with app.sessions() as session, session.begin():
        await seed_year(
            session=session, today=today, phase_start=phase_of(today).start, kinds=kinds
        )
        await seed_finale(session=session, catalogs=app.catalogs, province=app.province, now=now)
        for role in (Role.LEADER, Role.MEMBER):
            found = await unclaimed(session=session, roles=[role.value])
            if not found:
                codes.append(None)
                continue
            person = found[0]
            invite = await create_invite(
                session=session, unit_id=person.unit_id, cluster_id=person.cluster_id,
                role=person.role, created_by=None, member_id=person.id,
                expires_at=now + timedelta(days=1), max_uses=1,
            )  # fmt: skip
            codes.append(invite.code)
            if role is Role.LEADER and app.core.dashboard and person.id and person.cluster_id:
                link = app.core.dashboard.url(person.id, person.cluster_id, now)
    return codes[0], codes[1], link


async def office_link(app: BotApp) -> str | None:
    """Return a sign-in link to the office console for the demo's admin (None: no console).

    The demo's admin has joined no channel; in the demo the link is printed instead of sent
    by /quantri.
    """
    from sqlmodel import col, select

    from domain.roles import Role
    from storage.membership.models import Member

    if app.core.office is None:
        return None
    async with app.sessions() as session:
        statement = select(col(Member.id)).where(col(Member.role) == Role.ADMIN.value)
        admin = (await session.exec(statement.order_by(col(Member.id)))).first()
    return app.core.office.url(admin, app.clock.now()) if admin is not None else None


class _TelegramSide:
    """A Telegram user: buttons are shown numbered, and a number presses one."""

    def __init__(self, emulator: TelegramEmulator, files: SavedFiles) -> None:
        self.emulator = emulator
        self.files = files
        self.user = emulator.user(1001, "Nguyễn Văn An", language_code="vi")
        self.last_with_buttons: dict[str, Any] | None = None

    async def send(self, text: str) -> list[str]:
        buttons = _buttons(self.last_with_buttons)
        if text.isdigit() and self.last_with_buttons and 1 <= int(text) <= len(buttons):
            await self.emulator.press(self.user, self.last_with_buttons, int(text) - 1)
        else:
            await self.emulator.send_text(self.user, text)
        shown = []
        for message in await _drain(self.emulator.wait_messages, self.user.id):
            if _buttons(message):
                self.last_with_buttons = message
            shown.append(_telegram_text(message, self._saved(message)))
        return shown

    def _saved(self, message: dict[str, Any]) -> str | None:
        """Save the message's document or photo (its largest size); return the path."""
        document, photo = message.get("document"), message.get("photo")
        if document:
            data = self.emulator.file_bytes(document["file_id"])
            return self.files.save(data, document.get("file_name") or "tep")
        if photo:
            return self.files.save(self.emulator.file_bytes(photo[-1]["file_id"]))
        return None


class _ZaloSide:
    """A Zalo user: plain text both ways, options answered by their number."""

    def __init__(self, emulator: ZaloEmulator, files: SavedFiles) -> None:
        self.emulator = emulator
        self.files = files
        self.user = emulator.user("Nguyễn Văn An")

    async def send(self, text: str) -> list[str]:
        await self.emulator.send_text(self.user, text)
        messages = await _drain(self.emulator.wait_messages, self.user.id)
        return [await self._shown(message) for message in messages]

    async def _shown(self, message: dict[str, Any]) -> str:
        """Show the message; a photo or a file link is saved and shown as its path."""
        text = str(message.get("text") or message.get("caption") or "")
        photo = message.get("photo")
        if photo:  # Zalo sends photos by link
            path = await self.files.download(str(photo), photo=True)
            return "\n".join(_with_marker(text, f"[ảnh / photo: {path}]"))
        for link in FILE_LINK.findall(text):  # a document: its name and link in the text
            path = await self.files.download(link)
            text = text.replace(link, f"{link}\n[tệp / file: {path}]")
        return _indent(text)


async def _drain(wait: Any, chat_id: Any) -> list[dict[str, Any]]:
    try:
        messages: list[dict[str, Any]] = await wait(chat_id, 1, timeout=10)
    except TimeoutError:
        return []
    while True:
        try:
            messages += await wait(chat_id, 1, timeout=_QUIET)
        except TimeoutError:
            return messages


def _buttons(message: dict[str, Any] | None) -> list[str]:
    if not message:
        return []
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return [button["text"] for row in rows for button in row]


def _telegram_text(message: dict[str, Any], saved: str | None) -> str:
    text = html.unescape(_TAG.sub("", message.get("text") or message.get("caption") or ""))
    lines = [_indent(text)]
    if message.get("document"):  # a workbook or a report: saved where the person can open it
        lines = _with_marker(text, f"[tệp / file: {saved}]")
    if message.get("photo"):  # a chart or a QR code: the terminal cannot show it
        lines = _with_marker(text, f"[ảnh / photo: {saved}]")
    lines += [f"     [{n}] {label}" for n, label in enumerate(_buttons(message), start=1)]
    return "\n".join(lines)


def _with_marker(text: str, marker: str) -> list[str]:
    """Show a photo as a marker, on the message's line when it has no text."""
    return [_indent(text), f"     {marker}"] if text else [_indent(marker)]


def _indent(text: str) -> str:
    return "\n".join(
        f"bot: {line}" if i == 0 else f"     {line}" for i, line in enumerate(text.split("\n"))
    )


def _print(stdout: Any, text: str) -> None:
    stdout.write(text + "\n")
    stdout.flush()


def _free_port(host: str, preferred: int) -> int:
    """Return `preferred` when it is free, else any free port (another bot may hold it)."""
    for port in (preferred, 0):
        with socket.socket() as probe:
            try:
                probe.bind((host, port))
            except OSError:
                continue
            return int(probe.getsockname()[1])
    raise OSError(f"no free port on {host}")
