"""Self-assessment end to end: computed criteria filled, scores with evidence, bad input refused,
left half-way and resumed after a restart, sent only when complete with the total shown."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlmodel import col, select

from bot.config import Settings
from domain.roles import Role
from storage.scoring.models import AssessmentScore, ScoringCriterion, UnitAssessment
from tests.activity.activity_helpers import VN, fix_clock, inbox, person, send_photo
from tests.scoring.scoringchat import pick, restarted, say, shown
from tests.scoring.scoringworld import REPORTERS, account, seed_world, snapshot
from tests.support.drivers import CHANNELS, Both, TelegramDriver, ZaloDriver, running_both
from tests.support.fakeclock import FakeClock

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=VN)  # before now: options are not stale
FINANCE = {  # 2.5 counts two initiatives; 1.5 and 4.1 are pass/fail
    "1.1": "28", "1.2": "9", "1.3": "9,5", "1.4": "10", "1.5": "5", "2.5": "2", "3.2": "3",
    "3.3": "3", "4.1": "2", "4.2": "3", "T1": "3", "T2": "0", "D1": "0", "D2": "0",
}  # fmt: skip


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    return fix_clock(monkeypatch, NOW)


def reporter_of(channel: str, code: str, both: Both) -> TelegramDriver | ZaloDriver:
    number = REPORTERS[code][1]
    if channel == "telegram":
        return TelegramDriver(both.telegram, number, "vi")
    driver = ZaloDriver(both.zalo)
    driver.user = both.zalo.user("Người thử", user_id=account(channel, number))
    return driver


async def score_all(driver: TelegramDriver | ZaloDriver, scores: dict[str, str]) -> None:
    for code, value in scores.items():
        answer = await say(driver, f"{code} {value}")
        assert answer.text.startswith(f"Đã ghi tiêu chí {code}: "), answer.text


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.slow
async def test_self_assessment(settings: Settings, clock: FakeClock, channel: str) -> None:
    async with running_both(settings) as both:
        world = await seed_world(both.app.sessions, channel)
        reporter = person(channel, Role.REPORTER, both.telegram, both.zalo)
        leader = person(channel, Role.LEADER, both.telegram, both.zalo)
        menu = await say(reporter, "/chamdiem")
        assert menu.text.startswith("Chấm điểm thi đua năm 2026 — Sở Tài chính\n")
        assert "Tiến độ: 5/19 tiêu chí. Trạng thái: đang chấm." in menu.text
        # The computed criteria, filled from what the database holds, with how.
        assert "• 2.1 Tỷ lệ cán bộ, công chức tham gia ủng hộ Quỹ \"Vì người nghèo\": 2,5/5 " \
            "(tính tự động: 40/80 người tham gia ủng hộ)" in menu.text  # fmt: skip
        assert ": 3/3 (tính tự động: đăng ký thi đua gửi đúng hạn)" in menu.text
        assert ": 1/4 (tính tự động: 1 hoạt động chào mừng ngày kỷ niệm)" in menu.text
        assert ": 1/4 (tính tự động: 1 gương điển hình được biểu dương)" in menu.text
        assert ": 2/4 (tính tự động: 1/2 đợt có báo cáo đúng hạn)" in menu.text
        assert menu.options == ["Chấm tiêu chí tiếp theo", "Đóng"]
        first = await pick(reporter, "Chấm tiêu chí tiếp theo")
        assert first.text.startswith("Tiêu chí 1.1 (5/19 tiêu chí đã chấm): Hoàn thành")
        assert "Từ 0 đến 30 điểm, được chấm nửa điểm (ví dụ 7,5)." in first.text
        # Bad input is answered and changes nothing.
        before = await snapshot(both.app.sessions)
        bad = {
            "31": "Điểm vượt mức tối đa 30. Vui lòng nhập lại.",
            "-2": "Điểm không được âm. Vui lòng nhập lại.",
            "mười": "“mười” không phải là số điểm. Vui lòng nhập một số, ví dụ 7,5.",
            "7,3": "Điểm chỉ chấm đến nửa điểm (ví dụ 7 hoặc 7,5). Vui lòng nhập lại.",
        }
        for typed, answer in bad.items():
            assert (await say(reporter, typed)).text == answer
        assert await snapshot(both.app.sessions) == before
        scored = await say(reporter, "28")
        assert scored.text.startswith("Đã ghi tiêu chí 1.1: 28/30 điểm. Tiến độ: 6/19 tiêu chí.")
        assert scored.options == ["Gắn báo cáo đã gửi", "Tiêu chí tiếp theo", "Về danh sách"]
        assert (await say(reporter, "Báo cáo tổng kết số 12/BC-STC")).text == (
            "Đã lưu minh chứng cho tiêu chí 1.1."
        )
        photo = (await send_photo(reporter))[0].text
        assert photo.startswith("Đã lưu minh chứng cho tiêu chí 1.1.")
        reports = await pick(reporter, "Gắn báo cáo đã gửi")
        assert reports.options == [shown(reporter, "29/4/2026 Văn nghệ chào mừng 30/4")]
        linked = await pick(reporter, "29/4/2026 Văn nghệ chào mừng 30/4")
        assert linked.text == "Đã gắn báo cáo làm minh chứng cho tiêu chí 1.1."
        listed = await pick(reporter, "Về danh sách")
        assert "Tiến độ: 6/19 tiêu chí" in listed.text
        for typed, answer in {
            "9.9": "Không có tiêu chí nào có mã “9.9”. Vui lòng gõ một mã trong danh sách.",
            "2.1 5": "Tiêu chí 2.1 được tính tự động, không chấm tay.",
            "1.5 3": "Tiêu chí này chỉ nhận 0 hoặc 5 điểm. Vui lòng nhập lại.",
            "2.5 1,5": "Vui lòng nhập số lần là một số nguyên, ví dụ 2.",
        }.items():
            assert (await say(reporter, typed)).text == answer
        # Half-way: seven more, then the reporter leaves and the bot restarts.
        await score_all(reporter, dict(list(FINANCE.items())[1:8]))
        assert (await pick(reporter, "Về danh sách")).options == [
            "Chấm tiêu chí tiếp theo",
            "Đóng",
        ]
        closed = await pick(reporter, "Đóng")
        assert closed.text == "Đã đóng. Phần đã chấm được lưu; gõ /chamdiem để chấm tiếp."
        # Another unit's reporter sees only their own unit.
        other = reporter_of(channel, "so-xay-dung", both)
        assert "— Sở Xây dựng\n" in (await say(other, "/chamdiem")).text
        assert (await say(leader, "/chamdiem")).text.startswith("Chấm điểm thi đua năm 2026:")
        async with restarted(both):
            again = await say(reporter, "/chamdiem")
            assert "Tiến độ: 13/19 tiêu chí" in again.text
            assert (
                "• 1.1 Hoàn thành các chỉ tiêu, nhiệm vụ chuyên môn theo kế hoạch năm: 28/30"
                in again.text
            )
            await score_all(reporter, dict(list(FINANCE.items())[8:]))
            done = await pick(reporter, "Về danh sách")
            assert "Tiến độ: 19/19 tiêu chí" in done.text
            assert "Tổng: 89 điểm (cơ bản 86, thưởng 3, trừ 0)." in done.text
            assert done.options == ["Gửi chấm điểm", "Đóng"]
            confirm = await pick(reporter, "Gửi chấm điểm")
            assert confirm.text == (
                "Tổng: 89 điểm (cơ bản 86, thưởng 3, trừ 0).\n"
                "Sau khi gửi, đơn vị không sửa được điểm nữa. Gửi chấm điểm?"
            )
            sent = await pick(reporter, "Xác nhận gửi")
            assert sent.text == (
                "Đã gửi chấm điểm thi đua năm 2026 của Sở Tài chính: 89 điểm. Lãnh đạo cụm, khối "
                "đã được báo để thẩm định."
            )
            told = (await inbox(leader))[0].text
            assert told == (
                "Sở Tài chính đã gửi chấm điểm thi đua năm 2026: 89 điểm. Vui lòng thẩm định bằng "
                "lệnh /chamdiem."
            )
            # Submitted: scores are fixed; typing a score now changes nothing.
            before = await snapshot(both.app.sessions)
            after = await say(reporter, "/chamdiem")
            assert "Đang chờ cụm, khối thẩm định." in after.text
            assert (await say(reporter, "1.1 30")).text != ""
            assert await snapshot(both.app.sessions) == before
    on = col(AssessmentScore.criterion_id) == col(ScoringCriterion.id)
    async with both.app.sessions() as session:
        [row] = (await session.exec(select(UnitAssessment))).all()
        assert (row.status, row.unit_id, row.submitted_by) == (
            "submitted",
            world.org.units["so-tai-chinh"],
            world.org.people[Role.REPORTER],
        )
        stored = {
            code: (score.self_score, score.count, score.evidence_note, len(score.evidence))
            for code, score in (
                await session.exec(
                    select(ScoringCriterion.code, AssessmentScore).join(AssessmentScore, on)
                )
            ).all()
        }  # fmt: skip
    assert stored["1.1"] == (56, None, "Báo cáo tổng kết số 12/BC-STC", 2)
    assert stored["2.5"] == (8, 2, "", 0)
    assert stored["2.1"][0] == 5 and stored["3.1"][0] == 4  # computed, fixed at submission
    assert len(stored) == 19


@pytest.mark.parametrize("channel", CHANNELS)
async def test_a_code_typed_in_a_criterion_opens_it(
    settings: Settings, clock: FakeClock, channel: str
) -> None:
    """«1.5» typed with criterion 1.1 open meant criterion 1.5: Vietnamese writes 1,5 points."""
    async with running_both(settings) as both:
        await seed_world(both.app.sessions, channel)
        reporter = person(channel, Role.REPORTER, both.telegram, both.zalo)
        await say(reporter, "/chamdiem")
        assert (await say(reporter, "1.1")).text.startswith("Tiêu chí 1.1 (5/19 tiêu chí đã chấm)")
        before = await snapshot(both.app.sessions)
        asked = await say(reporter, "1.5")
        assert asked.text == "Đồng chí muốn mở tiêu chí 1.5 hay chấm 1,5 điểm cho tiêu chí 1.1?"
        assert asked.options == ["Mở tiêu chí 1.5", "Chấm 1,5 điểm cho tiêu chí 1.1"]
        assert await snapshot(both.app.sessions) == before
        opened = await pick(reporter, "Mở tiêu chí 1.5")
        assert opened.text.startswith("Tiêu chí 1.5 (5/19 tiêu chí đã chấm): Không có cán bộ")
        assert opened.options == ["Đạt", "Không đạt", "Về danh sách"]
        passed = await pick(reporter, "Đạt")
        assert passed.text.startswith("Đã ghi tiêu chí 1.5: 5/5 điểm. Tiến độ: 6/19 tiêu chí.")
        # After a score the bot asks for evidence: a code opens its criterion, it is no note.
        assert (await say(reporter, "1.1")).text.startswith("Tiêu chí 1.1 (6/19 tiêu chí đã chấm)")
        # A code that is no score for the open criterion opens its own at once.
        assert (await say(reporter, "T1")).text.startswith("Tiêu chí T1 (6/19 tiêu chí đã chấm)")
        assert (await say(reporter, "1.2")).text.startswith("Tiêu chí 1.2 (6/19 tiêu chí đã chấm)")
        asked = await say(reporter, "2.5")
        assert asked.text == "Đồng chí muốn mở tiêu chí 2.5 hay chấm 2,5 điểm cho tiêu chí 1.2?"
        scored = await pick(reporter, "Chấm 2,5 điểm cho tiêu chí 1.2")
        assert scored.text.startswith("Đã ghi tiêu chí 1.2: 2,5/10 điểm. Tiến độ: 7/19 tiêu chí.")
        # A comma is a decimal, never a code.
        assert (await say(reporter, "1.1")).text.startswith("Tiêu chí 1.1 (7/19")
        scored = await say(reporter, "1,5")
        assert scored.text.startswith("Đã ghi tiêu chí 1.1: 1,5/30 điểm. Tiến độ: 8/19 tiêu chí.")
    on = col(AssessmentScore.criterion_id) == col(ScoringCriterion.id)
    async with both.app.sessions() as session:
        stored = {
            code: (score.self_score, score.evidence_note)
            for code, score in (
                await session.exec(
                    select(ScoringCriterion.code, AssessmentScore).join(AssessmentScore, on)
                )
            ).all()
        }  # fmt: skip
    assert {c: stored[c] for c in ("1.1", "1.2", "1.5")} == {
        "1.1": (3, ""), "1.2": (5, ""), "1.5": (10, ""),
    }  # fmt: skip
    assert "T1" not in stored
