"""Write the cluster report's Word template: `python scripts/make_report_template.py [FILE]`.

The template is the document's wording and layout (Decree 30/2020/NĐ-CP, Appendix I: A4,
Times New Roman, the issuer and national title blocks, recipients and signature); the bot fills
its `{{ … }}` and `{% … %}` tags (docxtpl, Jinja) from the data. The file is committed; this
script regenerates it after a change here. A province edits its own copy in Word instead.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table

from bot.documents.decree import borderless, clear, page_numbers, para, row_flags, rule

DEFAULT = Path(__file__).resolve().parents[1] / "bot/documents/templates/bao-cao-cum.docx"
FONT = "Times New Roman"
WIDTH = 165  # mm of text between the margins: 210 - 30 left - 15 right
# The header's two columns reach 5 mm past the text on each side, as offices lay them out: the
# issuer's holds «HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG» on one line at 12 pt (73 mm), the other
# «CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM» at 12 pt bold (88 mm), each with its cell margins.
LEFT, RIGHT = 80, 95
CENTER, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
Parent = object  # a Document or a table cell: both have add_paragraph


def tag(parent: object, text: str) -> None:
    """Add a paragraph holding only a `{%p … %}` tag (docxtpl removes the paragraph)."""
    para(parent, text, size=2, after=0)


def blank(parent: object, text: str) -> None:
    """Add a part the bot cannot know, for the leader to write: in brackets, highlighted."""
    para(parent, text, indent=True, highlight=True)


def narrow_margins(table: Table, mm: float) -> None:
    """Set the cells' left and right margins: a column of sums holds «1.465.000.000»."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("w:left", "w:right"):
        margin = OxmlElement(side)
        margin.set(qn("w:w"), str(round(mm * 1440 / 25.4)))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.append(margins)


def grid(parent: object, headers: list[tuple[str, float]], row: list[str], loop: str,
         total: list[str] | None = None, size: float = 12) -> None:  # fmt: skip
    """Add a bordered table: headers, one row repeated by `{%tr for … %}`, maybe a total."""
    table: Table = parent.add_table(rows=0, cols=len(headers))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    if size < 12:
        narrow_margins(table, 0.8)
    empty = [""] * (len(headers) - 1)
    lines: list[tuple[list[str], bool]] = [
        ([h for h, _ in headers], True), ([loop, *empty], False), (row, False),
        (["{%tr endfor %}", *empty], False),
    ]  # fmt: skip
    if total is not None:
        lines.append((total, True))
    for number, (texts, bold) in enumerate(lines):
        added = table.add_row()
        row_flags(added, header=number == 0)
        for index, text in enumerate(texts):
            cell = added.cells[index]
            cell.width = Mm(headers[index][1])
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            clear(cell)
            align = WD_ALIGN_PARAGRAPH.LEFT if index == 1 and not bold else CENTER
            para(cell, text, size=size, bold=bold, align=align, after=2)
    for index, (_, width) in enumerate(headers):
        table.columns[index].width = Mm(width)  # the grid LibreOffice lays the table out by
    para(parent, "", size=6, after=0)


def header(doc: object) -> None:
    """The issuer left, the national title and motto right; the number and place-date below,
    in a second row so that they stand on one line whatever the issuer's length.

    The left column holds «HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG» on one line at 12 pt; the bot breaks
    the council's and the cluster's names itself (render.COUNCIL_LINE, CLUSTER_LINE).
    """
    table = borderless(doc, [LEFT, RIGHT])
    left, right = (clear(cell) for cell in table.rows[0].cells)
    para(left, "{{ council_lines }}", size=12, align=CENTER, after=0)
    para(left, "{{ cluster_lines }}", size=13, bold=True, align=CENTER, after=0)
    rule(left, 25, LEFT)
    para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True, align=CENTER, after=0)
    para(right, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True, align=CENTER, after=0)
    rule(right, 58, RIGHT)
    below = table.add_row().cells
    for cell, width in zip(below, (LEFT, RIGHT), strict=True):
        cell.width = Mm(width)
    para(clear(below[0]), "Số: …/{{ symbol }}", size=13, align=CENTER, after=0)
    para(clear(below[1]), "{{ place }}, ngày … tháng … năm {{ doc_year }}", size=13,
         italic=True, align=CENTER, after=0)  # fmt: skip
    para(doc, "", size=8, after=0)


