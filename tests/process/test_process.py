"""`python -m bot run` as a real process: both channels on one loop, a clean stop on SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from pathlib import Path

import pytest

from bot.config import Settings
from emulator.telegram import TelegramEmulator
from emulator.zalo import ZaloEmulator

pytestmark = pytest.mark.slow  # each test starts bots or processes, seconds each

ROOT = Path(__file__).resolve().parents[2]
SHUTDOWN_NOISE = (
    "Task was destroyed",
    "Unclosed",
    "Traceback",
    "never awaited",
    "ResourceWarning",
)


async def _start(env: dict[str, str], cwd: Path = ROOT) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-X", "dev", "-m", "bot", "run",
        cwd=cwd, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def _wait_for_log(process: asyncio.subprocess.Process, needle: str) -> list[str]:
    assert process.stderr is not None
    lines: list[str] = []
    async with asyncio.timeout(30):
        while True:
            raw = await process.stderr.readline()
            if not raw:
                raise AssertionError("bot exited early:\n" + "".join(lines))
            lines.append(raw.decode())
            if needle in lines[-1]:
                return lines


async def _stop(process: asyncio.subprocess.Process) -> str:
    process.send_signal(signal.SIGTERM)
    _, stderr = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, stderr.decode()
    return stderr.decode()


def _env(database_url: str, **channels: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ZALO_"))}
    return env | {"DATABASE_URL": database_url, "LOG_LEVEL": "INFO", "TZ": "UTC"} | channels


@pytest.mark.serial  # times a bot process's first answers: alone on the machine
async def test_both_channels_in_one_process_and_a_clean_stop(database_url: str) -> None:
    async with TelegramEmulator() as telegram, ZaloEmulator() as zalo:
        env = _env(
            database_url,
            TELEGRAM_BOT_TOKEN=telegram.token,
            TELEGRAM_API_BASE_URL=telegram.base_url,
            ZALO_BOT_TOKEN=zalo.token,
            ZALO_API_BASE_URL=zalo.base_url,
        )
        process = await _start(env)
        try:
            await _wait_for_log(process, "zalo channel started")
            tg_user, zalo_user = telegram.user(3001), zalo.user("Lê Văn Cường")
            began = time.monotonic()
            await telegram.send_text(tg_user, "/start")
            await zalo.send_text(zalo_user, "trogiup")
            tg_answer = await telegram.wait_messages(tg_user.id, timeout=2)
            zalo_answer = await zalo.wait_messages(zalo_user.id, timeout=2)
            elapsed = time.monotonic() - began
            await telegram.send_text(tg_user, "/help")
            assert (await telegram.wait_messages(tg_user.id, timeout=2))[0]["text"].startswith(
                "Các lệnh đồng chí dùng được:"
            )
            zalo_texts = []
            for typed in ("/help", "/start", "ngonngu", "2"):
                await zalo.send_text(zalo_user, typed)
                zalo_texts.append((await zalo.wait_messages(zalo_user.id, timeout=2))[0]["text"])
        finally:
            stderr = await _stop(process)
        assert elapsed < 2
        assert tg_answer[0]["text"].startswith("Xin chào!")
        assert zalo_answer[0]["text"].startswith("Các lệnh đồng chí dùng được:")
        assert zalo_texts[0].startswith("Các lệnh đồng chí dùng được:")
        assert zalo_texts[1].startswith("Xin chào!")
        assert "1. Tiếng Việt\n2. English" in zalo_texts[2]
        assert zalo_texts[3].startswith("Switched to English")
        assert not [noise for noise in SHUTDOWN_NOISE if noise in stderr], stderr
        assert (
            telegram.token not in stderr and zalo.token not in stderr
        )  # secrets stay out of logs
        telegram.assert_no_violations()
        zalo.assert_no_violations()


async def test_run_without_any_token_explains_what_to_set(database_url: str) -> None:
    process = await _start(_env(database_url))
    _, stderr = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 2
    assert "set TELEGRAM_BOT_TOKEN or ZALO_BOT_TOKEN" in stderr.decode()


async def test_a_copy_of_env_example_with_only_a_token_answers(tmp_path: Path) -> None:
    # What a new user does: copy .env.example to .env, fill in the token, run. (The API base
    # and the database are pointed at the emulator and a scratch file, nothing else changes.)
    async with TelegramEmulator() as telegram:
        filled = {
            "TELEGRAM_BOT_TOKEN": telegram.token,
            "TELEGRAM_API_BASE_URL": telegram.base_url,
            "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/bot.db",
        }
        lines = []
        for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
            name = line.partition("=")[0]
            lines.append(f"{name}={filled[name]}" if name in filled else line)
        (tmp_path / ".env").write_text("\n".join(lines) + "\n", encoding="utf-8")
        (tmp_path / "config").symlink_to(ROOT / "config")  # CONFIG_DIR=config, as in a clone
        names = {name.upper() for name in Settings.model_fields}
        env = {k: v for k, v in os.environ.items() if k not in names}
        env |= {"PYTHONPATH": str(ROOT), "TZ": "UTC"}
        process = await _start(env, cwd=tmp_path)
        try:
            await _wait_for_log(process, "telegram channel started")
            user = telegram.user(3002)
            await telegram.send_text(user, "/start")
            answer = await telegram.wait_messages(user.id, timeout=5)
        finally:
            await _stop(process)
        assert answer[0]["text"].startswith("Xin chào!")
        telegram.assert_no_violations()


@pytest.mark.parametrize(
    ("channel", "expected"),
    [
        ("zalo", "Zalo rejected the bot token (401): check ZALO_BOT_TOKEN"),
        ("telegram", "Telegram rejected the bot token: check TELEGRAM_BOT_TOKEN"),
    ],
)
async def test_a_wrong_token_stops_the_start_with_a_clear_error(
    database_url: str, channel: str, expected: str
) -> None:
    async with ZaloEmulator() as zalo, TelegramEmulator() as telegram:
        base = zalo.base_url if channel == "zalo" else telegram.base_url
        wrong = {f"{channel.upper()}_BOT_TOKEN": "123:wrong-token",
                 f"{channel.upper()}_API_BASE_URL": base}  # fmt: skip
        process = await _start(_env(database_url, **wrong))
        _, stderr = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 2
    assert expected in stderr.decode()
    assert not [noise for noise in SHUTDOWN_NOISE if noise in stderr.decode()], stderr.decode()
    assert "wrong-token" not in stderr.decode()


async def test_a_second_process_on_the_same_sqlite_file_is_refused(tmp_path: Path) -> None:
    database_url = f"sqlite+aiosqlite:///{tmp_path}/one.db"
    async with TelegramEmulator() as telegram:
        env = _env(
            database_url,
            TELEGRAM_BOT_TOKEN=telegram.token,
            TELEGRAM_API_BASE_URL=telegram.base_url,
        )
        first = await _start(env)
        try:
            await _wait_for_log(first, "telegram channel started")
            second = await _start(env)
            _, refused = await asyncio.wait_for(second.communicate(), 30)
            user = telegram.user(3004)
            await telegram.send_text(user, "/start")  # the first one still answers
            answer = await telegram.wait_messages(user.id, timeout=5)
        finally:
            await _stop(first)
        # The lock goes with the process that held it: the next start is fine.
        third = await _start(env)
        try:
            await _wait_for_log(third, "telegram channel started")
        finally:
            await _stop(third)
    assert second.returncode == 2
    assert f"another bot process is using the SQLite database {tmp_path}/one.db" in (
        refused.decode()
    )
    assert not [noise for noise in SHUTDOWN_NOISE if noise in refused.decode()], refused.decode()
    assert answer[0]["text"].startswith("Xin chào!")
