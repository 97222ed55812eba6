"""/soanbaocao: the report as a Telegram document or a Zalo link, its figures, and refusals."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlmodel import select

from bot.config import Settings
from bot.core.pipeline import Core
from bot.i18n import Catalogs
from domain.messages import Channel, ChatKind, EventKind
from domain.roles import Role
from handlers import build_registry
from storage.db.engine import SessionFactory
from storage.membership.models import Member
from tests.activity.activity_helpers import fix_clock
from tests.drafting.draftdata import Read, expected, read_docx
from tests.leader.summarydata import NOW, seed_world
from tests.support.corechat import CoreChat
from tests.support.drivers import CHANNELS, Both, answered, running_both
from tests.support.fakeclock import FakeClock
from tests.support.ports import free_port

LINK = re.compile(r"(http://127\.0\.0\.1:\d+/files/\S+)")
LABELS = {"seminar": "Tọa đàm", "other": "Khác"}
KINDS = {  # option label, file name part, period, summary line (its lines)
    "phase1": ("Báo cáo Đợt I năm 2026", "dot-1", (date(2026, 1, 1), date(2026, 6, 30)),
               "Sơ kết phong trào thi đua Đợt I năm 2026 của Cụm thi đua số 1"),
    "year": ("Báo cáo tổng kết năm 2026", "tong-ket", (date(2026, 1, 1), date(2026, 12, 31)),
             "Tổng kết phong trào thi đua năm 2026\nvà phương hướng, nhiệm vụ năm 2027 của Cụm "
             "thi đua số 1"),
}  # fmt: skip


@pytest.fixture
async def linked(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> AsyncIterator[Both]:
    fix_clock(monkeypatch, NOW)
    port = free_port()
    update = {"public_base_url": f"http://127.0.0.1:{port}", "webhook_port": port,
              "exports_dir": str(tmp_path / "exports")}  # fmt: skip
    async with running_both(settings.model_copy(update=update)) as running:
        yield running


async def _draft(both: Both, channel: str, user_id: str, label: str) -> tuple[str, bytes | None]:
    """Ask for a report as this person and return the answer's text and the document."""
    if channel == "telegram":
        emu = both.telegram
        user = emu.user(int(user_id), "Phạm Văn Trưởng")
        await emu.send_text(user, "/soanbaocao")
        menu = (await emu.wait_messages(user.id))[0]
        await emu.press(user, menu, label)
        answer = await emu.wait_messages(user.id, 1)
        await answered(emu)  # the document, if any, follows the text in the same answer
        try:
            document = (await emu.wait_messages(user.id, 1, timeout=0.01))[0]
        except TimeoutError:
            return answer[0]["text"], None
        return answer[0]["text"], emu.file_bytes(document["document"]["file_id"])
    zalo = both.zalo
    person = zalo.user("Lê Văn Phó", user_id=user_id)
    await zalo.send_text(person, "soanbaocao")
    menu = (await zalo.wait_messages(person.id))[0]["text"]
    number = next(line.split(".")[0] for line in menu.split("\n") if line.endswith(label))
    await zalo.send_text(person, number)
    text = str((await zalo.wait_messages(person.id))[0]["text"])
    found = LINK.search(text)
    if found is None:
        return text, None
    async with httpx.AsyncClient() as client:
        served = await client.get(found.group(1))
        assert served.status_code == 200
        assert ".docx" in served.headers["content-disposition"]
        return text, served.content


