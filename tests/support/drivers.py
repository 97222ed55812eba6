"""Talk to the running bot as a person on either channel, through the local emulators.

A `Driver` hides what differs between channels (buttons on Telegram, numbered lines on
Zalo) so that one conversation test runs on both.
"""

from __future__ import annotations

import asyncio
import re
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

from pydantic import SecretStr

from bot.app import BotApp
from bot.config import Settings
from emulator.telegram import TelegramEmulator
from emulator.zalo import ZaloEmulator

CHANNELS = ("telegram", "zalo")
_NUMBERED = re.compile(r"^(\d+)\. (.+)$")
# The bot serving each emulator, so that a driver can tell when an answer is whole.
_SERVING: weakref.WeakKeyDictionary[object, BotApp] = weakref.WeakKeyDictionary()


def serving(emulator: object, app: BotApp) -> None:
    """Remember that `app` answers on `emulator` (a restarted bot replaces the first)."""
    _SERVING[emulator] = app


async def answered(emulator: object, fallback: float = 2.0) -> None:
    """Return once the bot serving `emulator` has sent every reply it is handling.

    A reply is sent before its update leaves the inbox's hands, so an idle inbox means the
    whole answer is at the emulator. A bot the driver does not know: wait `fallback` s.
    """
    app = _SERVING.get(emulator)
    if app is None:
        await asyncio.sleep(fallback)
        return
    async with asyncio.timeout(20):
        await app.inbox.drained()


@dataclass
class Seen:
    """One bot message as the person sees it."""

    text: str
    options: list[str] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)


class Driver(Protocol):
    channel: str

    async def send(self, text: str, *, expect: int = 1) -> list[Seen]: ...

    async def choose(self, label: str, *, expect: int = 1) -> list[Seen]: ...

    async def sticker(self, *, expect: int = 1) -> list[Seen]: ...

    async def silence(self, seconds: float = 0.5) -> None: ...


class _EmulatorDriver:
    """What both channels' drivers do alike; subclasses read options their own way."""

    emu: Any  # a TelegramEmulator or a ZaloEmulator: the same driver calls on both
    user: Any

    def _options(self, message: dict[str, Any]) -> list[str]:
        raise NotImplementedError

    def _remember(self, message: dict[str, Any], options: list[str]) -> None:
        raise NotImplementedError

    async def _collect(self, expect: int) -> list[Seen]:
        messages = await self.emu.wait_messages(self.user.id, expect)
        seen = []
        for message in messages:
            options = self._options(message)
            if options:
                self._remember(message, options)
            seen.append(Seen(message.get("text", ""), options, message))
        return seen

    async def send(self, text: str, *, expect: int = 1) -> list[Seen]:
        await self.emu.send_text(self.user, text)
        return await self._collect(expect)

    async def sticker(self, *, expect: int = 1) -> list[Seen]:
        await self.emu.send_sticker(self.user)
        return await self._collect(expect)

    async def silence(self, seconds: float = 0.5) -> None:
        await asyncio.sleep(seconds)
        try:
            extra = await self.emu.wait_messages(self.user.id, 1, timeout=0.05)
        except TimeoutError:
            return
        raise AssertionError(f"unexpected message: {extra}")


class TelegramDriver(_EmulatorDriver):
    channel = "telegram"

    def __init__(self, emu: TelegramEmulator, user_id: int, language: str | None) -> None:
        self.emu = emu
        self.user = emu.user(user_id, "Trần Thị Bình", language_code=language)
        self.last_options: dict[str, Any] | None = None

    def _options(self, message: dict[str, Any]) -> list[str]:
        rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
        return [button["text"] for row in rows for button in row]

    def _remember(self, message: dict[str, Any], options: list[str]) -> None:
        self.last_options = message

    async def choose(self, label: str, *, expect: int = 1) -> list[Seen]:
        assert self.last_options is not None, "no options were offered"
        await self.emu.press(self.user, self.last_options, label)
        return await self._collect(expect)


