"""The covenant's signing record and the cluster's launch plan, as Word documents.

Both are official Vietnamese documents, whatever the drafter's chat language, in the form of
Decree 30/2020/NĐ-CP (`bot.documents.decree`). What only the cluster can write (the number
and date of the province's plan, the year's resolutions, its own events) is left in brackets,
highlighted, as in the drafted report.
"""

from __future__ import annotations

import asyncio
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

from docx import Document
from docx.opc.exceptions import PackageNotFoundError

from bot.documents import decree
from bot.documents.decree import Column
from bot.documents.model import Issuer
from bot.documents.vietnamese import day, money
from domain.covenant.plan import PhasePlan

PHASE_NAMES = {1: "Đợt I", 2: "Đợt II"}


@dataclass(frozen=True, slots=True)
class SignedUnit:
    """A unit of the cluster and its signature, if any (the moment in the province's zone)."""

    name: str
    signer: str = ""
    on_behalf: bool = False  # the unit's reporter signed for its head
    signed_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class RecordData:
    issuer: Issuer  # symbol «BB-…»
    year: int
    opened: date
    text: str
    file_name: str  # the .docx the covenant was sent as; "" when typed
    units: list[SignedUnit]


@dataclass(frozen=True, slots=True)
class PlanData:
    issuer: Issuer  # symbol «KH-…»
    year: int
    units: list[str]
    phases: tuple[PhasePlan, ...]
    campaign_name: str
    campaign_start: date
    campaign_end: date
    house_target: int
    house_cost: int
    registration_deadline: date


def moment(value: datetime) -> str:
    """«08 giờ 15 phút» over «ngày 05/01/2027»: the record's way of writing a signing time."""
    return f"{value.hour:02d} giờ {value.minute:02d} phút\nngày {day(value.date())}"


def _body(issuer: Issuer) -> str:
    return "Khối" if issuer.bloc else "Cụm"


def _record(data: RecordData) -> bytes:
    issuer, year = data.issuer, data.year
    cluster, body = issuer.cluster_name, _body(issuer)
    signed = [u for u in data.units if u.signed_at is not None]
    document = decree.new_document()
    decree.header(document, issuer)
    decree.title(document, "BIÊN BẢN", [f"Ký kết giao ước thi đua năm {year}", f"của {cluster}"])
    last = max((u.signed_at for u in signed if u.signed_at), default=None)
    span = f"ngày {day(data.opened)}"
    if last is not None and last.date() != data.opened:
        span = f"từ ngày {day(data.opened)} đến ngày {day(last.date())}"
    decree.text(document, (
        f"Thực hiện Kế hoạch tổ chức hoạt động Cụm, Khối thi đua năm {year} của Hội đồng Thi "
        f"đua - Khen thưởng tỉnh và Quy chế hoạt động của {body}, {span}, các đơn vị thành viên "
        f"{cluster} ký kết giao ước thi đua năm {year} trên trợ lý thi đua (Zalo, Telegram) "
        "như sau:"
    ))  # fmt: skip
    decree.heading(document, "I. THÀNH PHẦN")
    decree.text(document, f"{cluster} gồm {len(data.units)} đơn vị thành viên: "
                          f"{', '.join(u.name for u in data.units)}.")  # fmt: skip
    decree.heading(document, "II. NỘI DUNG GIAO ƯỚC")
    if data.file_name:
        decree.text(document, f"Nội dung giao ước theo văn bản “{data.file_name}” gửi kèm "
                              "trên trợ lý thi đua, gồm:", keep=True)  # fmt: skip
    for line in (part.strip() for part in data.text.split("\n")):
        if line:
            decree.text(document, line)
    decree.heading(document, "III. KẾT QUẢ KÝ KẾT")
    decree.text(document, f"Có {len(signed)}/{len(data.units)} đơn vị thành viên đã ký kết "
                          "giao ước thi đua:", keep=True)  # fmt: skip
    # A reporter signs on the head's behalf: said under the name, as «ký thay» would be.
    rows = [[str(i), u.name, u.signer + ("\n(đầu mối đơn vị, ký thay thủ trưởng)"
                                         if u.on_behalf else ""), moment(u.signed_at)]
            for i, u in enumerate(signed, 1) if u.signed_at is not None]  # fmt: skip
    decree.grid(document, [Column("TT", 11), Column("Đơn vị", 62, left=True),
                           Column("Người ký", 52, left=True), Column("Thời điểm ký", 40)],
                rows)  # fmt: skip
    missing = [u.name for u in data.units if u.signed_at is None]
    if missing:
        decree.text(document, f"Các đơn vị chưa ký kết: {', '.join(missing)}. {body} tiếp tục "
                              "đôn đốc các đơn vị ký kết trong thời gian sớm nhất.")  # fmt: skip
    else:
        decree.text(document, f"Tất cả các đơn vị thành viên {cluster} đã ký kết giao ước thi "
                              f"đua năm {year}.")  # fmt: skip
    decree.text(document, "Các đơn vị thành viên cam kết thực hiện đầy đủ nội dung giao ước; "
                          "biên bản được gửi các đơn vị thành viên để theo dõi, thực hiện./.",
                keep=True)  # fmt: skip
    decree.closing(document, issuer)
    return decree.finished(document)


