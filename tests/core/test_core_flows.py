"""The core runs every first flow with no channel object at all (plain `Incoming`s)."""

from __future__ import annotations

import ast
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.pipeline import Core
from bot.flow.router import Registry, Router
from bot.i18n import Catalogs
from domain.messages import EventKind
from handlers import build_registry
from storage.db.engine import SessionFactory
from tests.support.corechat import CoreChat
from tests.support.fakeclock import FakeClock


async def test_start_welcomes_in_vietnamese_by_default(core: Core) -> None:
    replies = await CoreChat(core).command("start")
    assert len(replies) == 1
    assert "Xin chào" in replies[0].text
    assert "/start MÃ_MỜI" in replies[0].text


async def test_platform_hint_picks_english(core: Core) -> None:
    replies = await CoreChat(core, language_hint="en-US").command("help")
    assert replies[0].text.startswith("Commands you can use:")
    assert "/lang — Choose your language" in replies[0].text


async def test_help_lists_only_commands_a_guest_may_use(core: Core) -> None:
    text = (await CoreChat(core).command("trogiup"))[0].text
    assert "/trogiup — Các lệnh đồng chí dùng được" in text
    assert "/ngonngu — Chọn ngôn ngữ" in text
    assert "/huy — Hủy thao tác đang làm" in text
    assert "/thongbao" not in text  # a leader's command, and not built yet


async def test_language_chosen_by_number_is_kept(core: Core) -> None:
    chat = CoreChat(core)
    menu = (await chat.command("ngonngu"))[0]
    assert [c.label for c in menu.choices] == ["Tiếng Việt", "English"]
    assert menu.choice_hint == "Trả lời bằng số từ 1 đến 2."
    done = await chat.send("2")
    assert done[0].text == "Switched to English. Type /help to see the commands."
    assert (await chat.command("help"))[0].text.startswith("Commands you can use:")


async def test_language_chosen_by_words_without_diacritics(core: Core) -> None:
    chat = CoreChat(core, language_hint="en")
    await chat.command("lang")
    assert (await chat.send("tieng viet"))[0].text.startswith("Đã chuyển sang tiếng Việt")


async def test_restart_in_the_middle_of_the_language_choice(
    sessions: SessionFactory, catalogs: Catalogs
) -> None:
    before = Core(sessions=sessions, registry=build_registry(), catalogs=catalogs)
    menu = (await CoreChat(before).command("ngonngu"))[0]
    # A new core on the same database stands for a restarted process.
    after = Core(sessions=sessions, registry=build_registry(), catalogs=catalogs)
    chat = CoreChat(after)
    replies = await chat.press(menu, "English")
    assert replies[0].text.startswith("Switched to English")


async def test_same_update_twice_gets_one_answer(core: Core) -> None:
    chat = CoreChat(core)
    incoming = chat._incoming(text="/help", command="help")
    assert len(await chat.deliver(incoming)) == 1
    assert await chat.deliver(incoming) == []


async def test_a_used_option_is_stale_once_the_dialog_moved_on(core: Core) -> None:
    chat = CoreChat(core)
    menu = (await chat.command("ngonngu"))[0]
    await chat.press(menu, "English")
    again = await chat.press(menu, "Tiếng Việt")
    assert again[0].text.startswith("This option is out of date")
    assert (await chat.command("help"))[0].text.startswith("Commands you can use:")


async def test_an_option_cannot_be_pressed_by_someone_else(core: Core) -> None:
    menu = (await CoreChat(core, user_id="owner").command("ngonngu"))[0]
    other = CoreChat(core, user_id="intruder")
    await other.command("ngonngu")  # the intruder is at the same step of the same flow
    replies = await other.press(menu, "English")
    assert replies[0].text == "Lựa chọn này dành cho người khác."


async def test_forged_option_token_is_refused(core: Core) -> None:
    chat = CoreChat(core)
    replies = await chat.deliver(chat._incoming(kind=EventKind.CHOICE, choice_token="forged"))
    assert replies[0].text.startswith("Lựa chọn này đã cũ")


