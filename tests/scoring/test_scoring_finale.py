"""The year's finale end to end: three units self-assess (one resumes after a restart), the
leader changes two scores with reasons, one unit explains, results are settled and published,
the ranking and proposals follow the configured rules, members see their rank, groups the post."""

from __future__ import annotations

import io
import shutil
from argparse import Namespace
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlmodel import col, select

from bot.cli.scoring import run_scoring_command
from bot.config import Settings
from bot.outbox.queue import NotifyService
from bot.services.scoring.results import ResultsService
from domain.roles import Role
from storage.scoring.models import ScoreEvent, ScoringProposal, ScoringTable, UnitAssessment
from tests.activity.activity_helpers import VN, fix_clock, inbox, person
from tests.drafting.draftdata import read_docx
from tests.scoring.scoringchat import pick, restarted, say
from tests.scoring.scoringworld import GROUP, REPORTERS, World, account, seed_world, snapshot
from tests.support.drivers import CHANNELS, Both, TelegramDriver, ZaloDriver, running_both
from tests.support.fakeclock import FakeClock

pytestmark = pytest.mark.slow  # each test starts bots or processes, seconds each

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=VN)  # before now: offered options are not stale
FINANCE = {"1.1": "28", "1.2": "9", "1.3": "9,5", "1.4": "10", "1.5": "5", "2.5": "2",
           "3.2": "3", "3.3": "3", "4.1": "2", "4.2": "3", "T1": "3", "T2": "0", "D1": "0",
           "D2": "0"}  # fmt: skip
BUILDING = {"1.1": "30", "1.2": "10", "1.3": "10", "1.4": "10", "1.5": "5", "2.5": "2",
            "3.2": "3", "3.3": "3", "4.1": "2", "4.2": "3", "T1": "3", "T2": "2", "D1": "1",
            "D2": "0"}  # fmt: skip
JUSTICE = {"1.1": "20", "1.2": "5", "1.3": "5", "1.4": "5", "1.5": "0", "2.5": "0", "3.2": "1",
           "3.3": "1", "4.1": "0", "4.2": "1", "T1": "0", "T2": "0", "D1": "2",
           "D2": "0"}  # fmt: skip
RULES = """\
explain_days: 3
flag: {count: 1, min_score: 80, requires: province_flag}
merit: {share: 0.67, min_score: 80, requires: null}
"""
Driver = TelegramDriver | ZaloDriver


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    return fix_clock(monkeypatch, NOW)


@pytest.fixture
def configured(settings: Settings, tmp_path: Path) -> Settings:
    """The province's configuration with this year's award rules."""
    folder = tmp_path / "config"
    shutil.copytree("config", folder)
    (folder / "scoring.yaml").write_text(RULES, encoding="utf-8")
    return settings.model_copy(update={"config_dir": str(folder)})


def reporter_of(channel: str, code: str, both: Both) -> Driver:
    number = REPORTERS[code][1]
    if channel == "telegram":
        return TelegramDriver(both.telegram, number, "vi")
    driver = ZaloDriver(both.zalo)
    driver.user = both.zalo.user("Người thử", user_id=account(channel, number))
    return driver


async def score(driver: Driver, scores: dict[str, str]) -> None:
    await say(driver, "/chamdiem")
    for code, value in scores.items():
        answer = await say(driver, f"{code} {value}")
        assert answer.text.startswith(f"Đã ghi tiêu chí {code}: "), answer.text


async def submit(driver: Driver, leader: Driver, unit: str, total: str) -> None:
    await pick(driver, "Về danh sách")
    await pick(driver, "Gửi chấm điểm")
    assert (await pick(driver, "Xác nhận gửi")).text.startswith(
        f"Đã gửi chấm điểm thi đua năm 2026 của {unit}: {total} điểm."
    )
    told = (await inbox(leader))[0].text
    assert told.startswith(f"{unit} đã gửi chấm điểm thi đua năm 2026: {total} điểm.")


async def open_unit(leader: Driver, unit: str) -> str:
    await say(leader, "/chamdiem")
    return (await pick(leader, unit)).text


