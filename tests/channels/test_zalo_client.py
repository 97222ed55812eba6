"""The Zalo client against the local Zalo emulator, over real loopback HTTP."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from aiohttp import web

from bot.zalo import (
    ZaloBadRequest,
    ZaloClient,
    ZaloForbidden,
    ZaloNotFound,
    ZaloQuotaExceeded,
    ZaloServerError,
    ZaloUnauthorized,
)
from emulator.zalo import ZaloEmulator, random_faults

TOKEN = "1234567890:secret-zalo-token"


class Sleeps:
    """Record back-off delays instead of waiting for them."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)


@pytest.fixture
async def emu() -> AsyncIterator[ZaloEmulator]:
    async with ZaloEmulator(TOKEN) as emulator:
        yield emulator


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
async def client(emu: ZaloEmulator, sleeps: Sleeps) -> AsyncIterator[ZaloClient]:
    async with ZaloClient(TOKEN, base_url=emu.base_url, sleep=sleeps) as zalo:
        yield zalo


def methods(emu: ZaloEmulator) -> list[str]:
    return [method for _, method, _ in emu.calls]


async def test_get_me(client: ZaloClient, emu: ZaloEmulator) -> None:
    me = await client.get_me()
    assert me["id"] == emu.bot_id and len(me["id"]) == 20
    assert {"account_name", "account_type", "can_join_groups"} <= me.keys()
    emu.assert_no_violations()


async def test_get_updates_none_after_poll_timeout(client: ZaloClient, emu: ZaloEmulator) -> None:
    started = time.monotonic()
    assert await client.get_updates(timeout=1) is None
    assert time.monotonic() - started >= 0.9
    assert emu.calls[-1][2] == {"timeout": "1"}  # sent as a string, as documented


async def test_long_poll_returns_early_with_the_update(
    client: ZaloClient, emu: ZaloEmulator
) -> None:
    user = emu.user("Nguyễn Văn A")
    started = time.monotonic()
    poll = asyncio.create_task(client.get_updates(timeout=10))
    await asyncio.sleep(0.1)
    sent = await emu.send_text(user, "/ungho 500k")
    update = await poll
    assert time.monotonic() - started < 3
    assert update == sent
    message = update["message"]
    assert update["event_name"] == "message.text.received"
    assert message["from"] == {"id": user.id, "display_name": "Nguyễn Văn A", "is_bot": False}
    assert message["chat"] == {"id": user.id, "chat_type": "PRIVATE"}
    assert isinstance(message["message_id"], str) and message["date"] > 10**12
    # Consumed when returned: nothing left for the next poll.
    assert await client.get_updates(timeout=0) is None


async def test_updates_come_one_at_a_time_in_order(client: ZaloClient, emu: ZaloEmulator) -> None:
    user = emu.user()
    await emu.send_text(user, "một")
    await emu.send_image(user, "https://example.org/a.jpg", "ảnh")
    await emu.send_unsupported(user)
    events = [await client.get_updates(timeout=0) for _ in range(3)]
    assert [e["event_name"] for e in events if e] == [
        "message.text.received",
        "message.image.received",
        "message.unsupported.received",
    ]
    assert events[1] and events[1]["message"]["photo_url"] == "https://example.org/a.jpg"


async def test_send_message_is_stored(client: ZaloClient, emu: ZaloEmulator) -> None:
    user = emu.user()
    await client.send_chat_action(user.id)
    sent = await client.send_message(user.id, "Xin chào")
    assert isinstance(sent["message_id"], str)
    [message] = await emu.wait_messages(user.id)
    assert message["text"] == "Xin chào" and message["chat_id"] == user.id
    await client.send_photo(user.id, "https://example.org/chart.png", caption="Biểu đồ")
    [photo] = await emu.wait_messages(user.id)
    assert (photo["photo"], photo["caption"]) == ("https://example.org/chart.png", "Biểu đồ")
    assert len(emu.messages(user.id)) == 2
    emu.assert_no_violations()


