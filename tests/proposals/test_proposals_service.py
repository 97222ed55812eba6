"""The office's service on both databases: who may weigh, what a decision needs, who is told,
and the submission as LibreOffice lays it out (Decree 30/2020/NĐ-CP)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from docx import Document
from sqlmodel import select

from bot.i18n import Catalogs
from bot.outbox.queue import NotifyService
from bot.province import load_province
from bot.services.proposals.board import ProposalService
from domain.config import ProvinceConfig
from domain.people import Person
from domain.proposals.decision import Decision
from domain.refusals import ProposalRefusal, Refused
from domain.roles import Role
from storage.db.engine import SessionFactory
from storage.proposals.models import ProvinceDecision
from storage.scoring.models import ScoreEvent, ScoringProposal
from tests.drafting import pdf
from tests.proposals.proposalworld import RULES, leader, seed_published, told
from tests.support.shipped import CONFIG
from tests.year.yearworld import World, moment

NOW = moment(2026, 12, 10, 9)


@pytest.fixture
def province(tmp_path: Path) -> ProvinceConfig:
    folder = tmp_path / "config"
    folder.mkdir()
    for source in CONFIG.glob("*.yaml"):
        (folder / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "scoring.yaml").write_text(RULES, encoding="utf-8")
    return load_province(folder, ZoneInfo("Asia/Ho_Chi_Minh"))


def office(world: World) -> Person:
    return Person(world.people["Mai Thị Lan"], "Mai Thị Lan", Role.ADMIN, None, True)


class Office:
    """The service in a transaction of its own per call, as the core runs an update."""

    def __init__(self, sessions: SessionFactory, catalogs: Catalogs, province: ProvinceConfig):
        self.sessions, self.catalogs, self.province = sessions, catalogs, province

    async def __call__(self, name: str, *args: object) -> Any:
        async with self.sessions() as session, session.begin():
            service = ProposalService(session, NotifyService(session, self.catalogs, NOW), NOW,
                                      self.province)  # fmt: skip
            return await getattr(service, name)(*args)


async def _ids(sessions: SessionFactory, world: World) -> dict[str, int]:
    """Return each unit's proposal id, by unit letter."""
    by_unit = {unit_id: code for code, unit_id in world.units.items()}
    async with sessions() as session:
        rows = (await session.exec(select(ScoringProposal))).all()
    return {by_unit[p.unit_id]: p.id or 0 for p in rows}


async def test_only_the_office_weighs_and_a_decline_needs_a_reason(
    sessions: SessionFactory, catalogs: Catalogs, province: ProvinceConfig
) -> None:
    world = await seed_published(sessions, catalogs, province)
    call, ids = Office(sessions, catalogs, province), await _ids(sessions, world)
    lead = leader(world, "Lê Văn An", "cum-1")
    for name, args in (("board", (lead, 2026)), ("papers", (lead, 2026)),
                       ("decide", (lead, ids["a"], Decision.FORWARDED, ""))):  # fmt: skip
        with pytest.raises(Refused) as refused:
            await call(name, *args)
        assert refused.value.reason is ProposalRefusal.NOT_ADMIN
    admin = office(world)
    for reason, why in (("", ProposalRefusal.NO_REASON), ("x" * 501, ProposalRefusal.TOO_LONG)):
        with pytest.raises(Refused) as refused:
            await call("decide", admin, ids["b"], Decision.DECLINED, reason)
        assert refused.value.reason is why
    with pytest.raises(Refused) as refused:  # the leader took C off the cluster's list
        await call("decide", admin, ids["c"], Decision.FORWARDED, "")
    assert refused.value.reason is ProposalRefusal.NOT_FOUND
    with pytest.raises(Refused) as refused:
        await call("papers", admin, 2025)
    assert refused.value.reason is ProposalRefusal.NOTHING
    async with sessions() as session:
        assert (await session.exec(select(ProvinceDecision))).all() == []
    assert await told(sessions) == {}


