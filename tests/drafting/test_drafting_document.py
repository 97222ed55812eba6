"""The drafted report as a document: no data yet, the province's template, PDF, the results."""

from __future__ import annotations

import asyncio
import io
import shutil
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from docx import Document

from bot.core.pipeline import Core
from bot.documents.model import (
    Issuer,
    Proposal,
    ReportData,
    ReportKind,
    ScoreRow,
    UnitFigures,
    YearEndResults,
)
from bot.documents.render import BUILT_IN, render
from bot.i18n import Catalogs
from bot.province import load_province
from domain.config import ProvinceConfig
from domain.drafting.config import DocumentsConfig
from domain.messages import Channel
from domain.roles import Role
from handlers import build_registry
from storage.db.engine import SessionFactory
from tests.drafting.draftdata import read_docx
from tests.leader.summarydata import NOW, seed_world
from tests.membership.orgdata import seed_org
from tests.support.corechat import CoreChat
from tests.support.fakeclock import FakeClock
from tests.support.shipped import SHIPPED

PDF_TEXT = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "BÁO CÁO",
            "Sơ kết phong trào thi đua Đợt II năm 2026 của Cụm thi đua số 1",
            "TM. CỤM THI ĐUA SỐ 1", "TRƯỞNG CỤM", "Phạm Văn Trưởng",
            "Hình 2. Tiến độ ủng hộ theo đơn vị")  # fmt: skip


async def _draft(
    sessions: SessionFactory,
    catalogs: Catalogs,
    label: str,
    province: ProvinceConfig | None = None,
) -> bytes:
    core = Core(sessions=sessions, registry=build_registry(), catalogs=catalogs,
                clock=FakeClock(NOW), province=province)  # fmt: skip
    chat = CoreChat(core, user_id="7001", channel=Channel.TELEGRAM)
    menu = (await chat.command("soanbaocao"))[0]
    reply = (await chat.press(menu, label))[0]
    assert reply.file is not None, reply.text
    return reply.file.content


async def test_with_no_data_yet_the_report_says_so(
    sessions: SessionFactory, catalogs: Catalogs
) -> None:
    await seed_org(sessions, accounts={Role.LEADER: ("telegram", "7001")})
    read = read_docx(await _draft(sessions, catalogs, "Báo cáo tổng kết năm 2026"))
    for sentence in (
        "Chưa có đơn vị nào báo cáo hoạt động trong kỳ báo cáo (từ ngày 01/01/2026 đến ngày "
        "31/12/2026).",
        "Chưa có đơn vị nào đăng ký ủng hộ Quỹ “Vì người nghèo” năm 2026.",
        "Chưa có gương điển hình nào được nêu trong kỳ báo cáo.",
        "Chưa có đơn vị nào gửi đăng ký thi đua năm 2026.",
    ):
        assert sentence in read.paragraphs
    assert len(read.tables) == 2  # the header and the signature: no table of zeros
    assert not any("0 đồng" in p or "0 hoạt động" in p for p in read.paragraphs)


async def test_the_provinces_template_changes_the_wording(
    sessions: SessionFactory, catalogs: Catalogs, tmp_path: Path
) -> None:
    await seed_world(sessions, {Role.LEADER: ("telegram", "7001")})
    template = Document(str(BUILT_IN))
    heading = next(p for p in template.paragraphs if p.text == "I. ĐẶC ĐIỂM TÌNH HÌNH")
    heading.runs[0].text = "I. TÌNH HÌNH CHUNG"
    template.save(str(tmp_path / "bao-cao-cum.docx"))
    province = load_province(tmp_path, ZoneInfo("Asia/Ho_Chi_Minh"))
    edited = read_docx(await _draft(sessions, catalogs, "Báo cáo Đợt I năm 2026", province))
    assert "I. TÌNH HÌNH CHUNG" in edited.paragraphs
    assert "I. ĐẶC ĐIỂM TÌNH HÌNH" not in edited.paragraphs
    built_in = read_docx(await _draft(sessions, catalogs, "Báo cáo Đợt I năm 2026"))
    assert "I. ĐẶC ĐIỂM TÌNH HÌNH" in built_in.paragraphs


@pytest.mark.slow
async def test_libreoffice_converts_it_to_pdf(
    sessions: SessionFactory, catalogs: Catalogs, tmp_path: Path
) -> None:
    assert shutil.which("soffice") and shutil.which("pdftoppm"), (
        "LibreOffice and poppler are needed: scripts/system-packages.sh installs them"
    )
    await seed_world(sessions, {Role.LEADER: ("telegram", "7001")})
    source = tmp_path / "bao-cao.docx"
    source.write_bytes(await _draft(sessions, catalogs, "Báo cáo Đợt II năm 2026"))
    text = await asyncio.to_thread(_convert, source)
    for expected in PDF_TEXT:
        assert expected in text
    assert (tmp_path / "page-1.png").stat().st_size > 1000


