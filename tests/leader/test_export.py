"""/xuatbaocao: the workbook as a Telegram document, as a 24-hour link on Zalo, and its rows."""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from bot.config import Settings
from bot.core.pipeline import Core
from bot.i18n import Catalogs
from domain.messages import Channel, ChatKind
from domain.roles import Role
from handlers import build_registry
from storage.db.engine import SessionFactory
from tests.activity.activity_helpers import fix_clock
from tests.leader.summarydata import EARLIER, IN_PHASE, NOW, seed_world
from tests.support.corechat import CoreChat
from tests.support.drivers import Both, running_both
from tests.support.fakeclock import FakeClock
from tests.support.ports import free_port
from tests.support.shipped import SHIPPED, own_anniversary

ACCOUNTS = {Role.LEADER: ("telegram", "7001"), Role.DEPUTY: ("zalo", "zdeputy")}
FILENAME = "tonghop-cum-1-2026-11-24.xlsx"
LINK = re.compile(r"tonghop-cum-1-2026-11-24\.xlsx: (http://127\.0\.0\.1:\d+/files/(\S+))")

Rows = dict[str, list[tuple[Any, ...]]]

EXPECTED: Rows = {
    "Tổng hợp": [
        ("Đơn vị", "Số người (biên chế)", "Báo cáo trong Đợt II năm 2026", "Đăng ký ủng hộ (₫)",
         "Đã nộp (₫)", "Đã xác nhận (₫)", "Người tham gia", "Tỷ lệ tham gia (%)",
         "Đăng ký thi đua"),
        ("Sở Nội vụ", 40, 0, 0, 0, 0, 0, 0, "được trả lại để sửa"),
        ("Sở Tài chính", 80, 1, 800_000, 800_000, 500_000, 2, 2, "đã được chấp nhận"),
        ("Sở Xây dựng", 60, 0, 1_200_000, 1_000_000, 1_000_000, 11, 18, "chưa gửi"),
        ("Cộng", 180, 1, 2_000_000, 1_800_000, 1_500_000, 13, 7, None),
    ],
    "Báo cáo": [
        ("Ngày", "Đơn vị", "Loại", "Tên hoạt động", "Số người tham gia", "Ngày kỷ niệm",
         "Gương điển hình"),
        (EARLIER, "Sở Xây dựng", "Khác", "=SUM(1;2) trồng cây", 12,
         f"Kỷ niệm 51 năm {own_anniversary().name_vi}", None),
        (IN_PHASE, "Sở Tài chính", "Tọa đàm", "Tọa đàm chuyển đổi số", 45, None, "⭐"),
    ],
    "Ủng hộ": [
        ("Đơn vị", "Họ và tên", "Số tiền (₫)", "Trạng thái", "Đã chuyển khoản (₫)"),
        ("Sở Tài chính", "Bùi Văn Bình", 300_000, "đã nộp, chờ xác nhận", None),
        ("Sở Tài chính", "Đỗ Thị An", 500_000, "đã nộp và được xác nhận", None),
        ("Sở Xây dựng", "Hồ Thị Cúc", 200_000, "đã đăng ký, chưa nộp", None),
        ("Sở Xây dựng", "Thu qua công đoàn (10 người)", 1_000_000,
         "đã nộp và được xác nhận", None),
    ],
    "Đăng ký": [
        ("Đơn vị", "Trạng thái", "Chỉ tiêu thi đua", "Danh hiệu thi đua",
         "Hình thức khen thưởng", "Ngày gửi", "Ngày duyệt", "Lý do trả lại"),
        ("Sở Nội vụ", "được trả lại để sửa", "PCI tăng 2 bậc", None, None, None, None,
         "Thiếu chỉ tiêu PCI"),
        ("Sở Tài chính", "đã được chấp nhận", "PCI tăng 2 bậc", "Tập thể lao động xuất sắc",
         None, None, None, None),
        ("Sở Xây dựng", "đang soạn, chưa gửi", "PCI tăng 2 bậc", None, None, None, None,
         None),
    ],
}  # fmt: skip


def _rows(content: bytes) -> Rows:
    """Read every sheet below its title line, dates as dates, empty cells as None."""
    book = load_workbook(io.BytesIO(content))
    read: Rows = {}
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        read[sheet.title] = [
            tuple(v.date() if isinstance(v, datetime) else v for v in row) for row in rows
        ]
    assert book.worksheets[0]["A1"].value == "Tổng hợp Cụm thi đua số 1 ngày 24/11/2026"
    assert book.worksheets[1]["D4"].data_type == "s"  # a typed "=…" stays text
    return read


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    return fix_clock(monkeypatch, NOW)


@pytest.fixture
async def linked(settings: Settings, clock: FakeClock, tmp_path: Path) -> AsyncIterator[Both]:
    port = free_port()
    update = {"public_base_url": f"http://127.0.0.1:{port}", "webhook_port": port,
              "exports_dir": str(tmp_path / "exports")}  # fmt: skip
    async with running_both(settings.model_copy(update=update)) as running:
        yield running


@pytest.fixture
async def unlinked(settings: Settings, clock: FakeClock) -> AsyncIterator[Both]:
    async with running_both(settings) as running:
        yield running