async def change(leader: Driver, typed: str, reason: str) -> str:
    await pick(leader, "Sửa điểm")
    asked = await say(leader, typed)
    assert asked.text.startswith("Vui lòng nhập lý do sửa điểm tiêu chí"), asked.text
    return (await say(leader, reason, expect=2)).text


@pytest.mark.parametrize("channel", CHANNELS)
async def test_the_finale(configured: Settings, clock: FakeClock, channel: str) -> None:
    async with running_both(configured) as both:
        world = await seed_world(both.app.sessions, channel)
        finance = person(channel, Role.REPORTER, both.telegram, both.zalo)
        building = reporter_of(channel, "so-xay-dung", both)
        justice = reporter_of(channel, "so-tu-phap", both)
        leader = person(channel, Role.LEADER, both.telegram, both.zalo)
        person(channel, Role.DEPUTY, both.telegram, both.zalo)  # told too, never read here
        both.telegram.group(GROUP, "Cụm thi đua số 1")
        await score(finance, FINANCE)
        await submit(finance, leader, "Sở Tài chính", "89")
        half = dict(list(BUILDING.items())[:7])
        await score(building, half)
        await pick(building, "Về danh sách")
        await pick(building, "Đóng")
        async with restarted(both):
            resumed = await say(building, "/chamdiem")
            assert "Tiến độ: 12/19 tiêu chí" in resumed.text
            for code, value in list(BUILDING.items())[7:]:
                await say(building, f"{code} {value}")
            await submit(building, leader, "Sở Xây dựng", "84")
            await score(justice, JUSTICE)
            await submit(justice, leader, "Sở Tư pháp", "36")
            await review(both, world, channel, finance, leader)
            await publish(both, world, channel, leader)
            await score_sheet(both, configured, leader)