class ZaloDriver(_EmulatorDriver):
    channel = "zalo"

    def __init__(self, emu: ZaloEmulator) -> None:
        self.emu = emu
        self.user = emu.user("Trần Thị Bình")
        self.last_options: list[str] = []

    def _options(self, message: dict[str, Any]) -> list[str]:
        text = str(message.get("text", ""))
        return [m.group(2) for line in text.split("\n") if (m := _NUMBERED.match(line))]

    def _remember(self, message: dict[str, Any], options: list[str]) -> None:
        self.last_options = options

    async def choose(self, label: str, *, expect: int = 1) -> list[Seen]:
        # Zalo has no buttons: the person answers with the option's number.
        number = self.last_options.index(label) + 1
        return await self.send(str(number), expect=expect)


@dataclass
class Running:
    """The bot running against one emulator, and a way to get drivers."""

    channel: str
    app: BotApp
    telegram: TelegramEmulator | None = None
    zalo: ZaloEmulator | None = None
    _next_user: int = 1001

    def person(self, language: str | None = "vi") -> Driver:
        """Return a new person on this channel (Zalo gives no language hint)."""
        self._next_user += 1
        if self.telegram is not None:
            return TelegramDriver(self.telegram, self._next_user, language)
        assert self.zalo is not None
        return ZaloDriver(self.zalo)


def channel_settings(
    settings: Settings,
    telegram: TelegramEmulator | None = None,
    zalo: ZaloEmulator | None = None,
) -> Settings:
    """Return `settings` pointed at the given emulators."""
    update: dict[str, Any] = {}
    if telegram is not None:
        update |= {
            "telegram_bot_token": SecretStr(telegram.token),
            "telegram_api_base_url": telegram.base_url,
            "telegram_api_file_url": telegram.base_file_url,
        }
    if zalo is not None:
        update |= {"zalo_bot_token": SecretStr(zalo.token), "zalo_api_base_url": zalo.base_url}
    return settings.model_copy(update=update)


@asynccontextmanager
async def running_bot(channel: str, settings: Settings) -> AsyncIterator[Running]:
    """Start an emulator for `channel` and the whole bot against it; check both at the end."""
    if channel == "telegram":
        async with TelegramEmulator() as telegram:
            app = BotApp(channel_settings(settings, telegram=telegram))
            serving(telegram, app)
            await app.start()
            running = Running(channel, app, telegram=telegram)
            try:
                yield running
            finally:
                # The app the test left there: a test that restarts the bot swaps in another.
                await running.app.stop()
            telegram.assert_no_violations()
            telegram.assert_no_repeated_acts()
    else:
        async with ZaloEmulator() as zalo:
            app = BotApp(channel_settings(settings, zalo=zalo))
            if app.zalo is not None:
                app.zalo.poll_timeout = 2  # short polls make stop() quick in tests
            serving(zalo, app)
            await app.start()
            running = Running(channel, app, zalo=zalo)
            try:
                yield running
            finally:
                # The app the test left there: a test that restarts the bot swaps in another.
                await running.app.stop()
            zalo.assert_no_violations()


@dataclass
class Both:
    """The bot running with both channels at once."""

    app: BotApp
    telegram: TelegramEmulator
    zalo: ZaloEmulator


@asynccontextmanager
async def running_both(settings: Settings) -> AsyncIterator[Both]:
    """Start both emulators and one bot process serving both channels."""
    async with TelegramEmulator() as telegram, ZaloEmulator() as zalo:
        app = BotApp(channel_settings(settings, telegram=telegram, zalo=zalo))
        assert app.zalo is not None
        app.zalo.poll_timeout = 2
        serving(telegram, app)
        serving(zalo, app)
        await app.start()
        try:
            yield Both(app, telegram, zalo)
        finally:
            await app.stop()
        telegram.assert_no_violations()
        telegram.assert_no_repeated_acts()
        zalo.assert_no_violations()
