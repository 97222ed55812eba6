"""A Khối's report as an office signs it (Decree 30/2020/NĐ-CP, Appendix I): drafted by the bot,
read back with python-docx and rendered by LibreOffice, page by page."""

from __future__ import annotations

import asyncio
import io
import re
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from bot.core.pipeline import Core
from bot.i18n import Catalogs
from domain.messages import Channel
from domain.roles import Role
from handlers import build_registry
from storage.db.engine import SessionFactory
from storage.membership.models import Cluster
from tests.drafting import pdf
from tests.drafting.draftdata import Read, highlighted, read_docx
from tests.leader.summarydata import NOW, World, seed_world
from tests.support.corechat import CoreChat
from tests.support.fakeclock import FakeClock

BLOC = "Khối các cơ quan Đảng, Mặt trận và đoàn thể tỉnh"
LABELS = {"phase2": "Báo cáo Đợt II năm 2026", "year": "Báo cáo tổng kết năm 2026"}
TITLES = {  # the summary line under «BÁO CÁO», as its lines break
    "phase2": ["Sơ kết phong trào thi đua Đợt II năm 2026", f"của {BLOC}"],
    "year": ["Tổng kết phong trào thi đua năm 2026", "và phương hướng, nhiệm vụ năm 2027",
             f"của {BLOC}"],
}  # fmt: skip
RESULTS = ["II. KẾT QUẢ THỰC HIỆN CÁC PHONG TRÀO THI ĐUA",
           "1. Công tác chỉ đạo, tổ chức thực hiện", "2. Kết quả các phong trào thi đua",
           "3. Cuộc vận động ủng hộ Quỹ “Vì người nghèo”",
           "4. Công tác phát hiện, bồi dưỡng, nhân rộng gương điển hình tiên tiến",
           "5. Công tác khen thưởng"]  # fmt: skip
OUTLINE = ["I. ĐẶC ĐIỂM TÌNH HÌNH", "1. Thuận lợi", "2. Khó khăn", *RESULTS,
           "III. ĐÁNH GIÁ CHUNG", "1. Ưu điểm", "2. Tồn tại, hạn chế và nguyên nhân",
           "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2027", "V. KIẾN NGHỊ"]  # fmt: skip
# The parts only the Khối can write, each under its heading, highlighted for the leader.
WRITTEN_BY_THE_BLOC = ["1. Thuận lợi", "2. Khó khăn", "1. Công tác chỉ đạo, tổ chức thực hiện",
                       "5. Công tác khen thưởng", "1. Ưu điểm",
                       "2. Tồn tại, hạn chế và nguyên nhân",
                       "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2027", "V. KIẾN NGHỊ"]  # fmt: skip


async def _bloc(sessions: SessionFactory, accounts: dict[Role, tuple[str, str]]) -> World:
    """The sample cluster with its figures, made a Khối with a name that needs two lines."""
    world = await seed_world(sessions, accounts)
    async with sessions() as session, session.begin():
        cluster = await session.get(Cluster, world.org.cluster_a)
        assert cluster is not None
        cluster.kind, cluster.name = "khoi", BLOC
    return world


async def _draft(sessions: SessionFactory, catalogs: Catalogs, label: str) -> bytes:
    core = Core(sessions=sessions, registry=build_registry(), catalogs=catalogs,
                clock=FakeClock(NOW))  # fmt: skip
    chat = CoreChat(core, user_id="7001", channel=Channel.TELEGRAM)
    menu = (await chat.command("soanbaocao"))[0]
    reply = (await chat.press(menu, label))[0]
    assert reply.file is not None, reply.text
    return reply.file.content


def _lines(cell: str) -> list[str]:
    return [line for line in cell.split("\n") if line]


def _words_of_the_bloc(read: Read, kind: str) -> None:
    """The header, title, outline and signature, as the docx holds them."""
    issuer, national = read.tables[0][0]
    assert _lines(issuer) == ["HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG", "TỈNH GIA LAI",
                              "KHỐI CÁC CƠ QUAN ĐẢNG,", "MẶT TRẬN VÀ ĐOÀN THỂ TỈNH"]  # fmt: skip
    assert _lines(national) == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert read.tables[0][1] == ["Số: …/BC-KTĐ", "Gia Lai, ngày … tháng … năm 2026"]
    assert read.paragraphs[:2] == ["BÁO CÁO", "\n".join(TITLES[kind])]
    assert read.headings == OUTLINE
    signature = read.tables[-1][0][1]
    assert _lines(signature) == ["TM. KHỐI CÁC CƠ QUAN ĐẢNG,", "MẶT TRẬN VÀ ĐOÀN THỂ TỈNH",
                                 "TRƯỞNG KHỐI", "Phạm Văn Trưởng"]  # fmt: skip
    assert "Sở Tài chính".upper() not in signature  # the post, not the signer's unit
    assert "cụm" not in read.text.lower()
    assert read.paragraphs[-1] == (
        f"Trên đây là báo cáo {' '.join(TITLES[kind])[0].lower()}{' '.join(TITLES[kind])[1:]}./."
    )