def heading(doc: object, text: str, *, italic: bool = False) -> None:
    para(doc, text, bold=not italic, italic=italic, indent=True, after=4, keep=True)


NAME = ("{% if year_end %}tổng kết phong trào thi đua năm {{ year }} và phương hướng, nhiệm vụ "
        "năm {{ year + 1 }}{% else %}sơ kết phong trào thi đua {{ phase }} năm {{ year }}"
        "{% endif %}")  # fmt: skip


def title(doc: object) -> None:
    para(doc, "BÁO CÁO", bold=True, align=CENTER, after=0)
    # «Sơ kết phong trào thi đua Đợt I năm 2026 của …», «Tổng kết phong trào thi đua năm 2026
    # và phương hướng, nhiệm vụ năm 2027 của …», in lines the bot breaks (render.TITLE_LINE).
    para(doc, "{{ title_lines }}", bold=True, align=CENTER, after=0)
    rule(doc, 40, WIDTH)
    para(doc, "Thực hiện Kế hoạch tổ chức phong trào thi đua năm {{ year }}, {{ cluster }} báo "
              "cáo {% if year_end %}tổng kết phong trào thi đua năm {{ year }} (từ ngày "
              "{{ start }} đến ngày {{ end }}) và phương hướng, nhiệm vụ năm {{ year + 1 }}"
              "{% else %}sơ kết phong trào thi đua {{ phase }} năm {{ year }} (từ ngày "
              "{{ start }} đến ngày {{ end }}){% endif %} như sau:", indent=True)  # fmt: skip


def situation(doc: object) -> None:
    heading(doc, "I. ĐẶC ĐIỂM TÌNH HÌNH")
    para(doc, "{{ cluster }} có {{ units_count }} đơn vị thành viên{% if headcount %} với "
              "tổng số {{ headcount }} cán bộ, công chức, viên chức, người lao động theo biên "
              "chế{% endif %}.{% if away %} Đến ngày {{ away_day }}, có {{ away }} người vắng "
              "({{ away_reasons }}), được tính riêng, không tính là chưa tham gia.{% endif %}",
         indent=True)  # fmt: skip
    heading(doc, "1. Thuận lợi")
    blank(doc, "[Nêu những thuận lợi trong kỳ: sự quan tâm lãnh đạo, chỉ đạo của cấp trên; sự "
               "phối hợp, hưởng ứng của các đơn vị thành viên…]")  # fmt: skip
    heading(doc, "2. Khó khăn")
    blank(doc, "[Nêu những khó khăn, vướng mắc ảnh hưởng đến việc tổ chức các phong trào thi đua "
               "trong kỳ…]")  # fmt: skip


def direction(doc: object) -> None:
    heading(doc, "II. KẾT QUẢ THỰC HIỆN CÁC PHONG TRÀO THI ĐUA")
    heading(doc, "1. Công tác chỉ đạo, tổ chức thực hiện")
    blank(doc, "[Nêu việc ban hành kế hoạch, ký kết giao ước thi đua, phát động phong trào, kiểm "
               "tra, đôn đốc các đơn vị thành viên trong {{ body }}…]")  # fmt: skip
    para(doc, "{% if registered %}Năm {{ year }}, {{ registrations|join(', ') }}.{% else %}"
              "Chưa có đơn vị nào gửi đăng ký thi đua năm {{ year }}.{% endif %}",
         indent=True)  # fmt: skip
    tag(doc, "{%p if joined %}")
    para(doc, "Ứng dụng chuyển đổi số trong công tác thi đua: đến ngày {{ today }}, {{ joined }} "
              "người đã sử dụng trợ lý thi đua trên Zalo, Telegram{% if joined_rate %} (đạt "
              "{{ joined_rate }} so với biên chế){% endif %} để đăng ký thi đua, báo cáo hoạt "
              "động và đăng ký ủng hộ.", indent=True)  # fmt: skip
    tag(doc, "{%p endif %}")