async def test_wait_messages_times_out_with_what_arrived(
    client: ZaloClient, emu: ZaloEmulator
) -> None:
    user = emu.user()
    await client.send_message(user.id, "chỉ một")
    with pytest.raises(TimeoutError, match="chỉ một"):
        await emu.wait_messages(user.id, count=2, timeout=0.2)


@pytest.mark.parametrize("text", ["x" * 2001, ""])
async def test_bad_text_refused_before_the_network(
    client: ZaloClient, emu: ZaloEmulator, text: str
) -> None:
    with pytest.raises(ZaloBadRequest):
        await client.send_message(emu.user().id, text)
    assert emu.calls == []


async def test_emulator_refuses_long_text_and_records_it(
    client: ZaloClient, emu: ZaloEmulator
) -> None:
    chat = emu.user().id
    with pytest.raises(ZaloBadRequest):
        await client.call("sendMessage", {"chat_id": chat, "text": "x" * 2001})
    assert emu.messages(chat) == [] and len(emu.violations) == 1


async def test_buttons_are_a_violation(client: ZaloClient, emu: ZaloEmulator) -> None:
    chat = emu.user().id
    await client.call("sendMessage", {"chat_id": chat, "text": "Chọn", "reply_markup": {}})
    with pytest.raises(AssertionError, match="reply_markup"):
        emu.assert_no_violations()


async def test_unknown_method_is_not_found(client: ZaloClient) -> None:
    with pytest.raises(ZaloNotFound):
        await client.call("editMessageText", {"chat_id": "x", "text": "y"})


async def test_wrong_token_is_unauthorized_and_never_shown(emu: ZaloEmulator) -> None:
    async with ZaloClient("bad:token-value", base_url=emu.base_url) as zalo:
        with pytest.raises(ZaloUnauthorized) as caught:
            await zalo.get_me()
    assert caught.value.error_code == 401
    assert "bad:token-value" not in str(caught.value)
    assert "bad:token-value" not in repr(zalo)


async def test_transport_error_hides_token(
    sleeps: Sleeps, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    # A port nothing listens on once the emulator is gone.
    async with ZaloEmulator(TOKEN) as gone:
        base_url = gone.base_url
    async with ZaloClient(TOKEN, base_url=base_url, sleep=sleeps) as zalo:
        with pytest.raises(ZaloServerError) as caught:
            await zalo.get_me()
    assert TOKEN not in str(caught.value)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    assert sleeps.delays == [0.5, 1.0]  # three attempts, exponential back-off
    assert all(TOKEN not in record.getMessage() for record in caplog.records)


async def test_httpx_log_lines_are_masked(
    client: ZaloClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="httpx")
    await client.get_me()
    lines = [r.getMessage() for r in caplog.records if r.name == "httpx"]
    assert lines and all(TOKEN not in line and "***" in line for line in lines)


async def test_403_is_retried_before_it_counts_as_blocked(
    client: ZaloClient, emu: ZaloEmulator, sleeps: Sleeps
) -> None:
    # Zalo's own table names 403 "Internal server error": it may pass, or be a block.
    user = emu.user()
    emu.block(user)
    with pytest.raises(ZaloForbidden):
        await client.send_message(user.id, "Nhắc nhở")
    assert methods(emu) == ["sendMessage"] * 3 and sleeps.delays == [0.5, 1.0]
    emu.unblock(user)
    emu.inject_error(403, method="sendMessage")
    await client.send_message(user.id, "Nhắc nhở")
    assert [m["text"] for m in emu.messages(user.id)] == ["Nhắc nhở"]


async def test_errors_come_with_http_200_and_ok_false(emu: ZaloEmulator) -> None:
    async with httpx.AsyncClient() as http:
        answer = await http.post(f"{emu.base_url}wrong-token/getMe", json={})
    assert answer.status_code == 200
    assert answer.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}


