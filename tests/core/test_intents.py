"""Plain Vietnamese understood without commands: the phrase table, then end to end."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlmodel import select

from bot.config import Settings
from bot.intents import load_intents
from domain.commands import parse_command
from domain.intents import IntentTable, IntentTableError
from storage.activity.models import ActivityReport
from tests.pledge.pledgeworld import CAMPAIGN, V, World, pledge_world, pledges
from tests.support.drivers import CHANNELS

TABLE = load_intents()

# (what a member types, the intent it must start, what is handed on to the command)
PHRASES: list[tuple[str, str | None, str]] = [
    ("ủng hộ 500 nghìn", "pledge", "500 nghìn"),
    ("ung ho 500 nghin", "pledge", "500 nghin"),
    ("Ủng hộ 1 triệu", "pledge", "1 triệu"),
    ("ỦNG HỘ 1,5 TRIỆU", "pledge", "1,5 TRIỆU"),
    ("ủng hộ 1.500.000", "pledge", "1.500.000"),
    ("tôi muốn đóng góp một ngày lương", "pledge", "một ngày lương"),
    ("toi muon dong gop mot ngay luong", "pledge", "mot ngay luong"),
    ("Tôi muốn ủng hộ 500k ạ", "pledge", "500k"),
    ("cho tôi ủng hộ 300 nghìn nhé", "pledge", "300 nghìn"),
    ("ủng hộ", "pledge", ""),
    ("ủng hộ quỹ vì người nghèo", "pledge", ""),
    ("đóng góp quỹ", "pledge", ""),
    ("quyên góp 200k", "pledge", "200k"),
    ("góp quỹ 2tr", "pledge", "2tr"),
    ("tôi xin đăng ký ủng hộ 1 ngày lương", "pledge", "1 ngày lương"),
    ("  ủng   hộ    500k  ", "pledge", "500k"),
    ("I want to pledge 1.5 million", "pledge", "1.5 million"),
    ("I'd like to donate 500k", "pledge", "500k"),
    ("báo cáo", "report", ""),
    ("bao cao", "report", ""),
    ("BÁO CÁO", "report", ""),
    ("gửi báo cáo hoạt động", "report", ""),
    ("gui bao cao hoat dong", "report", ""),
    ("báo cáo hoạt động ạ", "report", ""),
    ("nộp báo cáo", "report", ""),
    ("báo cáo người tốt việc tốt", "report", ""),
    ("báo cáo tọa đàm chuyển đổi số", "report", ""),
    (
        "báo cáo tọa đàm | Tọa đàm CĐS | hôm qua | 45",
        "report",
        "tọa đàm | Tọa đàm CĐS | hôm qua | 45",
    ),
    ("lịch", "calendar", ""),
    ("lich", "calendar", ""),
    ("sắp tới có ngày gì", "calendar", ""),
    ("sap toi co ngay gi", "calendar", ""),
    ("xem lịch", "calendar", ""),
    ("cho tôi xem lịch thi đua", "calendar", ""),
    ("ngày kỷ niệm", "calendar", ""),
    ("hạn báo cáo khi nào?", "calendar", ""),
    ("trợ giúp", "help", ""),
    ("tro giup", "help", ""),
    ("hướng dẫn", "help", ""),
    ("huong dan su dung", "help", ""),
    ("Giúp tôi với", "help", ""),
    ("menu", "help", ""),
    ("hủy", "cancel", ""),
    ("huỷ", "cancel", ""),
    ("thôi", "cancel", ""),
    ("dừng lại", "cancel", ""),
    ("tổng hợp", "summary", ""),
    ("tong hop", "summary", ""),
    ("xem tổng hợp", "summary", ""),
    ("đơn vị nào chưa báo cáo?", "summary", ""),
    ("của tôi", "mine", ""),
    ("thông tin của tôi", "mine", ""),
    ("tôi đã ủng hộ chưa", "mine", ""),
    ("đăng ký thi đua", "register", ""),
    ("đổi ngôn ngữ", "lang", ""),
    ("xin chào", "greeting", ""),
    ("chào bot", "greeting", ""),
    ("Chào đồng chí", "greeting", ""),
    ("alo", "greeting", ""),
    ("cảm ơn", "thanks", ""),
    ("cam on nhieu", "thanks", ""),
    ("Cảm ơn bot nhé", "thanks", ""),
    ("thank you", "thanks", ""),
    # Issue 25, item 4: the new features in plain words, as a public servant types them.
    ("chấm điểm", "score", ""),
    ("cham diem thi dua", "score", ""),
    ("tự chấm điểm ạ", "score", ""),
    ("xếp hạng", "score", ""),
    ("xem bảng xếp hạng", "score", ""),
    ("kết quả thi đua", "score", ""),
    ("ket qua thi dua", "score", ""),
    ("giải trình", "score", ""),
    ("gửi giải trình", "score", ""),
    ("khen thưởng", "score", ""),
    ("danh sách đề nghị khen thưởng", "score", ""),
    ("soạn báo cáo", "draft", ""),
    ("soan bao cao", "draft", ""),
    ("báo cáo tổng kết", "draft", ""),
    ("bao cao tong ket nam", "draft", ""),
    ("soạn bc sơ kết", "draft", ""),
    ("bảng điều khiển", "dashboard", ""),
    ("bang dieu khien", "dashboard", ""),
    ("sao kê", "reconcile", ""),
    ("sao ke ngan hang", "reconcile", ""),
    ("đối soát", "reconcile", ""),
    ("chuyển khoản", "pay", ""),
    ("chuyen khoan", "pay", ""),
    ("ck", "pay", ""),
    ("mã QR", "pay", ""),
    ("ma qr", "pay", ""),
    ("stk quỹ", "pay", ""),
    ("tôi đã nộp tiền", "pay", ""),
    ("toi da nop tien", "pay", ""),
    ("em đã ck rồi ạ", "pay", ""),
    # Acknowledgements and polite openings: a short answer, never "not understood".
    ("ok", "ack", ""),
    ("ok ạ", "ack", ""),
    ("OK", "ack", ""),
    ("oke", "ack", ""),
    ("vâng", "ack", ""),
    ("vang a", "ack", ""),
    ("dạ", "ack", ""),
    ("dạ vâng", "ack", ""),
    ("Dạ vâng ạ", "ack", ""),
    ("nhất trí", "ack", ""),
    ("nhat tri", "ack", ""),
    ("đc", "ack", ""),
    ("👍", "ack", ""),
    ("👍🏻", "ack", ""),
    ("dạ em chào anh ạ", "greeting", ""),
    ("da em chao anh a", "greeting", ""),
    ("anh ơi", "greeting", ""),
    ("anh oi", "greeting", ""),
    ("đồng chí ơi", "greeting", ""),
    ("dạ em cảm ơn ạ", "thanks", ""),
    # More ways of pledging and reporting; short forms.
    ("dạ em xin ủng hộ 500k ạ", "pledge", "500k"),
    ("anh ơi em muốn ủng hộ 1 triệu", "pledge", "1 triệu"),
    ("em gửi 500k ủng hộ quỹ", "pledge", "500k"),
    ("xin nộp 1 triệu vào quỹ", "pledge", "1 triệu"),
    ("đăng ký một ngày lương", "pledge", "một ngày lương"),
    ("dang ky 300k", "pledge", "300k"),
    ("tham gia ủng hộ quỹ", "pledge", ""),
    ("gửi bc", "report", ""),
    ("nộp bc hoạt động", "report", ""),
    ("cập nhật hoạt động", "report", ""),
    ("em xin báo cáo ạ", "report", ""),
    ("đơn vị em vừa tổ chức hiến máu", "report", ""),
    ("chúng tôi đã tổ chức tọa đàm", "report", ""),
    # "What can you do?"
    ("bot làm được gì", "help", ""),
    ("bot lam dc j", "help", ""),
    ("em có thể làm gì", "help", ""),
    ("bạn giúp được gì cho tôi", "help", ""),
    ("hướng dẫn sử dụng", "help", ""),
    ("dùng như thế nào", "help", ""),
    ("bot có những chức năng gì", "help", ""),
    # "I don't want to go on."
    ("không muốn nữa", "cancel", ""),
    ("ko muốn nữa", "cancel", ""),
    ("thôi không ủng hộ nữa", "cancel", ""),
    ("thoi khong ung ho nua", "cancel", ""),
    ("em không muốn đăng ký nữa ạ", "cancel", ""),
    ("thôi, không ủng hộ", "cancel", ""),
    ("thôi để sau", "cancel", ""),
    ("dừng", "cancel", ""),
    # Must not match: the words are there, but not as a request to the bot.
    ("không có nữa", None, ""),  # "more photos?" answered, not a wish to stop
    ("đã ủng hộ bà con vùng lũ hôm qua", None, ""),  # "đã" (already) is not "dạ" (yes)
    ("lịch họp chi bộ chiều nay", None, ""),
    ("hôm nay cơ quan tổ chức ủng hộ 2 triệu", None, ""),
    ("đã ủng hộ bà con vùng lũ", None, ""),
    ("trợ giúp pháp lý cho người dân", None, ""),
    ("quả táo màu đỏ", None, ""),
    ("500k", None, ""),
    ("", None, ""),
]


def test_the_table_has_a_hundred_and_fifty_phrasings_or_more() -> None:
    assert len(PHRASES) >= 150


@pytest.mark.parametrize(("text", "intent", "args"), PHRASES)
def test_phrase_reads_as_the_right_intent(text: str, intent: str | None, args: str) -> None:
    found = TABLE.match(text)
    assert (found.intent.key if found else None, found.args if found else "") == (intent, args)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("/ủnghộ 500k", ("ungho", "500k")),
        ("/ủng hộ 500k", ("ungho", "500k")),
        ("/ung ho", ("ungho", "")),
        ("/UNGHO 1tr", ("ungho", "1tr")),
        ("/xuất báo cáo", ("xuatbaocao", "")),
        ("/Trợ giúp", ("trogiup", "")),
        ("/lịch", ("lich", "")),
        ("/ung ho 1 500 000", ("ungho", "1 500 000")),
    ],
)
def test_commands_are_read_with_or_without_diacritics_and_spaces(
    typed: str, expected: tuple[str, str]
) -> None:
    assert parse_command(typed) == expected


def test_a_province_adds_phrases_and_a_malformed_table_is_refused() -> None:
    extra = {"intents": {"calendar": {"phrases": ["lịch công tác tỉnh"]}}}
    base = {"intents": {"calendar": {"command": "calendar", "phrases": ["lịch"]}}}
    table = IntentTable.from_data(base, extra)
    found = table.match("Lịch công tác tỉnh")
    assert found is not None and found.intent.key == "calendar"
    with pytest.raises(IntentTableError, match="exactly one of command and answer"):
        IntentTable.from_data({"intents": {"x": {"phrases": ["a"]}}})
    with pytest.raises(IntentTableError, match="bad pattern"):
        IntentTable.from_data({"intents": {"x": {"command": "help", "phrases": ["a"],
                                                 "patterns": ["("]}}})  # fmt: skip


@pytest.fixture(params=CHANNELS)
async def world(request: pytest.FixtureRequest, settings: Settings) -> AsyncIterator[World]:
    async with pledge_world(request.param, settings) as running:
        yield running


COMMAND_OF = {"pledge": "/ungho", "report": "/baocao", "calendar": "/lich", "help": "/trogiup",
              "summary": "/tonghop", "mine": "/cuatoi", "register": "/dangky",
              "lang": "/ngonngu", "cancel": "/huy", "score": "/chamdiem", "draft": "/soanbaocao",
              "dashboard": "/bangdieukhien", "reconcile": "/doisoat",
              "pay": "/ungho"}  # fmt: skip
ACK = "Vâng. Khi cần, đồng chí cứ nhắn “trợ giúp” để xem các việc tôi giúp được."


@pytest.mark.slow
async def test_every_phrase_starts_the_flow_its_command_starts(world: World) -> None:
    member = world.member
    answers: dict[str, str] = {}
    for command in COMMAND_OF.values():
        await member.send("/huy")
        answers[command] = (await member.send(command)).text
    for text, intent, args in PHRASES:
        if not text.strip():
            continue
        await member.send("/huy")
        got = (await member.send(text)).text
        if intent == "greeting":
            assert got.startswith("Xin chào đồng chí!"), text
        elif intent == "thanks":
            assert got.startswith("Cảm ơn đồng chí!"), text
        elif intent == "ack":
            assert got == ACK, text
        elif intent is None:
            assert got.startswith("Tôi chưa hiểu tin nhắn này."), text
        elif intent == "pledge" and args:
            assert (
                got.startswith("Đồng chí đăng ký ủng hộ ")
                or "một ngày lương" in got
                or ("Lương tháng" in got)
            ), text
        elif intent == "report" and args:
            assert "Tọa đàm CĐS" in got, text
        elif intent == "cancel":
            assert got == "Không có thao tác nào đang làm.", text
        else:
            assert got == answers[COMMAND_OF[intent]], text
    await member.send("/huy")
    assert await pledges(world) == []


async def test_a_member_pledges_without_typing_a_single_command(world: World) -> None:
    member = world.member
    ask = await member.send("Tôi muốn ủng hộ 500 nghìn ạ")
    assert ask.text.startswith(f"Đồng chí đăng ký ủng hộ 500.000{V} cho “{CAMPAIGN}”?")
    done = await member.send("xác nhận")
    assert done.text.startswith(f"Đã ghi nhận khoản ủng hộ 500.000{V}. Xin cảm ơn đồng chí!")
    thanks = await member.send("cảm ơn")  # options are on screen: thanks is not an answer
    assert thanks.text.startswith("Cảm ơn đồng chí!")
    assert [(p.amount, p.status) for p in await pledges(world)] == [(500_000, "pledged")]


async def test_unknown_text_offers_three_actions_that_work(world: World) -> None:
    member = world.member
    lost = await member.send("tôi không biết làm gì với quỹ")
    assert lost.text.startswith("Tôi chưa hiểu tin nhắn này.")
    assert "Có phải đồng chí muốn:" in lost.text
    assert len(lost.options) == 3 and "Ủng hộ Quỹ “Vì người nghèo”" in lost.options
    started = await member.choose("Ủng hộ Quỹ “Vì người nghèo”")
    assert started.text.startswith(f"“{CAMPAIGN}”: đồng chí ủng hộ bao nhiêu?")


async def test_an_amount_inside_a_report_description_is_not_a_pledge(world: World) -> None:
    member = world.member
    await member.send("báo cáo")
    await member.choose("Tọa đàm")
    await member.send("Tọa đàm chuyển đổi số")
    await member.send("hôm qua")
    asked = await member.send("45")
    assert "Mô tả" in asked.text or "mô tả" in asked.text
    after = await member.send("ủng hộ 500 nghìn cho hộ nghèo")
    assert not after.text.startswith("Đồng chí đăng ký ủng hộ")
    assert await pledges(world) == []
    async with world.running.app.sessions() as session:
        assert (await session.exec(select(ActivityReport))).all() == []  # not saved yet


async def test_a_leader_drafts_by_plain_words_and_a_member_is_refused_as_by_the_command(
    world: World,
) -> None:
    leader, member = world.leader, world.member
    plain = [("báo cáo tổng kết", "/soanbaocao"), ("sao kê", "/doisoat"),
             ("bảng điều khiển", "/bangdieukhien"), ("xếp hạng", "/chamdiem")]  # fmt: skip
    for text, command in plain:
        await leader.send("/huy")
        by_command = await leader.send(command)
        await leader.send("/huy")
        assert (await leader.send(text)).text == by_command.text, text
    refused = await member.send("báo cáo tổng kết")
    assert refused.text == "Đồng chí không có quyền dùng lệnh /soanbaocao."


async def test_a_plain_no_cancels_the_pledge_at_any_waiting_step(world: World) -> None:
    member = world.member
    ask = await member.send("ủng hộ 500k")
    assert ask.options == ["Xác nhận", "Sửa số tiền", "Hủy"]
    pointed = await member.send("vâng ạ")  # options wait: an "ok" picks none of them
    assert pointed.text == (
        "Vâng. Vui lòng chọn một mục ở câu hỏi trên để tiếp tục, hoặc gõ /huy để hủy."
    )
    stopped = await member.send("thôi không ủng hộ nữa")
    assert stopped.text.startswith("Đã hủy thao tác đang làm."), stopped.text
    await member.send("/ungho")  # the amount is asked: a free-text step
    stopped = await member.send("không muốn nữa")
    assert stopped.text.startswith("Đã hủy thao tác đang làm."), stopped.text
    assert (await member.send("ok")).text == ACK
    assert await pledges(world) == []