async def review(both: Both, world: World, channel: str, finance: Driver, leader: Driver) -> None:
    units = await say(leader, "/chamdiem")
    assert "• Sở Tài chính: đã gửi, chờ thẩm định, tự chấm 89, kết quả 89 điểm" in units.text
    assert units.options[:3] == ["Sở Tài chính", "Sở Tư pháp", "Sở Xây dựng"]
    detail = (await pick(leader, "Sở Tài chính")).text
    assert "Minh chứng:" not in detail  # scored by typing only: no evidence to show
    assert "• 2.1 Tỷ lệ cán bộ, công chức tham gia ủng hộ" in detail
    before = await snapshot(both.app.sessions)
    await pick(leader, "Sửa điểm")
    assert (await say(leader, "1.1 40")).text == "Điểm vượt mức tối đa 30. Vui lòng nhập lại."
    assert (await say(leader, "9.9 1")).text.startswith("Không có tiêu chí nào có mã “9.9”.")
    assert (await say(leader, "1.1")).text.startswith("Vui lòng nhập mã tiêu chí và điểm mới")
    assert (await say(leader, "1.1 25")).text.startswith("Vui lòng nhập lý do")
    assert (await say(leader, "ok")).text == "Nội dung cần từ 3 đến 500 ký tự. Vui lòng nhập lại."
    assert await snapshot(both.app.sessions) == before
    changed = (await say(leader, "Chỉ tiêu thu ngân sách đạt 96%", expect=2)).text
    assert changed.startswith("Đã sửa điểm tiêu chí 1.1: 28 → 25 điểm.")
    changed = await change(leader, "3.2 2", "Vắng một hội nghị của Cụm")
    assert changed.startswith("Đã sửa điểm tiêu chí 3.2: 3 → 2 điểm.")
    assert "Kết quả thẩm định: Tổng: 85 điểm" in changed
    # Not settled before the unit could explain.
    assert (await pick(leader, "Gửi kết quả thẩm định", expect=2)).text.startswith(
        "Đã gửi kết quả thẩm định tới Sở Tài chính: 85 điểm."
    )
    told = (await inbox(finance))[0].text
    assert told == (
        "Kết quả thẩm định chấm điểm thi đua năm 2026 của Sở Tài chính: 85 điểm (đơn vị tự chấm "
        "89 điểm).\n• 1.1: 28 → 25 điểm. Lý do: Chỉ tiêu thu ngân sách đạt 96%\n"
        "• 3.2: 3 → 2 điểm. Lý do: Vắng một hội nghị của Cụm\n"
        "Đơn vị được giải trình một lần trước 30/11/2026: gõ /chamdiem và chọn “Giải trình”."
    )
    await pick(leader, "Sở Tài chính")
    before = await snapshot(both.app.sessions)
    refused = (await pick(leader, "Thống nhất kết quả")).text
    assert refused == "Chưa thống nhất được: đơn vị còn trong thời hạn giải trình."
    assert await snapshot(both.app.sessions) == before
    for unit in ("Sở Xây dựng", "Sở Tư pháp"):
        await open_unit(leader, unit)
        await pick(leader, "Gửi kết quả thẩm định", expect=2)
        assert (await inbox(reporter_of(channel, REPORTERS_BY_NAME[unit], both)))[0].text.endswith(
            "Cụm, khối giữ nguyên điểm đơn vị tự chấm."
        )
        await pick(leader, unit)
        assert (await pick(leader, "Thống nhất kết quả", expect=2)).text.startswith(
            f"Đã thống nhất kết quả của {unit}:"
        )
    # The unit explains once.
    outcome = await say(finance, "/chamdiem")
    assert "Kết quả thẩm định: Tổng: 85 điểm (cơ bản 82, thưởng 3, trừ 0)." in outcome.text
    assert outcome.options == ["Giải trình"]
    await pick(finance, "Giải trình")
    explained = await say(finance, "Chỉ tiêu thu ngân sách bị điều chỉnh giữa năm theo Nghị quyết")
    assert explained.text == "Đã gửi giải trình của Sở Tài chính. Lãnh đạo cụm, khối đã được báo."
    assert (await inbox(leader))[0].text.startswith("Sở Tài chính đã gửi giải trình")
    assert (await say(finance, "/chamdiem")).options == []
    detail = await open_unit(leader, "Sở Tài chính")
    assert "Giải trình của đơn vị: Chỉ tiêu thu ngân sách bị điều chỉnh" in detail
    settled = (await pick(leader, "Thống nhất kết quả", expect=2)).text
    assert settled.startswith("Đã thống nhất kết quả của Sở Tài chính: 85 điểm.")
    async with both.app.sessions() as session:
        stages = {a.unit_id: a.status for a in (await session.exec(select(UnitAssessment))).all()}
        events = [
            (e.criterion_code, e.action, e.old_value, e.new_value, e.reason)
            for e in (await session.exec(select(ScoreEvent).order_by(col(ScoreEvent.id)))).all()
            if e.action == "final_score"
        ]
    assert set(stages.values()) == {"settled"} and len(stages) == 3
    assert events == [
        ("1.1", "final_score", "28", "25", "Chỉ tiêu thu ngân sách đạt 96%"),
        ("3.2", "final_score", "3", "2", "Vắng một hội nghị của Cụm"),
    ]
    del world


REPORTERS_BY_NAME = {"Sở Xây dựng": "so-xay-dung", "Sở Tư pháp": "so-tu-phap"}


