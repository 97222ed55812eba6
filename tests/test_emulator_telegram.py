"""Tests of the local Telegram Bot API emulator, driven by a real python-telegram-bot client."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import telegram
from aiohttp import web
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Conflict, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application, CommandHandler, ContextTypes
from telegram.request import HTTPXRequest

from bot.emulator.formatting import parse_text
from bot.emulator.spec import BotApiSpec, default_spec_path
from bot.emulator.telegram import TelegramEmulator
from bot.emulator.telegram_faults import RateLimits
from bot.emulator.telegram_users import png_bytes

TOKEN = "123456:TEST"
# PTB's RetryAfter warns from its own constructor about a future type change of retry_after.
quiet_retry_after = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


@pytest.fixture
async def emu() -> AsyncIterator[TelegramEmulator]:
    """Yield a running emulator."""
    async with TelegramEmulator(TOKEN) as emulator:
        yield emulator


@pytest.fixture
async def bot(emu: TelegramEmulator) -> AsyncIterator[telegram.Bot]:
    """Yield a python-telegram-bot Bot talking to the emulator."""
    async with telegram.Bot(
        TOKEN, base_url=emu.base_url, base_file_url=emu.base_file_url
    ) as client:
        yield client


@pytest.fixture
async def http(emu: TelegramEmulator) -> AsyncIterator[httpx.AsyncClient]:
    """Yield a raw HTTP client aimed at the emulator's Bot API root for TOKEN."""
    async with httpx.AsyncClient(base_url=f"{emu.base_url}{TOKEN}/") as client:
        yield client


