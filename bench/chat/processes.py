"""The bots measured as they run: each in a process of its own, the emulator in this one.

Telegram's servers are not in the bot's process, and on this 2-core machine an emulator
sharing the bot's event loop would bill its own work (parsing, validating against the Bot
API description, storing) to whichever bot it serves. So the bench process holds the
emulators and the clock; ours runs as `python -m bot run`, the echo bot as
`python -m bench.chat.echo`, both polling their emulator over loopback.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from bench.common import ROOT
from emulator.telegram import TelegramEmulator

STOP_WITHIN = 30.0


def _environment(emu: TelegramEmulator, **settings: Any) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ZALO_"))}
    env |= {
        "TELEGRAM_BOT_TOKEN": emu.token, "TELEGRAM_API_BASE_URL": emu.base_url,
        "TELEGRAM_API_FILE_URL": emu.base_file_url, "ZALO_BOT_TOKEN": "",
        "CONFIG_DIR": str(ROOT / "config"), "LOG_LEVEL": "WARNING",
    }  # fmt: skip
    return env | {name.upper(): str(value) for name, value in settings.items()}


@asynccontextmanager
async def _child(*args: str, env: dict[str, str]) -> AsyncIterator[asyncio.subprocess.Process]:
    child = await asyncio.create_subprocess_exec(
        sys.executable, *args, cwd=ROOT, env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        yield child
    finally:
        if child.returncode is None:
            child.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(child.communicate(), STOP_WITHIN)
            except TimeoutError:
                child.kill()
                await child.communicate()


@asynccontextmanager
async def bot_process(
    database_url: str, emu: TelegramEmulator, **settings: Any
) -> AsyncIterator[asyncio.subprocess.Process]:
    """Run `python -m bot run` on `database_url` against `emu`, with `settings` as env."""
    env = _environment(emu, database_url=database_url, **settings)
    async with _child("-m", "bot", "run", env=env) as child:
        yield child


@asynccontextmanager
async def echo_process(emu: TelegramEmulator) -> AsyncIterator[asyncio.subprocess.Process]:
    """Run the bare python-telegram-bot echo bot (`python -m bench.chat.echo`) against `emu`."""
    async with _child("-m", "bench.chat.echo", env=_environment(emu)) as child:
        yield child