async def test_telegram_gets_the_workbook_as_a_document(linked: Both) -> None:
    await seed_world(linked.app.sessions, ACCOUNTS)
    emu = linked.telegram
    leader = emu.user(7001, "Phạm Văn Trưởng")
    await emu.send_text(leader, "/xuatbaocao")
    text, document = await emu.wait_messages(leader.id, 2)
    assert text["text"] == (
        "Báo cáo Excel của Cụm thi đua số 1: 3 đơn vị, 2 báo cáo hoạt động, 4 khoản ủng hộ, "
        "3 đăng ký thi đua."
    )
    assert document["document"]["file_name"] == FILENAME
    content = emu.file_bytes(document["document"]["file_id"])
    assert _rows(content) == EXPECTED
    assert b"13579000" not in content and "13.579.000" not in str(_rows(content))


async def test_zalo_gets_a_link_that_serves_the_same_workbook_for_a_day(
    linked: Both, tmp_path: Path
) -> None:
    await seed_world(linked.app.sessions, ACCOUNTS)
    deputy = linked.zalo.user("Lê Văn Phó", user_id="zdeputy")
    await linked.zalo.send_text(deputy, "xuatbaocao")
    text = (await linked.zalo.wait_messages(deputy.id))[0]["text"]
    assert "Liên kết tải về dùng được trong 24 giờ" in text
    found = LINK.search(text)
    assert found is not None, text
    url, token = found.groups()
    async with httpx.AsyncClient() as client:
        served = await client.get(url)
        assert served.status_code == 200
        assert FILENAME in served.headers["content-disposition"]
        assert served.headers["cache-control"] == "private, no-store"
        assert _rows(served.content) == EXPECTED
        base = url.removesuffix(token)
        for wrong in ("x" * 43, token[:-1], "..%2F..%2Fetc%2Fpasswd"):
            assert (await client.get(base + wrong)).status_code == 404
        files = linked.app.files
        assert files is not None
        files.clock = FakeClock(NOW + timedelta(hours=24, seconds=1))
        assert (await client.get(url)).status_code == 404
    assert list((tmp_path / "exports").iterdir()) == []  # the expired file is gone from disk


async def test_zalo_without_a_public_url_names_no_setting_and_no_channel(unlinked: Both) -> None:
    await seed_world(unlinked.app.sessions, ACCOUNTS)
    assert unlinked.app.web is None  # no webhooks and no links: no web server either
    deputy = unlinked.zalo.user("Lê Văn Phó", user_id="zdeputy")
    await unlinked.zalo.send_text(deputy, "/xuatbaocao")
    assert (await unlinked.zalo.wait_messages(deputy.id))[0]["text"] == (
        "Hiện tôi chưa gửi được tệp Excel qua kênh này. Vui lòng liên hệ quản trị viên hệ thống "
        "để được hỗ trợ."
    )


async def test_no_export_in_a_group_chat(sessions: SessionFactory, catalogs: Catalogs) -> None:
    await seed_world(sessions, {Role.LEADER: ("telegram", "7001")})
    core = Core(sessions=sessions, registry=build_registry(), catalogs=catalogs,
                clock=FakeClock(NOW))  # fmt: skip
    chat = CoreChat(core, user_id="7001", channel=Channel.TELEGRAM)
    group = chat._incoming(text="/xuatbaocao", command="xuatbaocao", chat_kind=ChatKind.GROUP,
                           chat_id="-1002")  # fmt: skip
    replies = await chat.deliver(group)
    assert [(reply.text, reply.file) for reply in replies] == [(
        "Báo cáo Excel có họ tên và số tiền ủng hộ của từng người: vui lòng gõ /xuatbaocao trong "
        "tin nhắn riêng với tôi.", None)]  # fmt: skip
    private = await chat.command("xuatbaocao")
    assert private[0].file is not None and private[0].file.filename == FILENAME


async def test_a_past_year_is_exported_as_it_stood_on_its_last_day(
    sessions: SessionFactory, catalogs: Catalogs
) -> None:
    await seed_world(sessions, {Role.LEADER: ("telegram", "7001")})
    clock = FakeClock(NOW)
    core = Core(sessions=sessions, registry=build_registry(), catalogs=catalogs, clock=clock,
                province=SHIPPED)  # fmt: skip
    chat = CoreChat(core, user_id="7001", channel=Channel.TELEGRAM)
    clock.set(datetime(2027, 1, 20, 9, tzinfo=NOW.tzinfo))
    [workbook, *_] = await chat.command("xuatbaocao", "2026")
    assert workbook.text == (
        "Báo cáo Excel năm 2026 của Cụm thi đua số 1: 3 đơn vị, 2 báo cáo hoạt động, 4 khoản "
        "ủng hộ, 3 đăng ký thi đua."
    )
    assert workbook.file is not None and workbook.file.filename == "tonghop-cum-1-2026.xlsx"
    book = load_workbook(io.BytesIO(workbook.file.content))
    assert book.worksheets[0]["A1"].value == "Tổng hợp Cụm thi đua số 1 năm 2026"
    read = {s.title: [tuple(v.date() if isinstance(v, datetime) else v for v in row)
                      for row in s.iter_rows(min_row=2, values_only=True)]
            for s in book.worksheets}  # fmt: skip
    assert read == EXPECTED  # the same rows as exported on 24/11/2026
    [now, *_] = await chat.command("xuatbaocao")  # this year: nothing yet
    assert now.text.startswith("Báo cáo Excel của Cụm thi đua số 1: 3 đơn vị, 0 báo cáo")
    assert now.file is not None and now.file.filename == "tonghop-cum-1-2027-01-20.xlsx"
    [wrong] = await chat.command("xuatbaocao", "2030")
    assert wrong.text == "“2030” không phải là một năm hợp lệ. Ví dụ: /xuatbaocao 2026."