async def test_server_errors_are_retried(
    client: ZaloClient, emu: ZaloEmulator, sleeps: Sleeps
) -> None:
    chat = emu.user().id
    emu.inject_error(502, times=2, method="sendMessage")
    await client.send_message(chat, "Báo cáo đợt I")
    assert [m["text"] for m in emu.messages(chat)] == ["Báo cáo đợt I"]
    assert methods(emu) == ["sendMessage"] * 3
    assert sleeps.delays == [0.5, 1.0]


async def test_server_errors_give_up_after_max_attempts(
    client: ZaloClient, emu: ZaloEmulator
) -> None:
    emu.inject_error(503, times=5)
    with pytest.raises(ZaloServerError) as caught:
        await client.get_me()
    assert caught.value.error_code == 503 and len(emu.calls) == 3


async def test_quota_is_retried_after_retry_after(
    client: ZaloClient, emu: ZaloEmulator, sleeps: Sleeps
) -> None:
    chat = emu.user().id
    emu.inject_error(429, method="sendMessage", retry_after=2)
    emu.inject_error(429, method="sendMessage")
    await client.send_message(chat, "Chậm mà chắc")
    assert len(emu.messages(chat)) == 1
    assert sleeps.delays == [2.0, 1.0]  # Zalo's own delay, then back-off for the 2nd failure


async def test_quota_gives_up_with_retry_after(client: ZaloClient, emu: ZaloEmulator) -> None:
    emu.inject_error(429, times=3, retry_after=1.5)
    with pytest.raises(ZaloQuotaExceeded) as caught:
        await client.get_me()
    assert caught.value.retry_after == 1.5 and len(emu.calls) == 3


async def test_random_faults_hook(emu: ZaloEmulator, sleeps: Sleeps) -> None:
    emu.faults = random_faults(server=1.0, methods=frozenset({"getMe"}))
    async with ZaloClient(TOKEN, base_url=emu.base_url, sleep=sleeps, max_attempts=5) as zalo:
        with pytest.raises(ZaloServerError):
            await zalo.get_me()
        assert len(emu.calls) == 5
        assert (await zalo.get_webhook_info())["url"] == ""


async def test_hanging_call_times_out(emu: ZaloEmulator, sleeps: Sleeps) -> None:
    emu.faults = random_faults(hang=1.0, hang_seconds=5)
    async with ZaloClient(
        TOKEN, base_url=emu.base_url, sleep=sleeps, timeout=0.2, max_attempts=1
    ) as zalo:
        with pytest.raises(ZaloServerError, match="Timeout"):
            await zalo.get_me()


@pytest.mark.parametrize("wrap", [False, True])
async def test_webhook_delivers_updates_and_blocks_polling(sleeps: Sleeps, wrap: bool) -> None:
    received: list[tuple[str | None, Any]] = []

    async def endpoint(request: web.Request) -> web.Response:
        received.append((request.headers.get("X-Bot-Api-Secret-Token"), await request.json()))
        return web.Response()

    app = web.Application()
    app.router.add_post("/zalo", endpoint)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/zalo"
    try:
        async with (
            ZaloEmulator(TOKEN, wrap_webhook_body=wrap) as emu,
            ZaloClient(TOKEN, base_url=emu.base_url, sleep=sleeps) as zalo,
        ):
            with pytest.raises(ZaloBadRequest):
                await zalo.set_webhook(url, "short")
            await zalo.set_webhook(url, "s3cret-s3cret")
            assert (await zalo.get_webhook_info())["url"] == url
            update = await emu.send_text(emu.user(), "/lich")
            assert received == [
                ("s3cret-s3cret", {"ok": True, "result": update} if wrap else update)
            ]
            with pytest.raises(ZaloBadRequest, match="polling and webhook"):
                await zalo.get_updates(timeout=0)
            await zalo.delete_webhook()
            assert (await zalo.get_webhook_info())["url"] == ""
            again = await emu.send_text(emu.user(), "/trogiup")
            assert await zalo.get_updates(timeout=0) == again
    finally:
        await runner.cleanup()