async def test_a_change_of_mind_is_told_once_more_and_kept_in_the_history(
    sessions: SessionFactory, catalogs: Catalogs, province: ProvinceConfig
) -> None:
    world = await seed_published(sessions, catalogs, province)
    call, ids, admin = (
        Office(sessions, catalogs, province),
        await _ids(sessions, world),
        office(world),
    )
    assert await call("decide", admin, ids["e"], Decision.DECLINED, "  Hồ sơ   chưa đủ  ")
    assert not await call("decide", admin, ids["e"], Decision.DECLINED, "Hồ sơ chưa đủ")
    assert await call("decide", admin, ids["e"], Decision.FORWARDED, "Đã bổ sung hồ sơ")
    sent = await told(sessions)
    assert sorted(sent) == [f"proposals:2:merit:{world.units['e']}:{n}:zalo:z-giang"
                            for n in (1, 2)]  # fmt: skip
    assert sent[sorted(sent)[0]].endswith("Lý do: Hồ sơ chưa đủ")
    async with sessions() as session:
        history = [
            (e.action, e.old_value, e.new_value, e.reason, e.actor_id)
            for e in (
                await session.exec(select(ScoreEvent).where(ScoreEvent.action == "province"))
            ).all()
        ]
    assert history == [
        ("province", None, f"{world.units['e']}:declined", "Hồ sơ chưa đủ", admin.member_id),
        ("province", "declined", f"{world.units['e']}:forwarded", "Đã bổ sung hồ sơ",
         admin.member_id),
    ]  # fmt: skip
    board = await call("board", admin, 2026)
    assert {e.unit_name: e.decision for e in board.entries} == {
        "Đơn vị A": None,
        "Đơn vị B": None,
        "Đơn vị D": None,
        "Đơn vị E": Decision.FORWARDED,
    }


async def test_the_submission_reads_as_a_decree_30_document(
    sessions: SessionFactory, catalogs: Catalogs, province: ProvinceConfig, tmp_path: Path
) -> None:
    pdf.needs_libreoffice()
    world = await seed_published(sessions, catalogs, province)
    call, ids, admin = (
        Office(sessions, catalogs, province),
        await _ids(sessions, world),
        office(world),
    )
    await call("decide", admin, ids["a"], Decision.FORWARDED, "")
    await call("decide", admin, ids["b"], Decision.DECLINED, "Chưa đủ điều kiện")
    content = await call("submission_file", admin, 2026)
    assert isinstance(content, bytes)
    document = Document(io.BytesIO(content))
    paragraphs = [p.text for p in document.paragraphs if p.text.strip()]
    assert paragraphs[:3] == [
        "TỜ TRÌNH",
        "Về việc đề nghị tặng Cờ thi đua của UBND tỉnh\ncho các tập thể thuộc các Cụm, Khối thi "
        "đua năm 2026",
        "Kính gửi: Hội đồng Thi đua - Khen thưởng tỉnh.",
    ]
    # Only what was forwarded is asked for; D and E wait, and the text says so.
    assert "1 đề nghị không đủ điều kiện trình (lý do nêu tại Phụ lục); 2 đề nghị đang được " \
           "xem xét, sẽ trình sau." in "\n".join(paragraphs)  # fmt: skip
    header = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert header[0][0].split("\n")[:2] == ["SỞ NỘI VỤ TỈNH GIA LAI", "BAN THI ĐUA - KHEN THƯỞNG"]
    assert header[1] == ["Số: …/TTr-BTĐKT", "Gia Lai, ngày … tháng … năm 2026"]
    source = tmp_path / "to-trinh.docx"
    source.write_bytes(content)
    printed = pdf.to_pdf(source)
    pages = pdf.pages(printed)
    assert pages >= 2 and pdf.png(printed, tmp_path)
    assert pdf.in_top_margin(printed, 1) == []  # page 1 has no number
    last = pdf.text(printed, pages)
    assert [w.text for w in pdf.in_top_margin(printed, pages)] == [str(pages)]
    assert "Phụ lục" in last and "CỦA CÁC CỤM, KHỐI THI ĐUA NĂM 2026" in last
    assert "Không trình:" in last and "Chưa xét" in last
    first = pdf.text(printed, 1)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first and "TỜ TRÌNH" in first
