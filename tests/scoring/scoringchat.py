"""Talking to the finale's screens: a screen may be several messages on Zalo (2000 chars)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.app import BotApp
from domain.text import short_label
from tests.activity.activity_helpers import Person
from tests.support import drivers
from tests.support.drivers import Both, Seen, TelegramDriver, ZaloDriver


async def _rest(driver: Person, first: list[Seen]) -> Seen:
    """Collect the pages that follow a full one (a long screen is split by the channel)."""
    pages = list(first)
    full = 1500 if isinstance(driver, ZaloDriver) else 3500
    if len(pages[-1].text) >= full:
        await drivers.answered(driver.emu)
    while len(pages[-1].text) >= full:
        try:
            [message] = await driver.emu.wait_messages(driver.user.id, 1, timeout=0.01)
        except TimeoutError:
            break
        options = driver._options(message)
        if options:
            driver._remember(message, options)
        pages.append(Seen(message.get("text", ""), options, message))
    text = "\n".join(p.text for p in pages)
    if isinstance(driver, ZaloDriver) and pages[-1].options:
        text = text.rsplit("\n\n1. ", 1)[0]  # the numbered options, shown as buttons elsewhere
    return Seen(text, pages[-1].options, pages[-1].raw)


async def say(driver: Person, text: str, expect: int = 1) -> Seen:
    """Send `text`; return the whole answer (its pages joined) with the last page's options."""
    await driver.emu.send_text(driver.user, text)
    return await _rest(driver, await driver._collect(expect))


def shown(driver: Person, label: str) -> str:
    """Return the label as the channel shows it: a Telegram button cuts a long one."""
    return short_label(label) if isinstance(driver, TelegramDriver) else label


async def pick(driver: Person, label: str, expect: int = 1) -> Seen:
    """Choose an option by its full label; return the whole answer."""
    if isinstance(driver, ZaloDriver):
        return await say(driver, str(driver.last_options.index(label) + 1), expect)
    assert isinstance(driver, TelegramDriver) and driver.last_options is not None
    await driver.emu.press(driver.user, driver.last_options, shown(driver, label))
    return await _rest(driver, await driver._collect(expect))


@asynccontextmanager
async def restarted(both: Both) -> AsyncIterator[BotApp]:
    """Stop the bot and run a new process on the same database and emulators."""
    await both.app.stop()
    # tests.support.drivers.BotApp, which a test may have given a fixed clock (fix_clock).
    make = vars(drivers)["BotApp"]
    second: BotApp = make(both.app.settings)
    assert second.zalo is not None
    second.zalo.poll_timeout = 2
    drivers.serving(both.telegram, second)
    drivers.serving(both.zalo, second)
    await second.start()
    try:
        yield second
    finally:
        await second.stop()