async def publish(both: Both, world: World, channel: str, leader: Driver) -> None:
    member = person(channel, Role.MEMBER, both.telegram, both.zalo)
    assert (await say(member, "/chamdiem")).text == "Kết quả chấm điểm thi đua chưa được công bố."
    ranking = await say(leader, "/chamdiem")
    assert ranking.options[-2:] == ["Bảng xếp hạng", "Công bố kết quả"]
    table = (await pick(leader, "Bảng xếp hạng")).text
    assert table == (
        "Bảng xếp hạng (tổng điểm · điểm tính tự động · ngày gửi):\n"
        "Hạng 1: Sở Tài chính — 85 · 9,5 · 27/11/2026\n"
        "Hạng 2: Sở Xây dựng — 84 · 0 · 27/11/2026\n"
        "Hạng 3: Sở Tư pháp — 36 · 0 · 27/11/2026"
    )
    back = await pick(leader, "Quay lại")
    assert back.options and back.options[-1] == "Công bố kết quả", back.text
    await pick(leader, "Công bố kết quả")
    published = await pick(leader, "Xác nhận công bố")
    assert published.text.startswith("Đã công bố kết quả chấm điểm thi đua;")
    assert published.text.endswith(
        "Theo kết quả xếp hạng, 2 đơn vị đủ điều kiện đề nghị khen thưởng."
    )
    top = (
        "Hạng 1: Sở Tài chính, 85 điểm\nHạng 2: Sở Xây dựng, 84 điểm\nHạng 3: Sở Tư pháp, 36 điểm"
    )
    assert (await inbox(member))[0].text == (
        "Kết quả chấm điểm thi đua năm 2026 của Cụm thi đua số 1 đã được công bố. Sở Tài chính "
        f"xếp thứ 1/3 với 85 điểm.\nDẫn đầu:\n{top}"
    )
    assert (await inbox(reporter_of(channel, "so-tu-phap", both)))[0].text.startswith(
        "Kết quả chấm điểm thi đua năm 2026 của Cụm thi đua số 1 đã được công bố. Sở Tư pháp "
        "xếp thứ 3/3 với 36 điểm."
    )
    await inbox(leader)  # the leader is a member of Sở Tài chính too
    [post] = await both.telegram.wait_messages(GROUP)
    assert post["text"] == f"Kết quả chấm điểm thi đua năm 2026 của Cụm thi đua số 1:\n{top}"
    mine = await say(member, "/chamdiem")
    assert mine.text.startswith("Kết quả chấm điểm thi đua đã được công bố. Sở Tài chính xếp thứ "
                                "1/3 với 85 điểm.")  # fmt: skip
    async with both.app.sessions() as session:
        proposals = [
            (p.award, p.unit_id, p.rank, p.total, p.status)
            for p in (await session.exec(select(ScoringProposal))).all()
        ]
        [table_row] = (await session.exec(select(ScoringTable))).all()
    units = world.org.units
    assert sorted(proposals) == [
        ("flag", units["so-tai-chinh"], 1, 170, "proposed"),
        ("merit", units["so-xay-dung"], 2, 168, "proposed"),
    ]
    assert table_row.published_by == world.org.people[Role.LEADER]
    # After publication nothing changes except by the admin.
    before = await snapshot(both.app.sessions)
    detail = await open_unit(leader, "Sở Xây dựng")
    assert "Sửa điểm" not in detail and (await say(leader, "/chamdiem")).options[-1] != (
        "Công bố kết quả"
    )
    assert await snapshot(both.app.sessions) == before
    await decide_proposals(both, world, leader)
    await admin_changes(both, world, channel)