def activities(doc: object) -> None:
    heading(doc, "2. Kết quả các phong trào thi đua")
    tag(doc, "{%p if has_reports %}")
    para(doc, "Trong kỳ báo cáo, {{ reported_units }}/{{ units_count }} đơn vị đã báo cáo "
              "{{ reports }} hoạt động với {{ participants }} lượt người tham gia. Kết quả theo "
              "từng loại hoạt động:", indent=True, keep=True)  # fmt: skip
    grid(doc, [("TT", 12), ("Loại hoạt động", 66), ("Số hoạt động", 27), ("Số đơn vị", 27),
               ("Lượt người tham gia", 33)],
         ["{{ loop.index }}", "{{ k.label }}", "{{ k.reports }}", "{{ k.units }}",
          "{{ k.participants }}"], "{%tr for k in by_kind %}")  # fmt: skip
    para(doc, "{{ chart_kinds }}", align=CENTER, after=0, keep=True)
    para(doc, "Hình 1. Số hoạt động theo loại", size=12, italic=True, align=CENTER)
    tag(doc, "{%p if by_anniversary %}")
    para(doc, "Hoạt động chào mừng các ngày kỷ niệm:", indent=True, keep=True)
    tag(doc, "{%p for a in by_anniversary %}")
    para(doc, "- {{ a.label }}: {{ a.reports }} hoạt động, {{ a.participants }} lượt người "
              "tham gia.", indent=True)  # fmt: skip
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    para(doc, "Các hoạt động tiêu biểu:", indent=True, keep=True)
    tag(doc, "{%p for h in highlights %}")
    para(doc, "- {{ h.title }} ({{ h.kind }}; {{ h.unit }}, ngày {{ h.day }}): "
              "{{ h.participants }} người tham gia{% if h.anniversary %}, chào mừng "
              "{{ h.anniversary }}{% endif %}{% if h.example %}; được nêu gương{% endif %}.",
         indent=True)  # fmt: skip
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p else %}")
    para(doc, "Chưa có đơn vị nào báo cáo hoạt động trong kỳ báo cáo (từ ngày {{ start }} đến "
              "ngày {{ end }}).", indent=True)  # fmt: skip
    tag(doc, "{%p endif %}")


def pledges(doc: object) -> None:
    heading(doc, "3. Cuộc vận động ủng hộ Quỹ “Vì người nghèo”")
    tag(doc, "{%p if has_pledges %}")
    para(doc, "Hưởng ứng cuộc vận động “{{ campaign }}”, các đơn vị đã đăng ký ủng hộ "
              "{{ p.pledged }}{% if p.has_paid %}; đã nộp {{ p.paid }}{% if p.has_confirmed %}, "
              "trong đó đã xác nhận {{ p.confirmed }}{% endif %}{% else %}; chưa có khoản nào "
              "được nộp{% endif %}. Số người tham gia: {{ p.participants }}/{{ p.headcount }} "
              "người{% if p.rate %}, đạt {{ p.rate }}{% endif %}.", indent=True)  # fmt: skip
    tag(doc, "{%p if house_target %}")
    para(doc, "Chỉ tiêu của {{ body }}: hỗ trợ xây dựng {{ house_target }} nhà cho hộ nghèo "
              "(mức hỗ trợ {{ house_cost }} một nhà); {% if has_houses %}số tiền đã xác nhận "
              "đủ hỗ trợ xây dựng {{ houses }}/{{ house_target }} nhà.{% else %}số tiền đã xác "
              "nhận chưa đủ hỗ trợ một nhà.{% endif %}", indent=True, keep=True)  # fmt: skip
    tag(doc, "{%p endif %}")
    grid(doc, [("TT", 8), ("Đơn vị", 42), ("Biên chế", 15), ("Đăng ký (đồng)", 25),
               ("Đã nộp (đồng)", 25), ("Đã xác nhận (đồng)", 25), ("Tham gia", 25)],
         ["{{ loop.index }}", "{{ u.name }}", "{{ u.headcount }}", "{{ u.pledged }}",
          "{{ u.paid }}", "{{ u.confirmed }}", "{{ u.participants }}{% if u.rate %} "
          "({{ u.rate }}){% endif %}"], "{%tr for u in pledge_rows %}",
         ["", "Cộng", "{{ p.headcount }}", "{{ p.pledged_number }}", "{{ p.paid_number }}",
          "{{ p.confirmed_number }}", "{{ p.participants }}{% if p.rate %} ({{ p.rate }})"
          "{% endif %}"], size=11)  # fmt: skip
    para(doc, "{{ chart_pledges }}", align=CENTER, after=0, keep=True)
    para(doc, "Hình 2. Tiến độ ủng hộ theo đơn vị", size=12, italic=True, align=CENTER)
    tag(doc, "{%p else %}")
    para(doc, "Chưa có đơn vị nào đăng ký ủng hộ Quỹ “Vì người nghèo” năm {{ year }}.",
         indent=True)  # fmt: skip
    tag(doc, "{%p endif %}")


