"""Tests of the Telegram emulator's requests, validation, storage and formatting."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest
import telegram
from telegram.error import BadRequest, Forbidden

from emulator.formatting import parse_text
from emulator.spec import BotApiSpec, default_spec_path
from emulator.telegram import TelegramEmulator
from emulator.telegram_users import png_bytes
from tests.support.emulator_fixtures import TOKEN, bot, emu, http, keyboard

__all__ = ["bot", "emu", "http"]  # fixtures, used by name


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