def _listed(titles: tuple[str, ...]) -> str:
    """«A, B và C», as the province's plan lists the anniversaries a phase celebrates."""
    return f"{', '.join(titles[:-1])} và {titles[-1]}" if len(titles) > 1 else "".join(titles)


def _phase_line(plan: PhasePlan, year: int) -> tuple[str, str]:
    """Return a phase's bold lead and its text."""
    phase = plan.phase
    head = (f"- {PHASE_NAMES[phase.number]}, từ ngày {day(phase.start)} đến ngày "
            f"{day(phase.end)}: ")  # fmt: skip
    greets = _listed(plan.anniversaries)
    if phase.number == 1:
        what = f"Thi đua lập thành tích xuất sắc thực hiện nhiệm vụ chính trị năm {year}"
        what += f", chào mừng {greets}." if greets else "."
    else:
        what = f"Thi đua lập thành tích xuất sắc chào mừng {greets}; đây" if greets else "Đây"
        what += (" cũng là đợt thi đua nước rút hoàn thành xuất sắc nhiệm vụ chính trị năm "
                 f"{year}.")  # fmt: skip
    return head, what


def _plan(data: PlanData) -> bytes:
    issuer, year = data.issuer, data.year
    cluster, body = issuer.cluster_name, _body(issuer)
    document = decree.new_document()
    decree.header(document, issuer)
    decree.title(document, "KẾ HOẠCH",
                 [f"Phát động phong trào thi đua năm {year}", f"của {cluster}"])  # fmt: skip
    decree.text(document, (
        f"Căn cứ Kế hoạch tổ chức hoạt động Cụm, Khối thi đua năm {year} của Hội đồng Thi đua "
        f"- Khen thưởng tỉnh và Quy chế hoạt động của {body}, {cluster} ban hành Kế hoạch phát "
        f"động phong trào thi đua năm {year} như sau:"
    ))  # fmt: skip
    decree.blank(document, (
        "[Ghi số, ngày ban hành Kế hoạch của Hội đồng Thi đua - Khen thưởng tỉnh và các văn bản "
        f"chỉ đạo khác của năm {year} (nếu có).]"
    ))  # fmt: skip
    decree.heading(document, "I. MỤC ĐÍCH, YÊU CẦU")
    decree.heading(document, "1. Mục đích")
    decree.text(document, (
        "- Hưởng ứng tích cực các phong trào thi đua do Thủ tướng Chính phủ, Chủ tịch Ủy ban "
        "nhân dân tỉnh phát động; tổ chức hiệu quả các phong trào thi đua yêu nước nhằm hoàn "
        f"thành và hoàn thành vượt mức nhiệm vụ chính trị năm {year} của từng đơn vị."
    ))  # fmt: skip
    decree.text(document, (
        "- Phát hiện, bồi dưỡng, tôn vinh và nhân rộng các gương điển hình tiên tiến, gương "
        "“Người tốt, việc tốt”, nhân tố mới, mô hình mới; biểu dương, khen thưởng kịp thời, "
        "tạo động lực thúc đẩy phong trào thi đua."
    ))  # fmt: skip
    decree.heading(document, "2. Yêu cầu")
    decree.text(document, (
        "Phong trào thi đua được tổ chức thiết thực, hiệu quả, với hình thức phong phú và tiêu "
        "chí cụ thể, gắn với việc thực hiện nhiệm vụ chuyên môn của từng đơn vị; các đơn vị "
        f"thành viên chủ động phối hợp, tham gia đầy đủ các hoạt động của {body}."
    ))  # fmt: skip
    decree.heading(document, "II. NỘI DUNG THI ĐUA")
    decree.heading(document, "1. Đăng ký thi đua và ký kết giao ước thi đua")
    decree.text(document, (
        "Các đơn vị thành viên đăng ký chỉ tiêu thi đua, danh hiệu thi đua và hình thức khen "
        f"thưởng năm {year} trên trợ lý thi đua (lệnh /dangky) chậm nhất ngày "
        f"{day(data.registration_deadline)}; thủ trưởng các đơn vị (hoặc đầu mối đơn vị ký "
        f"thay) ký kết giao ước thi đua năm {year} trên trợ lý thi đua (lệnh /giaouoc)."
    ))  # fmt: skip
    decree.heading(document, "2. Nội dung thi đua theo từng đợt")
    for plan in data.phases:
        lead, what = _phase_line(plan, year)
        decree.text(document, what, lead=lead)
    decree.blank(document, f"[Bổ sung các nghị quyết, chỉ thị, nhiệm vụ trọng tâm năm {year} mà "
                           "các đợt thi đua hướng tới.]")  # fmt: skip
    decree.heading(document, f"3. Cuộc vận động “{data.campaign_name}”")
    target = (f" Chỉ tiêu của {cluster}: hỗ trợ xây dựng {data.house_target} nhà (mức hỗ trợ "
              f"{money(data.house_cost)} một nhà)." if data.house_target else "")  # fmt: skip
    decree.text(document, (
        "Vận động cán bộ, công chức, viên chức và người lao động ủng hộ ít nhất 01 ngày lương "
        "vào Quỹ “Vì người nghèo” để hỗ trợ xây dựng nhà ở cho hộ nghèo, từ ngày "
        f"{day(data.campaign_start)} đến ngày {day(data.campaign_end)}; đăng ký ủng hộ trên "
        f"trợ lý thi đua (lệnh /ungho).{target}"
    ))  # fmt: skip
    decree.heading(document, "4. Các hoạt động khác")
    decree.text(document, (
        "Tổ chức tọa đàm, học tập trao đổi kinh nghiệm, giao lưu văn nghệ, thể thao gắn với "
        "giáo dục lòng yêu nước, truyền thống cách mạng cho cán bộ, công chức, viên chức và "
        f"người lao động, góp phần nâng cao chất lượng hoạt động của {body}."
    ))  # fmt: skip
    decree.blank(document, f"[Nêu thời gian, địa điểm, đơn vị chủ trì các hoạt động chung của "
                           f"{body} trong năm {year}.]")  # fmt: skip
    decree.heading(document, "III. TỔ CHỨC THỰC HIỆN")
    first, second = data.phases
    decree.heading(document, "1. Các đơn vị thành viên")
    decree.text(document, (
        f"Các đơn vị thành viên ({', '.join(data.units)}) phổ biến, phát động phong trào thi "
        "đua đến toàn thể cán bộ, công chức, viên chức và người lao động; báo cáo kết quả các "
        "hoạt động trên trợ lý thi đua (lệnh /baocao): Đợt I chậm nhất ngày "
        f"{day(first.reports_due)}, Đợt II chậm nhất ngày {day(second.reports_due)}."
    ))  # fmt: skip
    head = "Trưởng khối, Phó Trưởng khối" if issuer.bloc else "Trưởng cụm, Phó Trưởng cụm"
    decree.heading(document, f"2. {head}")
    decree.text(document, (
        f"Theo dõi, đôn đốc các đơn vị thành viên thực hiện Kế hoạch; sơ kết Đợt I, tổng kết "
        f"năm {year}; chấm điểm, xếp hạng thi đua theo thang bảng điểm năm {year} và đề nghị "
        "Hội đồng Thi đua - Khen thưởng tỉnh khen thưởng các tập thể, cá nhân tiêu biểu."
    ))  # fmt: skip
    decree.text(document, (
        f"Trên đây là Kế hoạch phát động phong trào thi đua năm {year} của {cluster}; đề nghị "
        "các đơn vị thành viên tổ chức triển khai, thực hiện./."
    ), keep=True)  # fmt: skip
    decree.closing(document, issuer)
    return decree.finished(document)


async def record_bytes(data: RecordData) -> bytes:
    """Return the signing record as a .docx, written off the event loop."""
    return await asyncio.to_thread(_record, data)


async def plan_bytes(data: PlanData) -> bytes:
    """Return the launch plan as a .docx, written off the event loop."""
    return await asyncio.to_thread(_plan, data)


def docx_text(content: bytes) -> str | None:
    """Return a .docx's paragraphs as lines of text; None when the file is no Word document."""
    try:
        document = Document(io.BytesIO(content))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError):
        return None
    lines = [p.text.strip() for p in document.paragraphs]
    for table in document.tables:
        lines.extend(" | ".join(c.text.strip() for c in row.cells) for row in table.rows)
    return "\n".join(line for line in lines if line)