def examples(doc: object) -> None:
    heading(doc, "4. Công tác phát hiện, bồi dưỡng, nhân rộng gương điển hình tiên tiến")
    tag(doc, "{%p if examples %}")
    para(doc, "Trong kỳ, {{ examples|length }} hoạt động được lãnh đạo {{ body }} nêu gương "
              "điển hình:", indent=True, keep=True)  # fmt: skip
    tag(doc, "{%p for e in examples %}")
    para(doc, "- {{ e.title }} ({{ e.unit }}, ngày {{ e.day }}, {{ e.participants }} người tham "
              "gia).", indent=True)  # fmt: skip
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p else %}")
    para(doc, "Chưa có gương điển hình nào được nêu trong kỳ báo cáo.", indent=True)
    tag(doc, "{%p endif %}")
    blank(doc, "[Nêu các tập thể, cá nhân tiêu biểu khác được phát hiện, biểu dương trong kỳ "
               "(nếu có).]")  # fmt: skip


def rewards(doc: object) -> None:
    heading(doc, "5. Công tác khen thưởng")
    tag(doc, "{%p if year_end %}")
    tag(doc, "{%p if results %}")
    para(doc, "Kết quả chấm điểm, xếp hạng thi đua năm {{ year }} của các đơn vị thành viên:",
         indent=True, keep=True)  # fmt: skip
    tag(doc, "{%p if results.graded %}")
    grid(doc, [("Xếp hạng", 22), ("Đơn vị", 83), ("Điểm", 25), ("Xếp loại", 35)],
         ["{{ r.rank }}", "{{ r.unit }}", "{{ r.score }}", "{{ r.grade }}"],
         "{%tr for r in results.ranking %}")  # fmt: skip
    tag(doc, "{%p else %}")
    grid(doc, [("Xếp hạng", 25), ("Đơn vị", 110), ("Điểm", 30)],
         ["{{ r.rank }}", "{{ r.unit }}", "{{ r.score }}"],
         "{%tr for r in results.ranking %}")  # fmt: skip
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if results.proposals %}")
    para(doc, "Trên cơ sở kết quả chấm điểm, xếp hạng, {{ cluster }} đề nghị Hội đồng Thi đua "
              "- Khen thưởng tỉnh xét khen thưởng:", indent=True, keep=True)  # fmt: skip
    tag(doc, "{%p for x in results.proposals %}")
    para(doc, "- {{ x.nominee }}: {{ x.reward }}.", indent=True)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p else %}")
    para(doc, "Kết quả chấm điểm chưa được công bố. Phần xếp hạng và đề nghị khen thưởng sẽ "
              "được bổ sung khi có kết quả chấm điểm của {{ body }}.",
         indent=True, highlight=True)  # fmt: skip
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endif %}")
    blank(doc, "[Nêu kết quả khen thưởng tập thể, cá nhân trong kỳ: số Cờ thi đua, Bằng khen, "
               "Giấy khen, danh hiệu thi đua đã được tặng (nếu có).]")  # fmt: skip


