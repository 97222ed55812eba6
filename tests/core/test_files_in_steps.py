"""A file sent while a step waits for one is that step's, not the bank statement reader's.

Telegram only: Zalo lets no one send a file to a bot (its photos are covered by the scoring
tests on both channels).
"""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlmodel import col, select

from bot.config import Settings
from domain.roles import Role
from storage.scoring.models import AssessmentScore, ScoringCriterion
from tests.activity.activity_helpers import VN, fix_clock, person
from tests.scoring.scoringchat import pick, say
from tests.scoring.scoringworld import seed_world
from tests.support.drivers import TelegramDriver, running_both

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=VN)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def test_a_file_is_kept_as_a_criterions_evidence(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    fix_clock(monkeypatch, NOW)
    async with running_both(settings) as both:
        await seed_world(both.app.sessions, "telegram")
        reporter = person("telegram", Role.REPORTER, both.telegram, both.zalo)
        assert isinstance(reporter, TelegramDriver)
        # Outside the step a file is read as a bank statement, which a reporter may not send.
        await reporter.emu.send_document(reporter.user, b"x", "minh-chung.xlsx", mime_type=XLSX)
        refused = (await reporter._collect(1))[0].text
        assert refused.startswith("Chỉ Trưởng, Phó Trưởng cụm, khối và quản trị viên")
        await say(reporter, "/chamdiem")
        await pick(reporter, "Chấm tiêu chí tiếp theo")
        assert (await say(reporter, "28")).text.startswith("Đã ghi tiêu chí 1.1: 28/30 điểm.")
        await reporter.emu.send_document(reporter.user, b"x", "minh-chung.xlsx", mime_type=XLSX)
        saved = (await reporter._collect(1))[0].text
        assert saved.startswith("Đã lưu minh chứng cho tiêu chí 1.1.")
        # Scores are stored as they are typed: /huy says they are kept.
        closed = (await say(reporter, "/huy")).text
        assert closed == "Đã đóng. Phần đã chấm được lưu; gõ /chamdiem để chấm tiếp."
    on = col(AssessmentScore.criterion_id) == col(ScoringCriterion.id)
    async with both.app.sessions() as session:
        [(score, evidence)] = (
            await session.exec(
                select(AssessmentScore.self_score, AssessmentScore.evidence)
                .join(ScoringCriterion, on)
                .where(ScoringCriterion.code == "1.1")
            )
        ).all()
    assert [item["kind"] for item in evidence] == ["document"]
    assert score == 56  # 28 points, kept in half points