def _convert(source: Path) -> str:
    """Convert to PDF with LibreOffice, render page 1 to PNG, return the PDF's text."""
    folder = source.parent
    profile = f"-env:UserInstallation=file://{folder / 'lo-profile'}"  # alone, in parallel
    subprocess.run(
        ["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(folder),
         str(source)], check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = source.with_suffix(".pdf")
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf),
                    str(folder / "page")], check=True, timeout=60)  # fmt: skip
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True, timeout=60).stdout  # fmt: skip


def _year_end(units: int = 1) -> ReportData:
    issuer = Issuer(
        council="HỘI ĐỒNG", cluster_name="Cụm thi đua số 1", cluster_code="cum-1",
        symbol="BC-CTĐ", place="Gia Lai", day=date(2026, 12, 20), head_title="TRƯỞNG CỤM",
        signer_name="", signer_unit="", recipients=[],
    )  # fmt: skip
    return ReportData(
        kind=ReportKind.YEAR_END, year=2026, start=date(2026, 1, 1), end=date(2026, 12, 31),
        issuer=issuer,
        units=[UnitFigures(f"Đơn vị {i}", 80, 0, 100_000, 0, 0, 1, "none")
               for i in range(1, units + 1)],
        members=0, joined=0, reports=0, reported_units=0, by_kind=[], by_anniversary=[],
        highlights=[], examples=[], missing_reports=[], registrations={"none": units},
        not_registered=[], campaign_name="Vì người nghèo", house_cost=60_000_000,
        house_target=1,
    )  # fmt: skip


def test_published_results_fill_the_ranking_graded_by_the_configured_bands() -> None:
    config = DocumentsConfig.model_validate(
        {"grades": [{"name": "Tốt", "min": 80}, {"name": "Xuất sắc", "min": 90}]}
    )
    ranking = [ScoreRow(1, "Đơn vị 1", 95.5, config.grade(95.5)),
               ScoreRow(2, "Đơn vị 2", 85, config.grade(85)),
               ScoreRow(3, "Đơn vị 3", 60, config.grade(60))]  # fmt: skip
    results = YearEndResults(ranking, [Proposal("Đơn vị 1", "Cờ thi đua của UBND tỉnh")])
    data = _year_end()
    read = read_docx(render(replace(data, results=results), BUILT_IN))
    assert read.tables[-2] == [
        ["Xếp hạng", "Đơn vị", "Điểm", "Xếp loại"], ["1", "Đơn vị 1", "95,5", "Xuất sắc"],
        ["2", "Đơn vị 2", "85", "Tốt"], ["3", "Đơn vị 3", "60", ""]]  # fmt: skip
    assert "- Đơn vị 1: Cờ thi đua của UBND tỉnh." in read.paragraphs
    assert any(p.endswith("Cụm thi đua số 1 đề nghị Hội đồng Thi đua - Khen thưởng tỉnh xét "
                          "khen thưởng:") for p in read.paragraphs)  # fmt: skip
    assert not any("chưa được công bố" in p for p in read.paragraphs)
    unpublished = read_docx(render(data, BUILT_IN))
    assert any(
        p.startswith("Kết quả chấm điểm chưa được công bố.") for p in unpublished.paragraphs
    )


def test_without_grading_bands_the_ranking_has_no_grade_column() -> None:
    assert DocumentsConfig().grade(99) == ""
    results = YearEndResults([ScoreRow(1, "Đơn vị 1", 95.5, "")])
    read = read_docx(render(replace(_year_end(), results=results), BUILT_IN))
    assert read.tables[-2] == [["Xếp hạng", "Đơn vị", "Điểm"], ["1", "Đơn vị 1", "95,5"]]


def test_each_cluster_numbers_its_reports_in_its_own_register() -> None:
    config = DocumentsConfig(symbols={"cum-kinh-te": "BC-CTĐKT"})
    assert config.symbol("cum", "cum-kinh-te", "Cụm thi đua các sở, ngành kinh tế") == "BC-CTĐKT"
    assert config.symbol("cum", "cum-4", "Cụm thi đua số 4") == "BC-CTĐ4"
    assert config.symbol("khoi", "khoi-dn", "Khối doanh nghiệp nhà nước") == "BC-KTĐ"
    shipped = SHIPPED.documents
    codes = set(shipped.symbols)
    assert len(set(shipped.symbols.values())) == len(codes)  # no two share one register
    assert {"cum-kinh-te", "khoi-noi-chinh"} <= codes


def test_a_long_table_breaks_with_its_header_and_keeps_its_total() -> None:
    document = Document(io.BytesIO(render(_year_end(units=30), BUILT_IN)))
    table = next(t for t in document.tables if t.rows[-1].cells[1].text == "Cộng")
    kept = [all(p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs)
            for row in table.rows]  # fmt: skip
    # Thirty units do not fit a page: the header holds to the first row, the last unit to the
    # «Cộng» row, and the rows between may break (each row whole, the header repeated).
    assert kept == [True] + [False] * 29 + [True, False]