def assessment(doc: object) -> None:
    heading(doc, "III. ĐÁNH GIÁ CHUNG")
    heading(doc, "1. Ưu điểm")
    blank(doc, "[Nêu những ưu điểm, kết quả nổi bật của phong trào thi đua trong kỳ…]")
    heading(doc, "2. Tồn tại, hạn chế và nguyên nhân")
    tag(doc, "{%p if missing_reports %}")
    para(doc, "- {{ missing_reports|length }}/{{ units_count }} đơn vị chưa báo cáo hoạt động "
              "trong kỳ: {{ missing_reports|join(', ') }}.", indent=True)  # fmt: skip
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if not_registered %}")
    para(doc, "- {{ not_registered|length }}/{{ units_count }} đơn vị chưa gửi đăng ký thi đua "
              "năm {{ year }}: {{ not_registered|join(', ') }}.", indent=True)  # fmt: skip
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if not missing_reports and not not_registered %}")
    para(doc, "- Các đơn vị đều đã báo cáo hoạt động và gửi đăng ký thi đua.", indent=True)
    tag(doc, "{%p endif %}")
    blank(doc, "[Nêu những tồn tại, hạn chế khác và nguyên nhân (khách quan, chủ quan)…]")


def outlook(doc: object) -> None:
    heading(doc, "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ {{ next_period_upper }}")
    blank(doc, "[Nêu nhiệm vụ trọng tâm {{ next_period }}: các phong trào thi đua, hoạt động "
               "chào mừng các ngày kỷ niệm, chỉ tiêu vận động Quỹ “Vì người nghèo”…]")  # fmt: skip
    heading(doc, "V. KIẾN NGHỊ")
    blank(doc, "[Nêu kiến nghị với Hội đồng Thi đua - Khen thưởng tỉnh, Ban Thi đua - Khen "
               "thưởng (Sở Nội vụ) (nếu có).]")  # fmt: skip
    # With the signature: a signature never opens a page alone (the spacer and table follow).
    para(doc, f"Trên đây là báo cáo {NAME} của {{{{ cluster }}}}./.", indent=True, keep=True)


def closing(doc: object) -> None:
    """Recipients bottom-left; the signature bottom-right: the authority («TM.»), the post
    («KT.» over «PHÓ …» when a deputy signs), then the name (Decree 30, Appendix I)."""
    para(doc, "", size=8, after=0, keep=True)
    table = borderless(doc, [80, WIDTH - 80])
    row_flags(table.rows[0])
    left, right = (clear(cell) for cell in table.rows[0].cells)
    para(left, "Nơi nhận:", size=12, bold=True, italic=True, align=None, after=0)
    tag(left, "{%p for r in recipients %}")
    para(left, "- {{ r }}", size=11, align=None, after=0)
    tag(left, "{%p endfor %}")
    para(right, "TM. {{ cluster_sign }}", bold=True, align=CENTER, after=0)
    tag(right, "{%p if deputy %}")
    para(right, "KT. {{ head_title }}", bold=True, align=CENTER, after=0)
    para(right, "PHÓ {{ head_title }}", bold=True, align=CENTER, after=0)
    tag(right, "{%p else %}")
    para(right, "{{ head_title }}", bold=True, align=CENTER, after=0)
    tag(right, "{%p endif %}")
    for _ in range(4):
        para(right, "", align=CENTER, after=0)
    para(right, "{{ signer_name }}", bold=True, align=CENTER, after=0)


def build(path: Path) -> None:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    normal.font.name = FONT  # type: ignore[attr-defined]
    normal.font.size = Pt(14)  # type: ignore[attr-defined]
    # East Asian and complex-script slots too, or Word falls back to another font for them.
    fonts = normal.element.rPr.rFonts  # type: ignore[attr-defined]
    for slot in ("w:eastAsia", "w:cs", "w:hAnsi"):
        fonts.set(qn(slot), FONT)
    page_numbers(doc)
    header(doc)
    title(doc)
    situation(doc)
    direction(doc)
    activities(doc)
    pledges(doc)
    examples(doc)
    rewards(doc)
    assessment(doc)
    outlook(doc)
    closing(doc)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
    print(sys.argv[1] if len(sys.argv) > 1 else DEFAULT)