def keyboard(*labels_and_data: tuple[str, str]) -> InlineKeyboardMarkup:
    """Return a one-row inline keyboard."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(text, callback_data=data) for text, data in labels_and_data]]
    )


# -- sending -----------------------------------------------------------------------------


async def test_ptb_message_is_stored_as_bot_api_message(
    emu: TelegramEmulator, bot: telegram.Bot
) -> None:
    user = emu.user(42, "Lan")
    sent = await bot.send_message(
        42,
        "<b>Xin chào</b> Lan &amp; cả nhóm",
        parse_mode="HTML",
        reply_markup=keyboard(("Có", "pledge:yes"), ("Không", "pledge:no")),
    )
    second = await bot.send_message(user.chat_id, "lần hai", disable_notification=True)

    stored = emu.messages(42)
    assert [m["message_id"] for m in stored] == [sent.message_id, second.message_id]
    assert second.message_id == sent.message_id + 1
    first = stored[0]
    assert first["text"] == "Xin chào Lan & cả nhóm"
    assert first["entities"] == [{"type": "bold", "offset": 0, "length": 8}]
    assert first["from"] == {
        "id": 123456,
        "is_bot": True,
        "first_name": "Thi đua (emulator)",
        "username": "thidua_test_bot",
    }
    assert first["chat"] == {"id": 42, "type": "private", "first_name": "Lan"}
    assert abs(first["date"] - time.time()) < 5
    buttons = first["reply_markup"]["inline_keyboard"][0]
    assert [(b["text"], b["callback_data"]) for b in buttons] == [
        ("Có", "pledge:yes"),
        ("Không", "pledge:no"),
    ]
    assert sent.text == "Xin chào Lan & cả nhóm"  # PTB parsed what the emulator answered
    assert emu.calls[-1][1] == "sendMessage"
    assert emu.calls[-1][2] == {"chat_id": 42, "text": "lần hai", "disable_notification": True}
    emu.assert_no_violations()


async def test_document_and_photo_bytes_are_kept_and_downloadable(
    emu: TelegramEmulator, bot: telegram.Bot
) -> None:
    emu.user(7)
    doc = await bot.send_document(7, b"col1,col2\n1,2\n", filename="bao-cao.csv", caption="Tệp")
    assert doc.document is not None
    assert emu.file_bytes(doc.document.file_id) == b"col1,col2\n1,2\n"
    stored = emu.messages(7)[0]
    assert stored["document"]["file_name"] == "bao-cao.csv"
    assert stored["document"]["mime_type"] == "text/csv"
    assert stored["document"]["file_size"] == 14
    assert stored["caption"] == "Tệp"
    downloaded = await (await bot.get_file(doc.document.file_id)).download_as_bytearray()
    assert bytes(downloaded) == b"col1,col2\n1,2\n"

    picture = png_bytes(1600, 900)
    photo = await bot.send_photo(7, picture)
    sizes = emu.messages(7)[1]["photo"]
    assert [(s["width"], s["height"]) for s in sizes] == [
        (90, 51),
        (320, 180),
        (800, 450),
        (1280, 720),
        (1600, 900),
    ]
    assert emu.file_bytes(photo.photo[-1].file_id) == picture
    with pytest.raises(BadRequest, match=r"(?i)photo_invalid_dimensions"):
        await bot.send_photo(7, png_bytes(100, 2500))
    with pytest.raises(BadRequest, match=r"(?i)image_process_failed"):
        await bot.send_photo(7, b"not a picture")
    emu.assert_no_violations()


async def test_unknown_chat_blocked_user_and_left_group(
    emu: TelegramEmulator, bot: telegram.Bot
) -> None:
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(999, "hello")
    emu.user(5)
    emu.block(5)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(5, "hello")
    emu.unblock(5)
    await bot.send_message(5, "hello again")
    emu.group(-1001, "Cụm thi đua số 1")
    assert await bot.leave_chat(-1001)
    with pytest.raises(Forbidden, match="not a member"):
        await bot.send_message(-1001, "hello")
    emu.assert_no_violations()


async def test_edits_replace_text_and_keyboard(emu: TelegramEmulator, bot: telegram.Bot) -> None:
    emu.user(8)
    sent = await bot.send_message(8, "Chọn", reply_markup=keyboard(("A", "a")))
    await bot.edit_message_reply_markup(8, sent.message_id, reply_markup=keyboard(("B", "b")))
    assert emu.messages(8)[0]["reply_markup"]["inline_keyboard"][0][0]["text"] == "B"
    edited = await bot.edit_message_text("Đã chọn B", chat_id=8, message_id=sent.message_id)
    assert isinstance(edited, telegram.Message) and edited.edit_date is not None
    current = emu.messages(8)[0]
    assert current["text"] == "Đã chọn B"
    assert "reply_markup" not in current  # editMessageText without a markup drops the keyboard
    with pytest.raises(BadRequest, match="not modified"):
        await bot.edit_message_text("Đã chọn B", chat_id=8, message_id=sent.message_id)
    with pytest.raises(BadRequest, match="not found"):
        await bot.edit_message_text("x", chat_id=8, message_id=999)


# -- invalid requests --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ({"chat_id": 42, "text": "x" * 4097}, "1-4096 characters"),
        ({"chat_id": 42, "text": " "}, "1-4096 characters"),
        ({"text": "hello"}, "missing required field 'chat_id'"),
        ({"chat_id": 42, "text": "hi", "colour": "red"}, "unknown field 'colour'"),
        ({"chat_id": True, "text": "hi"}, "expected Integer"),
        ({"chat_id": 42, "text": "a<br>b", "parse_mode": "HTML"}, 'Unsupported start tag "br"'),
        ({"chat_id": 42, "text": "1 < 2", "parse_mode": "HTML"}, "unescaped '<'"),
        ({"chat_id": 42, "text": "Xong.", "parse_mode": "MarkdownV2"}, "reserved"),
        (
            {
                "chat_id": 42,
                "text": "hi",
                "reply_markup": {"inline_keyboard": [[{"text": "a", "callback_data": "x" * 65}]]},
            },
            "callback_data must be 1-64 bytes, got 65",
        ),
        (
            {
                "chat_id": 42,
                "text": "hi",
                # 22 Vietnamese letters of 3 bytes each: 22 characters, 66 bytes
                "reply_markup": {"inline_keyboard": [[{"text": "a", "callback_data": "ữ" * 22}]]},
            },
            "got 66",
        ),
        (
            {"chat_id": 42, "text": "hi", "reply_markup": {"inline_keyboard": [[{"url": "x"}]]}},
            "missing required field 'text'",
        ),
        (
            {
                "chat_id": 42,
                "text": "hi",
                "reply_markup": {
                    "inline_keyboard": [[{"text": "a", "callback_data": "b", "colour": 1}]]
                },
            },
            "unknown field 'colour'",
        ),
    ],
)
async def test_invalid_send_message_is_a_violation_and_400(
    emu: TelegramEmulator, http: httpx.AsyncClient, payload: dict[str, Any], expected: str
) -> None:
    emu.user(42)
    response = await http.post("sendMessage", json=payload)
    assert response.status_code == 400
    body = response.json()
    assert body["ok"] is False and body["error_code"] == 400
    assert body["description"].startswith("Bad Request: ")
    assert expected in body["description"]
    assert any(expected in v for v in emu.violations)
    assert emu.messages(42) == []
    with pytest.raises(AssertionError, match="violation"):
        emu.assert_no_violations()


async def test_ptb_sees_violation_as_bad_request(emu: TelegramEmulator, bot: telegram.Bot) -> None:
    emu.user(42)
    with pytest.raises(BadRequest, match="1-4096"):
        await bot.send_message(42, "ă" * 4097)
    with pytest.raises(BadRequest, match="1-64 bytes"):
        await bot.send_message(42, "hi", reply_markup=keyboard(("a", "đ" * 33)))
    assert len(emu.violations) == 2


async def test_length_is_counted_after_html_parsing(
    emu: TelegramEmulator, http: httpx.AsyncClient
) -> None:
    emu.user(42)
    text = "<b>" + "&amp;" * 4096 + "</b>"  # 20,489 characters of markup, 4,096 of text
    response = await http.post(
        "sendMessage", data={"chat_id": "42", "text": text, "parse_mode": "HTML"}
    )
    assert response.status_code == 200, response.text
    assert emu.messages(42)[0]["text"] == "&" * 4096
    emu.assert_no_violations()


async def test_form_and_json_values_are_decoded_to_declared_types(
    emu: TelegramEmulator, http: httpx.AsyncClient
) -> None:
    emu.user(42)
    markup = '{"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}'
    form = {"chat_id": "42", "text": "hi", "reply_markup": markup, "protect_content": "true"}
    assert (await http.post("sendMessage", data=form)).status_code == 200
    assert (
        await http.post("sendMessage", json={"chat_id": "42", "text": "json"})
    ).status_code == 200
    assert (
        await http.get("sendMessage", params={"chat_id": 42, "text": "get"})
    ).status_code == 200
    decoded = emu.calls[0][2]
    assert decoded["chat_id"] == 42 and decoded["protect_content"] is True
    assert decoded["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "a"
    assert [m["text"] for m in emu.messages(42)] == ["hi", "json", "get"]
    bad = await http.post(
        "sendMessage", data={"chat_id": "42", "text": "x", "protect_content": "y"}
    )
    assert bad.status_code == 400 and "expected Boolean" in bad.json()["description"]


async def test_token_and_method_errors(emu: TelegramEmulator) -> None:
    async with httpx.AsyncClient() as client:
        wrong = await client.post(f"{emu.base_url}999:WRONG/getMe")
        assert wrong.status_code == 401
        assert wrong.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
        unknown = await client.post(f"{emu.base_url}{TOKEN}/sendTelepathy")
        assert unknown.status_code == 404
        assert unknown.json()["description"] == "Not Found"
        poll = await client.post(
            f"{emu.base_url}{TOKEN}/sendPoll",
            json={"chat_id": 1, "question": "?", "options": [{"text": "a"}, {"text": "b"}]},
        )
        assert poll.status_code == 400
        assert "method not emulated" in poll.json()["description"]
        lower = await client.post(f"{emu.base_url}{TOKEN}/getme")  # methods ignore case
        assert lower.json()["result"]["username"] == "thidua_test_bot"
    assert emu.violations == ["unknown method 'sendTelepathy'", "sendPoll: method not emulated"]


async def test_lenient_mode_records_but_serves() -> None:
    async with TelegramEmulator(TOKEN, strict=False) as lenient:
        lenient.user(1)
        async with httpx.AsyncClient() as client:
            response = await client.post(
                f"{lenient.base_url}{TOKEN}/sendMessage",
                json={"chat_id": 1, "text": "hi", "colour": "red"},
            )
        assert response.status_code == 200
        assert lenient.violations == ["sendMessage: unknown field 'colour'"]
        assert lenient.messages(1)[0]["text"] == "hi"


# -- commands, members, chats ------------------------------------------------------------


async def test_commands_are_stored_per_scope_and_language(
    emu: TelegramEmulator, bot: telegram.Bot
) -> None:
    await bot.set_my_commands([("ungho", "Ủng hộ"), ("baocao", "Báo cáo")])
    english = telegram.BotCommandScopeAllPrivateChats()
    await bot.set_my_commands([("pledge", "Pledge")], scope=english, language_code="en")
    group = telegram.BotCommandScopeChat(-100)
    await bot.set_my_commands([("tonghop", "Tổng hợp")], scope=group)
    assert [c.command for c in await bot.get_my_commands()] == ["ungho", "baocao"]
    assert [c.command for c in await bot.get_my_commands(english, "en")] == ["pledge"]
    assert emu.commands({"type": "chat", "chat_id": -100}) == [
        {"command": "tonghop", "description": "Tổng hợp"}
    ]
    await bot.delete_my_commands()
    assert await bot.get_my_commands() == ()
    with pytest.raises(BadRequest, match="a-z 0-9"):
        await bot.set_my_commands([("Ung-Ho", "Ủng hộ")])
    with pytest.raises(BadRequest, match="max 100"):
        await bot.set_my_commands([(f"c{i}", "x") for i in range(101)])
    assert len(emu.violations) == 2


def test_spec_checks_nested_objects_and_scopes() -> None:
    spec = BotApiSpec.load(default_spec_path())
    assert spec.validate("getMe", {}) == []
    assert spec.validate("sendMessage", {"chat_id": "@channel", "text": "hi"}) == []
    bad_scope = spec.validate(
        "setMyCommands",
        {"commands": [{"command": "a", "description": "b"}], "scope": {"type": "planet"}},
    )
    assert bad_scope and "scope" in bad_scope[0]
    assert spec.validate(
        "setMyCommands",
        {"commands": [{"command": "a"}], "scope": {"type": "chat", "chat_id": 5}},
    ) == ["setMyCommands.commands[0](BotCommand): missing required field 'description'"]
    assert spec.validate("noSuchMethod", {}) == ["unknown method 'noSuchMethod'"]
    two_actions = {"text": "a", "callback_data": "b", "url": "https://x"}
    errors = spec.validate(
        "sendMessage",
        {"chat_id": 1, "text": "hi", "reply_markup": {"inline_keyboard": [[two_actions]]}},
    )
    assert errors and "exactly one action" in errors[0]


def test_formatting_yields_telegram_text_and_utf16_entities() -> None:
    html = parse_text(
        '\n <b>🎉 Chúc <i>mừng</i></b> <a href="https://x.vn">đây</a>'
        '<pre><code class="language-python">x = 1</code></pre>\n',
        "HTML",
    )
    assert html.errors == []
    assert html.text == "🎉 Chúc mừng đâyx = 1"
    assert html.entities == [
        {"type": "bold", "offset": 0, "length": 12},  # the emoji is two UTF-16 units
        {"type": "italic", "offset": 8, "length": 4},
        {"type": "text_link", "offset": 13, "length": 3, "url": "https://x.vn"},
        {"type": "pre", "offset": 16, "length": 5, "language": "python"},
    ]
    markdown = parse_text(r"*Đợt I* kết thúc 30\.6\!", "MarkdownV2")
    assert markdown.errors == []
    assert markdown.text == "Đợt I kết thúc 30.6!"
    assert markdown.entities == [{"type": "bold", "offset": 0, "length": 5}]
    assert parse_text("<b>không đóng", "HTML").errors
    assert parse_text("a <b>b</i>", "HTML").errors


async def test_chat_member_and_chat_info(emu: TelegramEmulator, bot: telegram.Bot) -> None:
    emu.user(10)
    emu.user(11)
    emu.group(-200, "Khối các cơ quan")
    emu.set_member_status(-200, 11, "creator")
    assert (await bot.get_chat_member(-200, 10)).status == "member"
    assert (await bot.get_chat_member(-200, 11)).status == "creator"
    me = await bot.get_chat_member(-200, 123456)
    assert isinstance(me, telegram.ChatMemberAdministrator) and me.can_manage_chat
    chat = await bot.get_chat(-200)
    assert chat.title == "Khối các cơ quan" and chat.type == "group"
    emu.assert_no_violations()


# -- updates: long polling ---------------------------------------------------------------


async def test_long_poll_returns_as_soon_as_an_update_arrives(
    emu: TelegramEmulator, bot: telegram.Bot
) -> None:
    user = emu.user(42, "Lan")
    started = time.monotonic()
    poll = asyncio.create_task(bot.get_updates(timeout=10))
    await asyncio.sleep(0.2)
    assert not poll.done()
    await emu.send_text(user, "/start ABC123")
    updates = await asyncio.wait_for(poll, 2)
    assert time.monotonic() - started < 2
    assert len(updates) == 1
    message = updates[0].message
    assert message is not None and message.text == "/start ABC123"
    assert message.entities[0].type == "bot_command" and message.entities[0].length == 6
    assert message.from_user is not None and message.from_user.language_code == "vi"

    started = time.monotonic()
    assert await bot.get_updates(offset=updates[0].update_id + 1, timeout=1) == ()
    assert time.monotonic() - started >= 0.9  # nothing came: it waited the whole timeout
    emu.assert_no_violations()


async def test_offset_confirms_and_repeats_are_delivered(
    emu: TelegramEmulator, bot: telegram.Bot
) -> None:
    user = emu.user(42)
    first = await emu.send_text(user, "một")
    await emu.send_text(user, "hai")
    batch = await bot.get_updates()
    assert [u.update_id for u in batch] == [1, 2]
    assert [u.update_id for u in await bot.get_updates()] == [1, 2]  # not confirmed yet
    assert await bot.get_updates(offset=3) == ()
    await emu.send_update(first)  # the same update_id once more, as after a lost answer
    repeat = await bot.get_updates(offset=3)
    assert [u.update_id for u in repeat] == [1]
    assert repeat[0].message is not None and repeat[0].message.text == "một"


async def test_user_actions_produce_updates_ptb_understands(
    emu: TelegramEmulator, bot: telegram.Bot
) -> None:
    user = emu.user(42, "Lan")
    group = emu.group(-300, "Cụm 3")
    sent = await emu.send_text(user, "báo cáo", chat=group)
    await emu.send_sticker(user)
    await emu.send_photo(user, caption="ảnh hoạt động")
    await emu.send_document(user, b"a;b", "ds.csv", mime_type="text/csv")
    await emu.edit_text(user, sent["message"], "báo cáo (sửa)")
    updates = await bot.get_updates()
    assert updates[0].message is not None and updates[0].message.chat.type == "group"
    assert updates[1].message is not None and updates[1].message.sticker is not None
    photo_message = updates[2].message
    assert photo_message is not None and photo_message.caption == "ảnh hoạt động"
    largest = photo_message.photo[-1]
    assert (largest.width, largest.height) == (640, 480)
    image = await (await bot.get_file(largest.file_id)).download_as_bytearray()
    assert bytes(image).startswith(b"\x89PNG")
    doc = updates[3].message
    assert doc is not None and doc.document is not None and doc.document.file_name == "ds.csv"
    edited = updates[4].edited_message
    assert edited is not None and edited.text == "báo cáo (sửa)" and edited.edit_date
    emu.assert_no_violations()


async def test_press_sends_callback_query_and_records_answer(
    emu: TelegramEmulator, bot: telegram.Bot
) -> None:
    user = emu.user(42)
    await bot.send_message(42, "Ủng hộ?", reply_markup=keyboard(("Có", "y"), ("Không", "n")))
    [message] = await emu.wait_messages(42)
    await emu.press(user, message, "Không")
    await emu.press(user, message, 0)
    updates = await bot.get_updates()
    queries = [u.callback_query for u in updates]
    assert [q.data for q in queries if q is not None] == ["n", "y"]
    first = queries[0]
    assert first is not None and first.message is not None
    assert first.message.message_id == message["message_id"]
    await bot.answer_callback_query(first.id, "Đã ghi nhận")
    assert emu.callback_answers[0]["text"] == "Đã ghi nhận"
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(first.id)
    with pytest.raises(ValueError, match="buttons"):
        await emu.press(user, message, "Có lẽ")


async def test_wait_messages_counts_new_messages_and_explains_timeouts(
    emu: TelegramEmulator, bot: telegram.Bot
) -> None:
    emu.user(42)
    waiter = asyncio.create_task(emu.wait_messages(42, 2, timeout=3))
    await bot.send_message(42, "một")
    await bot.send_message(42, "hai")
    assert [m["text"] for m in await waiter] == ["một", "hai"]
    await bot.send_message(42, "ba")
    with pytest.raises(TimeoutError, match="got 1") as caught:
        await emu.wait_messages(42, 2, timeout=0.2)
    assert "'ba'" in str(caught.value)


# -- updates: webhook --------------------------------------------------------------------


async def test_webhook_delivery_carries_secret_and_retries(
    emu: TelegramEmulator, bot: telegram.Bot
) -> None:
    received: list[tuple[dict[str, Any], str | None]] = []
    answers = [500]  # the first delivery fails, so the emulator has to retry

    async def receive(request: web.Request) -> web.Response:
        received.append(
            (await request.json(), request.headers.get("X-Telegram-Bot-Api-Secret-Token"))
        )
        return web.Response(status=answers.pop(0) if answers else 200)

    app = web.Application()
    app.router.add_post("/hook", receive)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
    try:
        emu.webhook_retry_delay = 0.05
        user = emu.user(42)
        await bot.set_webhook(url, secret_token="s3cret-token")
        with pytest.raises(Conflict, match="webhook is active"):
            await bot.get_updates()
        await emu.send_text(user, "xin chào")
        for _ in range(100):
            if len(received) >= 2:
                break
            await asyncio.sleep(0.02)
        assert [body["message"]["text"] for body, _ in received] == ["xin chào", "xin chào"]
        assert {secret for _, secret in received} == {"s3cret-token"}
        info = await bot.get_webhook_info()
        assert info.url == url and info.pending_update_count == 0
        assert info.last_error_message is not None and "500" in info.last_error_message
        await bot.delete_webhook()
        await emu.send_text(user, "polling again")
        assert len(await bot.get_updates()) == 1
    finally:
        await runner.cleanup()
    emu.assert_no_violations()


# -- faults and limits -------------------------------------------------------------------


@quiet_retry_after
async def test_faults_inject_429_502_and_hangs(emu: TelegramEmulator) -> None:
    emu.user(42)
    emu.faults.rate_limit(retry_after=3, methods={"sendMessage"}, count=1)
    emu.faults.bad_gateway(methods={"sendChatAction"}, count=1)
    emu.faults.hang(seconds=2, methods={"getChat"}, count=1)
    request = HTTPXRequest(read_timeout=0.3)
    async with telegram.Bot(TOKEN, base_url=emu.base_url, request=request) as client:
        # The wording depends on PTB_TIMEDELTA, which the bot turns on: "3 seconds" or "0:00:03".
        with pytest.raises(RetryAfter, match=r"Retry in (3 seconds|0:00:03)"):
            await client.send_message(42, "hi")
        await client.send_message(42, "hi")  # count=1: the second call goes through
        with pytest.raises(NetworkError, match="Bad Gateway"):
            await client.send_chat_action(42, "typing")
        with pytest.raises(TimedOut):
            await client.get_chat(42)
    assert emu.faults.injected == [
        ("sendMessage", "429"),
        ("sendChatAction", "502"),
        ("getChat", "hang"),
    ]
    assert len(emu.messages(42)) == 1

    async def hook(method: str, params: dict[str, Any]) -> web.Response | None:
        return web.json_response({"ok": False, "error_code": 500, "description": "x"}, status=500)

    emu.faults.clear()
    emu.faults.hook = hook
    async with httpx.AsyncClient() as raw:
        response = await raw.post(f"{emu.base_url}{TOKEN}/getMe")
    assert response.status_code == 500


@quiet_retry_after
async def test_rate_limits_answer_429_past_telegram_limits(
    emu: TelegramEmulator, bot: telegram.Bot
) -> None:
    emu.user(1)
    emu.user(2)
    emu.rate_limits = RateLimits(overall=(3, 1.0), private_chat=(1, 1.0))
    await bot.send_message(1, "a")
    with pytest.raises(RetryAfter):
        await bot.send_message(1, "b")  # a second message to one chat within a second
    await bot.send_message(2, "c")
    emu.user(3)
    await bot.send_message(3, "d")
    emu.user(4)
    with pytest.raises(RetryAfter):
        await bot.send_message(4, "e")  # the fourth message overall within a second
    assert [m for m, _ in emu.rate_limits.hits] == ["sendMessage", "sendMessage"]


# -- a whole python-telegram-bot Application ---------------------------------------------


async def test_application_polling_replies_to_start(emu: TelegramEmulator) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text("hi")

    app = (
        Application.builder()
        .token(TOKEN)
        .base_url(emu.base_url)
        .base_file_url(emu.base_file_url)
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    user = emu.user(77, "Minh")
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        await emu.send_text(user, "/start")
        [reply] = await emu.wait_messages(user.chat_id, timeout=5)
        await app.updater.stop()
        await app.stop()
    assert reply["text"] == "hi"
    assert reply["chat"]["id"] == 77
    methods = {method for _, method, _ in emu.calls}
    assert {"getMe", "deleteWebhook", "getUpdates", "sendMessage"} <= methods
    emu.assert_no_violations()