@pytest.mark.parametrize(
    ("text", "command", "expected"),
    [
        ("/xyz", "xyz", "Không có lệnh /xyz."),
        ("xin chào", None, "Xin chào đồng chí! Tôi là trợ lý phong trào thi đua."),
        ("quả táo màu đỏ", None, "Tôi chưa hiểu tin nhắn này."),
        ("a" * 5000, None, "Tin nhắn quá dài (5.000 ký tự); tối đa 4.096 ký tự."),
    ],
)
async def test_bad_input_gets_a_hint(
    core: Core, text: str, command: str | None, expected: str
) -> None:
    replies = await CoreChat(core).send(text, command=command)
    assert replies[0].text.startswith(expected)


async def test_text_outside_the_offered_options_asks_again(core: Core) -> None:
    chat = CoreChat(core)
    await chat.command("ngonngu")
    again = await chat.send("tiếng Pháp")
    assert again[0].text == "Vui lòng trả lời bằng số từ 1 đến 2, hoặc gõ /huy để hủy."
    assert (await chat.send("9"))[0].text == again[0].text
    assert (await chat.send("1"))[0].text.startswith("Đã chuyển sang tiếng Việt")


async def test_cancel_ends_the_dialog(core: Core) -> None:
    chat = CoreChat(core)
    assert (await chat.command("huy"))[0].text == "Không có thao tác nào đang làm."
    await chat.command("ngonngu")
    assert (await chat.command("huy"))[0].text.startswith("Đã hủy thao tác đang làm.")
    # The number answers nothing now, and says why.
    assert (await chat.send("2"))[0].text.startswith("Câu hỏi có các lựa chọn đó đã đóng")


async def test_sticker_and_edit_get_sensible_answers(core: Core) -> None:
    chat = CoreChat(core)
    sticker = await chat.deliver(chat._incoming(kind=EventKind.OTHER))
    assert sticker[0].text.startswith("Tôi chỉ đọc được tin nhắn chữ.")
    assert await chat.deliver(chat._incoming(kind=EventKind.EDITED, text="x")) == []
    await chat.command("ngonngu")
    edited = await chat.deliver(chat._incoming(kind=EventKind.EDITED, text="x"))
    assert edited[0].text.startswith("Tôi không đọc tin nhắn đã sửa.")


async def test_a_failing_handler_logs_the_trace_and_apologises(
    sessions: SessionFactory, catalogs: Catalogs, caplog: pytest.LogCaptureFixture
) -> None:
    broken = Router(name="broken")

    @broken.command("calendar")
    async def explode(_ctx: object) -> None:
        raise RuntimeError("boom")

    registry = Registry()
    registry.include(broken)
    core = Core(sessions=sessions, registry=registry, catalogs=catalogs)
    with caplog.at_level(logging.ERROR):
        replies = await CoreChat(core, language_hint="en").command("lich")
    assert [r.text for r in replies] == [
        "Sorry, something went wrong. Please try again in a few minutes."
    ]
    assert "RuntimeError: boom" in caplog.text


def test_no_handler_module_imports_a_channel_library() -> None:
    for path in Path("handlers").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith(("telegram", "bot.telegram", "bot.zalo")), path


@pytest.mark.parametrize("answer", ["typed", "pressed"])
async def test_options_answered_after_three_days_are_stale(
    sessions: SessionFactory, catalogs: Catalogs, answer: str
) -> None:
    clock = FakeClock(datetime.now(UTC))
    core = Core(sessions=sessions, registry=build_registry(), catalogs=catalogs, clock=clock)
    chat = CoreChat(core)
    menu = (await chat.command("ngonngu"))[0]
    clock.advance(timedelta(hours=73))  # options answer for 72 hours

    replies = await (chat.send("2") if answer == "typed" else chat.press(menu, "English"))

    assert [r.text for r in replies] == [
        "Lựa chọn này đã cũ. Vui lòng gõ lại lệnh để bắt đầu lại."
    ]
    assert (await chat.command("trogiup"))[0].text.startswith("Các lệnh")  # still Vietnamese
    clock.advance(-timedelta(hours=2))  # within the 72 hours, the same answer counts
    menu = (await chat.command("ngonngu"))[0]
    done = await (chat.send("2") if answer == "typed" else chat.press(menu, "English"))
    assert done[0].text.startswith("Switched to English")