async def decide_proposals(both: Both, world: World, leader: Driver) -> None:
    """The leader confirms the bot's list, then removes one unit and adds another, with reasons."""
    await say(leader, "/chamdiem")
    shown = await pick(leader, "Đề nghị khen thưởng")
    assert shown.text == (
        "Đề nghị khen thưởng theo kết quả xếp hạng:\n"
        "Cờ thi đua của UBND tỉnh:\n  • Sở Tài chính (hạng 1, 85 điểm, đề nghị)\n"
        "Bằng khen của Chủ tịch UBND tỉnh:\n  • Sở Xây dựng (hạng 2, 84 điểm, đề nghị)"
    )
    assert shown.options == ["Xác nhận danh sách", "Bỏ một đơn vị", "Thêm một đơn vị", "Quay lại"]
    confirmed = await pick(leader, "Xác nhận danh sách", expect=2)
    assert confirmed.text.startswith("Đã xác nhận danh sách đề nghị khen thưởng.")
    await pick(leader, "Bỏ một đơn vị")
    await pick(leader, "Sở Xây dựng — Bằng khen của Chủ tịch UBND tỉnh")
    before = await snapshot(both.app.sessions)
    assert (await say(leader, "x")).text == "Nội dung cần từ 3 đến 500 ký tự. Vui lòng nhập lại."
    assert await snapshot(both.app.sessions) == before
    removed = await say(leader, "Đơn vị đề nghị để năm sau", expect=2)
    assert removed.text.startswith("Đã cập nhật danh sách đề nghị khen thưởng.")
    assert "  • Sở Xây dựng (hạng 2, 84 điểm, đã bỏ) — Đơn vị đề nghị để năm sau" in removed.text
    await pick(leader, "Thêm một đơn vị")
    await pick(leader, "Sở Tư pháp — Bằng khen của Chủ tịch UBND tỉnh")
    added = await say(leader, "Thành tích đột xuất trong phòng chống thiên tai", expect=2)
    assert "  • Sở Tư pháp (hạng 3, 36 điểm, đã xác nhận) — Thành tích đột xuất" in added.text
    async with both.app.sessions() as session:
        rows = sorted(
            (p.award, p.unit_id, p.status, p.decided_by)
            for p in (await session.exec(select(ScoringProposal))).all()
        )
        results = await ResultsService(
            session, NotifyService(session, both.app.catalogs, NOW), NOW, both.app.province
        ).published_results(world.org.cluster_a, 2026)
    units, lead = world.org.units, world.org.people[Role.LEADER]
    assert rows == sorted([
        ("flag", units["so-tai-chinh"], "confirmed", lead),
        ("merit", units["so-xay-dung"], "removed", lead),
        ("merit", units["so-tu-phap"], "confirmed", lead),
    ])  # fmt: skip
    # What the year-end report reads.
    assert results is not None
    assert [(s.rank, s.unit_name, s.total) for s in results.standings] == [
        (1, "Sở Tài chính", 170), (2, "Sở Xây dựng", 168), (3, "Sở Tư pháp", 72)]  # fmt: skip
    assert len(results.proposals) == 3


async def admin_changes(both: Both, world: World, channel: str) -> None:
    """After publication the admin alone changes a score, with a reason kept in the history."""
    admin = person(channel, Role.ADMIN, both.telegram, both.zalo)
    overview = await say(admin, "/chamdiem")
    assert overview.text.startswith("Đề nghị khen thưởng của các cụm, khối năm 2026:\n\n"
                                    "Cụm thi đua số 1\nCờ thi đua của UBND tỉnh:\n"
                                    "  • Sở Tài chính (hạng 1, 85 điểm, đã xác nhận)")  # fmt: skip
    assert overview.options == ["Cụm thi đua số 1"]
    await pick(admin, "Cụm thi đua số 1")
    await pick(admin, "Sở Xây dựng")
    await pick(admin, "Sửa điểm")
    await say(admin, "1.1 29")
    done = (await say(admin, "Sai sót khi tổng hợp số liệu", expect=2)).text
    assert done.startswith("Đã sửa điểm tiêu chí 1.1: 30 → 29 điểm.")
    told = (await inbox(reporter_of(channel, "so-xay-dung", both), 2))[1].text
    assert told == (
        "Ban Thi đua - Khen thưởng đã sửa điểm tiêu chí 1.1 của Sở Xây dựng sau khi công bố: "
        "30 → 29 điểm. Lý do: Sai sót khi tổng hợp số liệu"
    )
    async with both.app.sessions() as session:
        last = (await session.exec(select(ScoreEvent).order_by(col(ScoreEvent.id).desc()))).first()
    assert last is not None
    assert (last.criterion_code, last.old_value, last.new_value, last.actor_id, last.reason) == (
        "1.1",
        "30",
        "29",
        world.org.people[Role.ADMIN],
        "Sai sót khi tổng hợp số liệu",
    )


