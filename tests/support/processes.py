"""Several `python -m bot run` processes in webhook mode behind one address, for the tests."""

from __future__ import annotations

import asyncio
import collections
import contextlib
import glob
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
from aiohttp import web

from emulator.telegram import TelegramEmulator
from tests.support.ports import free_port

ROOT = Path(__file__).resolve().parents[2]
SECRET = "webhook-secret-123"


class Balancer:
    """What nginx does in front of the processes: each POST to the next one, round robin."""

    def __init__(self, ports: list[int]) -> None:
        self.ports = ports
        self.port = free_port()
        self._next = itertools.cycle(range(len(ports)))
        self._runner: web.AppRunner | None = None
        self._http: aiohttp.ClientSession | None = None
        self.statuses: collections.Counter[int] = collections.Counter()  # answers given

    async def __aenter__(self) -> Balancer:
        self._http = aiohttp.ClientSession()
        app = web.Application()
        app.router.add_post("/telegram", self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
        return self

    async def __aexit__(self, *_: object) -> None:
        assert self._runner is not None and self._http is not None
        await self._runner.cleanup()
        await self._http.close()

    async def _forward(self, request: web.Request) -> web.Response:
        assert self._http is not None
        body, headers = await request.read(), {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        port = self.ports[next(self._next)]
        try:
            url = f"http://127.0.0.1:{port}/telegram"
            async with self._http.post(url, data=body, headers=headers) as response:
                self.statuses[response.status] += 1
                return web.Response(status=response.status, body=await response.read())
        except aiohttp.ClientError:
            self.statuses[502] += 1
            return web.Response(status=502)  # a dead process: Telegram delivers again


async def start_bot(
    emu: TelegramEmulator,
    database_url: str,
    *,
    port: int,
    public: int,
    lease: float = 10.0,
    config_dir: Path | None = None,
) -> asyncio.subprocess.Process:
    """Start one bot process serving its webhook on `port`, Telegram told to use `public`.

    `lease` (inbox and outbox) is how long a process that died holds what it had in hand; a
    live process on a loaded machine must finish within it, or another sends the same again.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ZALO_"))}
    env |= {
        "DATABASE_URL": database_url, "TELEGRAM_BOT_TOKEN": emu.token,
        "TELEGRAM_API_BASE_URL": emu.base_url, "TELEGRAM_MAX_RATE": "1000",
        "TELEGRAM_WEBHOOK_URL": f"http://127.0.0.1:{public}/telegram",
        "TELEGRAM_WEBHOOK_SECRET": SECRET, "WEBHOOK_LISTEN": "127.0.0.1",
        "WEBHOOK_PORT": str(port), "MONITORING": "true", "OUTBOX_LEASE_SECONDS": str(lease),
        "OUTBOX_CHAT_INTERVAL_SECONDS": "0", "INBOX_LEASE_SECONDS": str(lease),
        "LOG_LEVEL": "WARNING", "CONFIG_DIR": str(config_dir or ROOT / "config"),
    }  # fmt: skip
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=ROOT, env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip


async def metric(port: int, name: str) -> float | None:
    """Read one metric of the process on `port`, None when it does not answer."""
    try:
        async with (
            aiohttp.ClientSession() as http,
            http.get(
                f"http://127.0.0.1:{port}/metrics", timeout=aiohttp.ClientTimeout(total=2)
            ) as response,
        ):
            text = await response.text()
    except (aiohttp.ClientError, TimeoutError):
        return None
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    return None


async def until(condition: Callable[[], bool], *, within: float, step: float = 0.05) -> None:
    async with asyncio.timeout(within):
        while True:
            if condition():
                return
            await asyncio.sleep(step)


class OwnPostgres:
    """A PostgreSQL server of the test's own, to stop and start (the lane's is shared)."""

    def __init__(self) -> None:
        found = shutil.which("pg_ctl")
        candidates = [found] if found else sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
        if not candidates:
            raise RuntimeError("no PostgreSQL server (pg_ctl) on this machine")
        self.bin = Path(candidates[-1]).parent
        self.dir = Path(tempfile.mkdtemp(prefix="thidua-pg."))
        self.port = free_port()
        self.url = f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/postgres"
        # PostgreSQL refuses to run as root, as scripts/pg-temp.sh knows too.
        self._as: list[str] = []
        if os.getuid() == 0:
            user = os.environ.get("PG_TEMP_USER", "nobody")
            shutil.chown(self.dir, user)
            self._as = ["runuser", "-u", user, "--"]

    def _run(self, *args: str) -> None:
        subprocess.run([*self._as, *args], check=True, capture_output=True)

    async def init(self) -> None:
        data = str(self.dir / "data")
        await asyncio.to_thread(
            self._run, str(self.bin / "initdb"), "-D", data, "-U", "postgres", "--auth=trust",
            "-E", "UTF8", "--locale=C.UTF-8",
        )  # fmt: skip
        await self.start()

    async def start(self) -> None:
        options = f"-h 127.0.0.1 -p {self.port} -k {self.dir} -c fsync=off -c max_connections=200"
        await asyncio.to_thread(
            self._run, str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-l",
            str(self.dir / "server.log"), "-w", "-t", "60", "-o", options, "start",
        )  # fmt: skip

    async def stop(self, mode: str = "fast") -> None:
        await asyncio.to_thread(
            self._run, str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-m", mode, "-w",
            "stop",
        )  # fmt: skip

    def remove(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


@asynccontextmanager
async def own_postgres() -> AsyncIterator[OwnPostgres]:
    server = OwnPostgres()
    try:
        await server.init()
        yield server
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):  # stopped already
            await server.stop("immediate")
        server.remove()