def _decree_blocks(read: Read, title: str) -> None:
    header = read.tables[0]
    assert header[0][0].split("\n") == ["HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG", "TỈNH GIA LAI",
                                        "CỤM THI ĐUA SỐ 1", ""]  # fmt: skip
    assert header[0][1].split("\n") == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                                        "Độc lập - Tự do - Hạnh phúc", ""]  # fmt: skip
    # The cluster's own register: its number joins the symbol («Cụm thi đua số 1»).
    assert header[1] == ["Số: …/BC-CTĐ1", "Gia Lai, ngày … tháng … năm 2026"]
    assert read.paragraphs[:2] == ["BÁO CÁO", title]
    recipients, signature = read.tables[-1][0]
    assert recipients.split("\n")[0] == "Nơi nhận:"
    assert "- Lưu: VT." in recipients.split("\n")
    assert [line for line in signature.split("\n") if line] == [
        "TM. CỤM THI ĐUA SỐ 1", "TRƯỞNG CỤM", "Phạm Văn Trưởng"]  # fmt: skip


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("kind", list(KINDS))
async def test_the_report_holds_the_decree_blocks_and_the_databases_figures(
    linked: Both, channel: str, kind: str
) -> None:
    accounts = {Role.LEADER: ("telegram", "7001"), Role.DEPUTY: ("zalo", "zdeputy")}
    world = await seed_world(linked.app.sessions, accounts)
    label, _, (start, end), title = KINDS[kind]
    user_id = "7001" if channel == "telegram" else "zdeputy"
    text, content = await _draft(linked, channel, user_id, label)
    assert content is not None, text
    read = read_docx(content)
    _decree_blocks(read, title)
    want = await expected(linked.app.sessions, world.org.cluster_a, start, end, LABELS)
    named = "tổng kết phong trào thi đua"
    if kind == "phase1":
        named = "sơ kết phong trào thi đua Đợt I"
    assert text.startswith(f"Dự thảo báo cáo {named} năm 2026 của Cụm thi đua số 1.\n")
    # Money inside a sentence in đồng, as in the document.
    assert f"ủng hộ {want.total[2]} đồng, đã xác nhận {want.total[4]} đồng;" in text
    assert "viết các đoạn tô vàng" in text
    next_period = "NĂM 2027" if kind == "year" else "ĐỢT II NĂM 2026"
    assert read.headings == [
        "I. ĐẶC ĐIỂM TÌNH HÌNH", "1. Thuận lợi", "2. Khó khăn",
        "II. KẾT QUẢ THỰC HIỆN CÁC PHONG TRÀO THI ĐUA", "1. Công tác chỉ đạo, tổ chức thực hiện",
        "2. Kết quả các phong trào thi đua", "3. Cuộc vận động ủng hộ Quỹ “Vì người nghèo”",
        "4. Công tác phát hiện, bồi dưỡng, nhân rộng gương điển hình tiên tiến",
        "5. Công tác khen thưởng", "III. ĐÁNH GIÁ CHUNG", "1. Ưu điểm",
        "2. Tồn tại, hạn chế và nguyên nhân", f"IV. PHƯƠNG HƯỚNG, NHIỆM VỤ {next_period}",
        "V. KIẾN NGHỊ",
    ]  # fmt: skip
    rewards = read.under("5. Công tác khen thưởng")
    if kind == "year":
        assert rewards[0].startswith("Kết quả chấm điểm chưa được công bố.")
        assert rewards[0].endswith("khi có kết quả chấm điểm của Cụm.")
        assert "Kết quả chấm điểm chưa được công bố" in text
    else:
        assert not any("chấm điểm" in p for p in rewards)
    kinds_table, pledge_table = read.tables[1], read.tables[2]
    assert [row[1:] for row in kinds_table[1:]] == sorted(want.kinds, key=lambda r: r[0])
    assert [row[1:] for row in pledge_table[1:-1]] == want.units
    assert pledge_table[-1][1:] == want.total
    assert next(p for p in read.paragraphs if p.startswith("Cụm thi đua số 1 có")) == (
        "Cụm thi đua số 1 có 3 đơn vị thành viên với tổng số 180 cán bộ, công chức, viên chức, "
        "người lao động theo biên chế.")  # fmt: skip
    digital = next(p for p in read.paragraphs if p.startswith("Ứng dụng chuyển đổi số"))
    assert f"{want.joined} người đã sử dụng trợ lý thi đua" in digital
    assert f"đã báo cáo {want.reports} hoạt động" in read.text
    assert "Sở Nội vụ" in next(p for p in read.paragraphs if "chưa báo cáo hoạt động" in p)
    assert "- 1/3 đơn vị chưa gửi đăng ký thi đua năm 2026: Sở Xây dựng." in read.paragraphs
    assert "Sở Y tế" not in read.text  # cluster B's unit
    assert read.under("V. KIẾN NGHỊ")[0].startswith("[Nêu kiến nghị")


