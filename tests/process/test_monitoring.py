"""/healthz checks the database; /metrics shows the counters move as the bot works."""

from __future__ import annotations

import asyncio
import re
import time
from pathlib import Path

import httpx
from pydantic import SecretStr

from bot.app import BotApp
from bot.config import Settings
from domain.messages import Channel, Incoming
from domain.roles import Role
from emulator.telegram import TelegramEmulator
from storage.calendar.reminders import fan_out_to_members
from storage.db.engine import SessionFactory
from tests.membership.orgdata import seed_many
from tests.support.drivers import channel_settings
from tests.support.ports import free_port


def _value(page: str, name: str, **labels: str) -> float:
    """Read one sample from a Prometheus text page; 0 when it is not there yet."""
    wanted = ",".join(f'{key}="{value}"' for key, value in sorted(labels.items()))
    pattern = re.escape(name + (f"{{{wanted}}}" if wanted else "")) + r" (\S+)"
    found = re.search(rf"^{pattern}$", page, re.MULTILINE)
    return float(found.group(1)) if found else 0.0


async def test_metrics_move_as_the_bot_works(settings: Settings, sessions: SessionFactory) -> None:
    port = free_port()
    async with TelegramEmulator() as emu, httpx.AsyncClient() as http:
        chats = await seed_many(sessions, count=3, channel="telegram")
        for chat in chats:
            emu.user(int(chat))
        monitored = {"monitoring": True, "webhook_port": port, "outbox_retry_base_seconds": 0.05}
        app = BotApp(channel_settings(settings, telegram=emu).model_copy(update=monitored))
        await app.start()
        try:
            url = f"http://127.0.0.1:{port}"
            before = (await http.get(f"{url}/metrics")).text
            health = await http.get(f"{url}/healthz")
            user = emu.user(5001)
            for typed in ("/start", "/trogiup"):
                await emu.send_text(user, typed)
            await emu.wait_messages(user.id, 2)
            emu.block(int(chats[0]))
            async with app.sessions() as session, session.begin():
                await fan_out_to_members(
                    session=session, key_prefix="m1", texts={"vi": "Thử", "en": "Test"},
                    default_locale="vi", not_before=app.clock.now(), roles=(Role.MEMBER,),
                )  # fmt: skip
            queued = _value((await http.get(f"{url}/metrics")).text, "thidua_outbox_depth")
            app.outbox_sender.wake()
            for chat in chats[1:]:
                await emu.wait_messages(int(chat))
            deadline = time.monotonic() + 10
            while True:
                page = (await http.get(f"{url}/metrics")).text
                unreachable = _value(
                    page, "thidua_outbox_sends_total", channel="telegram", outcome="unreachable"
                )
                sent = _value(
                    page, "thidua_outbox_sends_total", channel="telegram", outcome="sent"
                )
                # Outcomes are counted once stored, in group commits: wait for all three.
                settled = unreachable and sent == 2 and not _value(page, "thidua_outbox_depth")
                if settled or time.monotonic() > deadline:
                    break
                await asyncio.sleep(0.1)
        finally:
            await app.stop()
    assert health.status_code == 200 and health.json() == {"ok": True}
    assert _value(before, "thidua_reminder_runs_total") == 1  # the catch-up run at start
    assert _value(before, "thidua_scheduler_leader") == 1  # the one process leads
    assert _value(page, "thidua_inbox_depth") == 0  # every update stored was handled
    assert _value(page, "thidua_updates_handled_total", channel="telegram") == 2
    assert _value(page, "thidua_update_handling_seconds_count", channel="telegram") == 2
    assert _value(page, "thidua_updates_failed_total", channel="telegram") == 0
    assert queued == 3 and _value(page, "thidua_outbox_depth") == 0
    assert _value(page, "thidua_outbox_sends_total", channel="telegram", outcome="sent") == 2
    assert unreachable == 1


async def test_health_is_503_and_failures_counted_when_the_database_is_gone(
    settings: Settings, tmp_path: Path
) -> None:
    port = free_port()
    # A directory where the database file should be: every connection fails.
    gone = settings.model_copy(
        update={
            "database_url": f"sqlite+aiosqlite:///{tmp_path}",
            "monitoring": True,
            "webhook_port": port,
            "telegram_bot_token": SecretStr("1:x"),
        }
    )
    app = BotApp(gone)
    assert app.web is not None
    await app.web.start()
    try:
        incoming = Incoming(channel=Channel.TELEGRAM, key="t:1", chat_id="1", user_id="1",
                            text="/trogiup", command="trogiup")  # fmt: skip
        [apology] = await app.core.handle(incoming)
        async with httpx.AsyncClient() as http:
            health = await http.get(f"http://127.0.0.1:{port}/healthz")
            metrics = await http.get(f"http://127.0.0.1:{port}/metrics")
    finally:
        await app.web.stop()
        await app.engine.dispose()
    assert health.status_code == 503 and health.json()["database"] == "unreachable"
    assert apology.text.startswith("Xin lỗi, đã có lỗi xảy ra.")
    assert metrics.status_code == 200  # metrics still answer, without the outbox depth
    assert metrics.headers["Content-Type"].startswith("text/plain")
    assert _value(metrics.text, "thidua_updates_failed_total", channel="telegram") == 1