async def score_sheet(both: Both, settings: Settings, leader: Driver) -> None:
    """/tonghop shows the progress; the sheet comes with /xuatbaocao and from the command line."""
    # /tonghop answers with its text, then its chart as a picture where the channel shows one.
    pictured = isinstance(leader, TelegramDriver) or settings.public_base_url is not None
    summary = await say(leader, "/tonghop", expect=2 if pictured else 1)
    assert (
        "Chấm điểm thi đua năm 2026 (hạn tự chấm 10/12/2026): đã gửi 3/3, đã thẩm định 3, đã giải "
        "trình 1, đã thống nhất 3; kết quả đã công bố."
    ) in summary.text
    if isinstance(leader, TelegramDriver):
        await leader.emu.send_text(leader.user, "/xuatbaocao")
        *_, caption, document = await leader.emu.wait_messages(leader.user.id, 4)
        assert caption["text"].startswith("Bảng điểm thi đua năm 2026 của Cụm thi đua số 1: 3 đơn")
        assert document["document"]["file_name"] == "bangdiem-cum-1-2026.xlsx"
        check_sheet(leader.emu.file_bytes(document["document"]["file_id"]))
        # The year-end report drafted for the province carries the published results.
        await leader.emu.send_text(leader.user, "/soanbaocao")
        menu = (await leader.emu.wait_messages(leader.user.id))[0]
        await leader.emu.press(leader.user, menu, "Báo cáo tổng kết năm 2026")
        _, drafted = await leader.emu.wait_messages(leader.user.id, 2)
        report = read_docx(leader.emu.file_bytes(drafted["document"]["file_id"]))
        rows = [row for table in report.tables for row in table]
        assert any(row[:2] == ["1", "Sở Tài chính"] and "85" in row[2] for row in rows), rows
        text = "\n".join(report.paragraphs + [" ".join(row) for row in rows])
        assert "Kết quả chấm điểm chưa được công bố." not in text
        assert "Cờ thi đua của UBND tỉnh" in text and "Sở Xây dựng" in text
    path = Path(settings.config_dir).parent / "bangdiem.xlsx"
    args = Namespace(scoring_command="sheet", file=path, cluster="cum-1", year=2026)
    assert await run_scoring_command(args, settings) == 0
    check_sheet(path.read_bytes())


def check_sheet(content: bytes) -> None:
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["Bảng điểm", "Xếp hạng", "Đề nghị khen thưởng"]
    ws = book["Bảng điểm"]
    heads = ["STT", "Mã", "Tiêu chí", "Điểm tối đa", "Sở Tài chính", "Sở Xây dựng", "Sở Tư pháp"]
    assert [ws[c].value for c in ("A2", "B2", "C2", "D2", "E2", "G2", "I2")] == heads
    assert (ws["E3"].value, ws["F3"].value) == ("Tự chấm", "Thẩm định")
    assert ws["A4"].value == "I. Thực hiện nhiệm vụ chính trị được giao"
    assert [ws[c].value for c in ("B5", "D5", "E5", "F5", "G5", "H5")] == [
        "1.1", 30, 28, 25, 30, 29]  # fmt: skip
    assert ws["E5"].number_format == "0.0" and ws.freeze_panes == "E4"
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$2:$3"
    totals = next(r for r in ws.iter_rows(min_row=5) if r[2].value == "Tổng điểm")
    assert [c.value for c in totals[4:10]] == [89, 85, 84, 83, 36, 36]
    ranking = [[c.value for c in row] for row in book["Xếp hạng"].iter_rows(min_row=3)]
    assert [row[:5] for row in ranking] == [
        [1, "Sở Tài chính", 89, 85, 9.5], [2, "Sở Xây dựng", 84, 83, 0],
        [3, "Sở Tư pháp", 36, 36, 0]]  # fmt: skip
    proposals = [
        [c.value for c in row] for row in book["Đề nghị khen thưởng"].iter_rows(min_row=3)
    ]
    assert [row[:5] for row in proposals] == [
        ["Cờ thi đua của UBND tỉnh", "Sở Tài chính", 1, 85, "đã xác nhận"],
        ["Bằng khen của Chủ tịch UBND tỉnh", "Sở Xây dựng", 2, 84, "đã bỏ"],
        ["Bằng khen của Chủ tịch UBND tỉnh", "Sở Tư pháp", 3, 36, "đã xác nhận"],
    ]