@pytest.mark.parametrize("channel", CHANNELS)
async def test_members_and_reporters_are_refused(linked: Both, channel: str) -> None:
    other = "zalo" if channel == "telegram" else "telegram"
    ids = {"telegram": ("7101", "7102"), "zalo": ("zmember", "zreporter")}
    accounts = {Role.MEMBER: (channel, ids[channel][0]), Role.REPORTER: (channel, ids[channel][1]),
                Role.LEADER: (other, ids[other][0])}  # fmt: skip
    await seed_world(linked.app.sessions, accounts)
    for user_id in ids[channel]:
        if channel == "telegram":
            user = linked.telegram.user(int(user_id), "Nguyễn Văn Minh")
            await linked.telegram.send_text(user, "/soanbaocao")
            answer = await linked.telegram.wait_messages(user.id)
        else:
            person = linked.zalo.user("Nguyễn Văn Minh", user_id=user_id)
            await linked.zalo.send_text(person, "/soanbaocao")
            answer = await linked.zalo.wait_messages(person.id)
        assert [m["text"] for m in answer] == ["Đồng chí không có quyền dùng lệnh /soanbaocao."]


@pytest.mark.parametrize("channel", CHANNELS)
async def test_another_clusters_leader_gets_nothing_of_this_cluster(
    linked: Both, channel: str, tmp_path: Path
) -> None:
    user_id = "7001" if channel == "telegram" else "zdeputy"
    role = Role.LEADER if channel == "telegram" else Role.DEPUTY
    world = await seed_world(linked.app.sessions, {role: (channel, user_id)})
    # The menu is shown for cluster A; meanwhile the person is moved to lead cluster B.
    if channel == "telegram":
        user = linked.telegram.user(7001, "Phạm Văn Trưởng")
        await linked.telegram.send_text(user, "/soanbaocao")
        menu = (await linked.telegram.wait_messages(user.id))[0]
    else:
        person = linked.zalo.user("Lê Văn Phó", user_id=user_id)
        await linked.zalo.send_text(person, "/soanbaocao")
        await linked.zalo.wait_messages(person.id)
    async with linked.app.sessions() as session, session.begin():
        member = (await session.exec(select(Member).where(Member.role == role.value))).one()
        member.cluster_id = world.org.cluster_b
    if channel == "telegram":
        await linked.telegram.press(user, menu, "Báo cáo Đợt I năm 2026")
        answer = [m.get("text") for m in await linked.telegram.wait_messages(user.id)]
    else:
        await linked.zalo.send_text(person, "1")
        answer = [m.get("text") for m in await linked.zalo.wait_messages(person.id)]
    assert answer == ["Đồng chí không còn quyền thực hiện thao tác này."]
    assert not (tmp_path / "exports").exists() or not list((tmp_path / "exports").iterdir())
    # Asked again, the report is cluster B's, with none of cluster A's units.
    text, content = await _draft(linked, channel, user_id, "Báo cáo Đợt II năm 2026")
    assert content is not None, text
    read = read_docx(content)
    assert "KHỐI THI ĐUA SỐ 2" in read.tables[0][0][0]
    assert "Sở Tài chính" not in read.text and "Sở Xây dựng" not in read.text


async def test_no_report_in_a_group_chat(sessions: SessionFactory, catalogs: Catalogs) -> None:
    await seed_world(sessions, {Role.LEADER: ("telegram", "7001")})
    core = Core(sessions=sessions, registry=build_registry(), catalogs=catalogs,
                clock=FakeClock(NOW))  # fmt: skip
    chat = CoreChat(core, user_id="7001", channel=Channel.TELEGRAM)
    group: dict[str, Any] = {"chat_kind": ChatKind.GROUP, "chat_id": "-1002"}
    replies = await chat.deliver(chat._incoming(text="/soanbaocao", command="soanbaocao", **group))
    refusal = ("Báo cáo nêu tên các đơn vị, cá nhân và số tiền ủng hộ: vui lòng gõ /soanbaocao "
               "trong tin nhắn riêng với tôi.")  # fmt: skip
    assert [(reply.text, reply.file, reply.choices) for reply in replies] == [(refusal, None, [])]
    private = (await chat.command("soanbaocao"))[0]
    token = next(c.token for c in private.choices if c.label == "Báo cáo Đợt I năm 2026")
    # A menu shown privately and pressed from a group sends nothing there either.
    pressed = await chat.deliver(
        chat._incoming(kind=EventKind.CHOICE, choice_token=token, **group)
    )
    assert [reply.file for reply in pressed] == [None]
    sent = await chat.press(private, "Báo cáo Đợt I năm 2026")
    assert sent[0].file is not None and sent[0].file.filename == "bao-cao-cum-1-dot-1-2026.docx"