@pytest.mark.parametrize("kind", list(LABELS))
async def test_a_blocs_report_as_libreoffice_prints_it(
    sessions: SessionFactory, catalogs: Catalogs, tmp_path: Path, kind: str
) -> None:
    pdf.needs_libreoffice()
    await _bloc(sessions, {Role.LEADER: ("telegram", "7001")})
    content = await _draft(sessions, catalogs, LABELS[kind])
    read = read_docx(content)
    _words_of_the_bloc(read, kind)
    marked = highlighted(content)
    for heading in WRITTEN_BY_THE_BLOC:
        blanks = [p for p in read.under(heading) if p in marked]
        assert any(p.startswith("[Nêu") and p.endswith("]") for p in blanks), heading
    # The members on the assistant are told under digital transformation, not as the situation.
    direction = read.under("1. Công tác chỉ đạo, tổ chức thực hiện")
    assert any(p.startswith("Ứng dụng chuyển đổi số trong công tác thi đua: đến ngày 24/11/2026, "
                            "1 người đã sử dụng trợ lý thi đua") for p in direction)  # fmt: skip
    assert not any("trợ lý" in p for p in read.under("I. ĐẶC ĐIỂM TÌNH HÌNH"))
    # No sentence lists zeros: nobody's registration waits, so that step is not named.
    assert ("Năm 2026, 1 đơn vị đã được chấp nhận đăng ký thi đua, 1 đơn vị được trả lại để "
            "hoàn thiện, 1 đơn vị chưa gửi đăng ký.") in direction  # fmt: skip
    assert not any(re.search(r"(?<![\d.,])0 (đơn vị|người|đồng)", p) for p in read.paragraphs)

    source = tmp_path / "bao-cao.docx"
    source.write_bytes(content)
    printed = await asyncio.to_thread(pdf.to_pdf, source)
    count = pdf.pages(printed)
    assert count >= 2
    assert pdf.in_top_margin(printed, 1) == []  # no number on page 1
    for page in range(2, count + 1):
        number = pdf.in_top_margin(printed, page)
        assert [w.text for w in number] == [str(page)]
        assert abs(number[0].centre - pdf.TEXT_CENTRE) < 6  # centred over the text
    text = "\n".join(" ".join(line.split()) for line in pdf.text(printed).splitlines())
    assert "cụm" not in text.lower()
    for line in ("HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                 "KHỐI CÁC CƠ QUAN ĐẢNG,", "MẶT TRẬN VÀ ĐOÀN THỂ TỈNH", *TITLES[kind],
                 "TM. KHỐI CÁC CƠ QUAN ĐẢNG,", "TRƯỞNG KHỐI", *OUTLINE):  # fmt: skip
        assert line in text, line  # on one line of the page, as written
    # No word left alone on a line of the header or the signature.
    assert not [line for line in text.splitlines() if line.strip() in ("TỈNH", "THƯỞNG", "NAM")]
    drawn = await asyncio.to_thread(pdf.png, printed, tmp_path)
    assert len(drawn) == count and all(page.stat().st_size > 1000 for page in drawn)


async def test_a_deputy_signs_for_the_head_of_the_bloc(
    sessions: SessionFactory, catalogs: Catalogs
) -> None:
    await _bloc(sessions, {Role.DEPUTY: ("telegram", "7001")})  # the Khối has no leader
    read = read_docx(await _draft(sessions, catalogs, LABELS["phase2"]))
    assert _lines(read.tables[-1][0][1]) == [
        "TM. KHỐI CÁC CƠ QUAN ĐẢNG,", "MẶT TRẬN VÀ ĐOÀN THỂ TỈNH", "KT. TRƯỞNG KHỐI",
        "PHÓ TRƯỞNG KHỐI", "Lê Văn Phó"]  # fmt: skip


async def test_tables_keep_their_header_and_total_and_charts_their_caption(
    sessions: SessionFactory, catalogs: Catalogs
) -> None:
    await _bloc(sessions, {Role.LEADER: ("telegram", "7001")})
    content = await _draft(sessions, catalogs, LABELS["phase2"])
    document = Document(io.BytesIO(content))
    figures = document.tables[1:-1]
    assert [t.rows[0].cells[1].text for t in figures] == ["Loại hoạt động", "Đơn vị"]
    for table in figures:
        rows = table.rows
        flags = [row._tr.trPr for row in rows]
        assert flags[0] is not None and flags[0].find(qn("w:tblHeader")) is not None
        assert all(f is not None and f.find(qn("w:cantSplit")) is not None for f in flags)
        kept = [all(p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs)
                for row in rows]  # fmt: skip
        assert kept == [True] * (len(rows) - 1) + [False]  # a short table stays whole
    assert document.tables[2].rows[-1].cells[1].text == "Cộng"
    body = document.paragraphs
    charts = [i for i, p in enumerate(body) if p._p.xpath(".//w:drawing")]
    assert len(charts) == 2
    for index in charts:
        assert body[index].paragraph_format.keep_with_next
        assert body[index + 1].text.startswith("Hình ")
