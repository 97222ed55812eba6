"""Memory of the bot process: `python -m bot run` against the emulator, idle after its start.

The bot runs as a child process on a copy of the 100,000-member province; once it polls the
emulator for updates it is left idle a few seconds, then VmRSS (resident now) and VmHWM (the
peak) are read from /proc/PID/status. The same is measured on an empty database, for scale.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from pathlib import Path

from bench.common import ROOT, Options, Result, Row, migrated_database, until
from bench.outbox.fanout import world_database
from emulator.telegram import TelegramEmulator


def status_kib(pid: int, field: str) -> int:
    """Return a `kB` field of /proc/PID/status (VmRSS, VmHWM), in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise KeyError(field)


async def measure(database_url: str, idle: float) -> tuple[float, float, int]:
    """Start the bot, wait until it polls, idle; return (RSS MiB, peak MiB, messages sent)."""
    async with TelegramEmulator() as emu:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ZALO_"))}
        env |= {
            "DATABASE_URL": database_url, "TELEGRAM_BOT_TOKEN": emu.token,
            "TELEGRAM_API_BASE_URL": emu.base_url, "ZALO_BOT_TOKEN": "",
            "CONFIG_DIR": str(ROOT / "config"), "LOG_LEVEL": "WARNING",
        }  # fmt: skip
        bot = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=ROOT, env=env,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        try:
            await until(
                lambda: (
                    bot.returncode is not None
                    or any(method == "getUpdates" for _, method, _ in emu.calls)
                ),
                within=120,
                what="the bot to poll",
            )
            if bot.returncode is None:
                await asyncio.sleep(idle)
            if bot.returncode is not None:
                _, stderr = await bot.communicate()
                raise RuntimeError(f"the bot exited with {bot.returncode}: {stderr.decode()}")
            rss, peak = status_kib(bot.pid, "VmRSS"), status_kib(bot.pid, "VmHWM")
        finally:
            if bot.returncode is None:
                bot.send_signal(signal.SIGTERM)
                await bot.communicate()
        sent = sum(1 for _, method, _ in emu.calls if method == "sendMessage")
    return rss / 1024, peak / 1024, sent


async def run(options: Options) -> Result:
    """Measure the idle bot's memory at 100,000 members, `options.runs` starts."""
    idle = 3.0 if options.quick else 5.0
    url, _ = await world_database(options, "memory")
    empty = await migrated_database(options.workdir, "memory-empty")
    rss: list[float] = []
    peak: list[float] = []
    sent: list[int] = []
    started = time.perf_counter()
    for _ in range(options.runs):
        now, top, messages = await measure(url, idle)
        rss.append(now)
        peak.append(top)
        sent.append(messages)
    per_start = (time.perf_counter() - started) / options.runs
    empty_rss, empty_peak, _ = await measure(empty, idle)
    result = Result(
        "memory",
        f"`python -m bot run` (a child process) on a copy of the 100,000-member province, "
        f"idle {idle:.0f} s after it first polled the emulator",
    )
    result.rows = [
        Row(
            "VmRSS, idle",
            "MiB",
            rss,
            "≤ 300 MB (286 MiB)",
            at_most=300 / 1.048576,
            digits=1,
        ),
        Row("VmHWM (peak since start)", "MiB", peak, digits=1),
        Row("VmRSS, idle, empty database", "MiB", [empty_rss], digits=1),
    ]
    result.notes.append(
        f"with an empty database: {empty_rss:.1f} MiB resident, {empty_peak:.1f} MiB peak; "
        f"a start and idle took {per_start:.1f} s; messages the bot sent while measured: "
        f"{', '.join(map(str, sent))} (reminders due at start would show here)"
    )
    return result
