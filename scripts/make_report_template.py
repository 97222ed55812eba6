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
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

DEFAULT = Path(__file__).resolve().parents[1] / "bot/documents/templates/bao-cao-cum.docx"
FONT = "Times New Roman"
WIDTH = 165  # mm of text between the margins: 210 - 30 left - 15 right
CENTER, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
Parent = object  # a Document or a table cell: both have add_paragraph


def para(
    parent: object, text: str = "", *, size: float = 14, bold: bool = False,
    italic: bool = False, align: WD_ALIGN_PARAGRAPH | None = JUSTIFY, indent: bool = False,
    after: float = 6, highlight: bool = False,
) -> Paragraph:  # fmt: skip
    """Add a paragraph with one run: a Jinja tag is never split across runs."""
    paragraph: Paragraph = parent.add_paragraph()  # type: ignore[attr-defined]
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(after), 1.1
    if indent:
        fmt.first_line_indent = Mm(10)
    run = paragraph.add_run(text)
    run.font.size, run.font.bold, run.font.italic = Pt(size), bold, italic
    if highlight:
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    return paragraph


def tag(parent: object, text: str) -> None:
    """Add a paragraph holding only a `{%p … %}` tag (docxtpl removes the paragraph)."""
    para(parent, text, size=2, after=0)


def rule(parent: object, length: float, width: float) -> None:
    """Add a centred horizontal line `length` mm long: an empty paragraph's bottom border."""
    paragraph = para(parent, "", size=2, after=6, align=CENTER)
    side = Mm((width - length) / 2)
    paragraph.paragraph_format.left_indent = side
    paragraph.paragraph_format.right_indent = side
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"),
                       ("w:color", "000000")):  # fmt: skip
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def borderless(parent: object, columns: list[float]) -> Table:
    """Add a table with no borders and fixed column widths (the decree's header blocks)."""
    table: Table = parent.add_table(rows=1, cols=len(columns))  # type: ignore[attr-defined]
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for index, width in enumerate(columns):
        table.columns[index].width = Mm(width)
        table.rows[0].cells[index].width = Mm(width)
    return table


def clear(cell: _Cell) -> _Cell:
    """Drop the empty paragraph a new cell starts with, so the first one added is on top."""
    for paragraph in list(cell.paragraphs):
        paragraph._p.getparent().remove(paragraph._p)
    return cell


def grid(parent: object, headers: list[tuple[str, float]], row: list[str], loop: str,
         total: list[str] | None = None) -> None:  # fmt: skip
    """Add a bordered table: headers, one row repeated by `{%tr for … %}`, maybe a total."""
    table: Table = parent.add_table(rows=0, cols=len(headers))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    lines: list[tuple[list[str], bool]] = [([h for h, _ in headers], True),
                                           ([loop] + [""] * (len(headers) - 1), False),
                                           (row, False), (["{%tr endfor %}"] + [""] * (len(headers) - 1), False)]  # fmt: skip  # noqa: E501
    if total is not None:
        lines.append((total, True))
    for texts, bold in lines:
        cells = table.add_row().cells
        for index, text in enumerate(texts):
            cells[index].width = Mm(headers[index][1])
            clear(cells[index])
            align = WD_ALIGN_PARAGRAPH.LEFT if index == 1 and not bold else CENTER
            para(cells[index], text, size=12, bold=bold, align=align, after=2)
    for index, (_, width) in enumerate(headers):
        table.columns[index].width = Mm(width)  # the grid LibreOffice lays the table out by
    para(parent, "", size=6, after=0)


def header(doc: object) -> None:
    """The issuer left, the national title and motto right; the number and place-date below,
    in a second row so that they stand on one line whatever the issuer's length."""
    table = borderless(doc, [70, 95])
    left, right = (clear(cell) for cell in table.rows[0].cells)
    para(left, "{{ council }}", size=12, align=CENTER, after=0)
    para(left, "{{ cluster_upper }}", size=13, bold=True, align=CENTER, after=0)
    rule(left, 25, 70)
    para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True, align=CENTER, after=0)
    para(right, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True, align=CENTER, after=0)
    rule(right, 58, 95)
    below = table.add_row().cells
    for cell, width in zip(below, (70, 95), strict=True):
        cell.width = Mm(width)
    para(clear(below[0]), "Số: …/{{ symbol }}", size=13, align=CENTER, after=0)
    para(clear(below[1]), "{{ place }}, ngày … tháng … năm {{ doc_year }}", size=13,
         italic=True, align=CENTER, after=0)  # fmt: skip
    para(doc, "", size=8, after=0)


def heading(doc: object, text: str) -> None:
    para(doc, text, bold=True, indent=True, after=4)


def title(doc: object) -> None:
    para(doc, "BÁO CÁO", bold=True, align=CENTER, after=0)
    para(doc, "{% if year_end %}Tổng kết công tác thi đua, khen thưởng năm {{ year }}{% else %}"
              "Kết quả hoạt động {{ cluster }} {{ phase }} năm {{ year }}{% endif %}",
         bold=True, align=CENTER, after=0)  # fmt: skip
    tag(doc, "{%p if year_end %}")
    para(doc, "của {{ cluster }}", bold=True, align=CENTER, after=0)
    tag(doc, "{%p endif %}")
    rule(doc, 40, WIDTH)
    para(doc, "Thực hiện Kế hoạch tổ chức phong trào thi đua năm {{ year }}, {{ cluster }} báo "
              "cáo {% if year_end %}tổng kết công tác thi đua, khen thưởng năm {{ year }}"
              "{% else %}kết quả hoạt động {{ phase }} năm {{ year }}{% endif %} (từ ngày "
              "{{ start }} đến ngày {{ end }}) như sau:", indent=True)  # fmt: skip


def situation(doc: object) -> None:
    heading(doc, "I. TÌNH HÌNH CHUNG")
    para(doc, "{{ cluster }} có {{ units_count }} đơn vị thành viên{% if headcount %} với "
              "tổng số {{ headcount }} cán bộ, công chức, viên chức, người lao động theo biên "
              "chế{% endif %}. {% if joined %}Đến ngày {{ today }}, {{ joined }} người đã tham "
              "gia trợ lý thi đua trên Zalo, Telegram{% if joined_rate %} (đạt {{ joined_rate }}"
              " so với biên chế){% endif %}.{% else %}Đến ngày {{ today }}, chưa có ai tham gia "
              "trợ lý thi đua trên Zalo, Telegram.{% endif %}", indent=True)  # fmt: skip


def activities(doc: object) -> None:
    heading(doc, "II. KẾT QUẢ THỰC HIỆN CÁC PHONG TRÀO THI ĐUA")
    heading(doc, "1. Các hoạt động, phong trào thi đua đã triển khai")
    tag(doc, "{%p if has_reports %}")
    para(doc, "Trong kỳ báo cáo, {{ reported_units }}/{{ units_count }} đơn vị đã báo cáo "
              "{{ reports }} hoạt động với {{ participants }} lượt người tham gia. Kết quả theo "
              "từng loại hoạt động:", indent=True)  # fmt: skip
    grid(doc, [("TT", 12), ("Loại hoạt động", 73), ("Số hoạt động", 25), ("Số đơn vị", 22),
               ("Lượt người tham gia", 33)],
         ["{{ loop.index }}", "{{ k.label }}", "{{ k.reports }}", "{{ k.units }}",
          "{{ k.participants }}"], "{%tr for k in by_kind %}")  # fmt: skip
    para(doc, "{{ chart_kinds }}", align=CENTER, after=0)
    para(doc, "Hình 1. Số hoạt động theo loại", size=12, italic=True, align=CENTER)
    tag(doc, "{%p if by_anniversary %}")
    para(doc, "Hoạt động chào mừng các ngày kỷ niệm:", indent=True)
    tag(doc, "{%p for a in by_anniversary %}")
    para(doc, "- {{ a.label }}: {{ a.reports }} hoạt động, {{ a.participants }} lượt người "
              "tham gia.", indent=True)  # fmt: skip
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    para(doc, "Các hoạt động tiêu biểu:", indent=True)
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
    heading(doc, "2. Cuộc vận động ủng hộ Quỹ “Vì người nghèo”")
    tag(doc, "{%p if has_pledges %}")
    para(doc, "Hưởng ứng cuộc vận động “{{ campaign }}”, các đơn vị đã đăng ký ủng hộ "
              "{{ p.pledged }}; đã nộp {{ p.paid }}, trong đó đã xác nhận {{ p.confirmed }}. "
              "Số người tham gia: {{ p.participants }}/{{ p.headcount }} người{% if p.rate %}, "
              "đạt {{ p.rate }}{% endif %}.", indent=True)  # fmt: skip
    para(doc, "{% if house_target %}Số tiền đã xác nhận đủ hỗ trợ xây dựng {{ houses }}/"
              "{{ house_target }} nhà cho hộ nghèo theo chỉ tiêu của Cụm (mức hỗ trợ "
              "{{ house_cost }} một nhà).{% endif %}", indent=True)  # fmt: skip
    grid(doc, [("TT", 10), ("Đơn vị", 45), ("Biên chế", 17), ("Đăng ký (đồng)", 25),
               ("Đã nộp (đồng)", 25), ("Đã xác nhận (đồng)", 25), ("Tham gia", 18)],
         ["{{ loop.index }}", "{{ u.name }}", "{{ u.headcount }}", "{{ u.pledged }}",
          "{{ u.paid }}", "{{ u.confirmed }}", "{{ u.participants }}{% if u.rate %} "
          "({{ u.rate }}){% endif %}"], "{%tr for u in pledge_rows %}",
         ["", "Cộng", "{{ p.headcount }}", "{{ p.pledged_number }}", "{{ p.paid_number }}",
          "{{ p.confirmed_number }}", "{{ p.participants }}{% if p.rate %} ({{ p.rate }})"
          "{% endif %}"])  # fmt: skip
    para(doc, "{{ chart_pledges }}", align=CENTER, after=0)
    para(doc, "Hình 2. Tiến độ ủng hộ theo đơn vị", size=12, italic=True, align=CENTER)
    tag(doc, "{%p else %}")
    para(doc, "Chưa có đơn vị nào đăng ký ủng hộ Quỹ “Vì người nghèo” năm {{ year }}.",
         indent=True)  # fmt: skip
    tag(doc, "{%p endif %}")


def examples_and_registrations(doc: object) -> None:
    heading(doc, "3. Gương người tốt, việc tốt")
    tag(doc, "{%p if examples %}")
    para(doc, "Trong kỳ, {{ examples|length }} hoạt động được lãnh đạo Cụm nêu gương điển hình:",
         indent=True)  # fmt: skip
    tag(doc, "{%p for e in examples %}")
    para(doc, "- {{ e.title }} ({{ e.unit }}, ngày {{ e.day }}, {{ e.participants }} người tham "
              "gia).", indent=True)  # fmt: skip
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p else %}")
    para(doc, "Chưa có gương điển hình nào được nêu trong kỳ báo cáo.", indent=True)
    tag(doc, "{%p endif %}")
    heading(doc, "4. Đăng ký thi đua")
    para(doc, "{% if registered %}Năm {{ year }}, {{ reg.accepted }} đơn vị đã được chấp nhận "
              "đăng ký thi đua, {{ reg.submitted }} đơn vị đang chờ duyệt, {{ reg.returned }} "
              "đơn vị được trả lại để hoàn thiện, {{ reg.none }} đơn vị chưa gửi đăng ký."
              "{% else %}Chưa có đơn vị nào gửi đăng ký thi đua năm {{ year }}.{% endif %}",
         indent=True)  # fmt: skip


def results(doc: object) -> None:
    tag(doc, "{%p if year_end %}")
    heading(doc, "III. KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG VÀ ĐỀ NGHỊ KHEN THƯỞNG")
    tag(doc, "{%p if results %}")
    para(doc, "Kết quả chấm điểm, xếp hạng thi đua năm {{ year }} của các đơn vị:", indent=True)
    grid(doc, [("Xếp hạng", 20), ("Đơn vị", 85), ("Điểm", 25), ("Xếp loại", 35)],
         ["{{ r.rank }}", "{{ r.unit }}", "{{ r.score }}", "{{ r.grade }}"],
         "{%tr for r in results.ranking %}")  # fmt: skip
    tag(doc, "{%p if results.proposals %}")
    para(doc, "Đề nghị Hội đồng Thi đua - Khen thưởng tỉnh xét khen thưởng:", indent=True)
    tag(doc, "{%p for x in results.proposals %}")
    para(doc, "- {{ x.nominee }}: {{ x.reward }}.", indent=True)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p else %}")
    para(doc, "Kết quả chấm điểm chưa được công bố. Phần xếp hạng và đề nghị khen thưởng sẽ "
              "được bổ sung khi có kết quả chấm điểm của Cụm.",
         indent=True, highlight=True)  # fmt: skip
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endif %}")


def shortcomings(doc: object) -> None:
    heading(doc, "{% if year_end %}IV{% else %}III{% endif %}. TỒN TẠI, HẠN CHẾ")
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
    heading(doc, "{% if year_end %}V{% else %}IV{% endif %}. PHƯƠNG HƯỚNG, NHIỆM VỤ "
                 "{{ next_period_upper }}")  # fmt: skip
    para(doc, "[Phần này do Trưởng cụm viết trước khi ký: nhiệm vụ trọng tâm {{ next_period }}, "
              "các hoạt động chào mừng ngày kỷ niệm, chỉ tiêu vận động Quỹ “Vì người nghèo”, "
              "kiến nghị, đề xuất. Xóa đoạn đánh dấu này khi đã viết xong.]", indent=True,
         highlight=True)  # fmt: skip
    para(doc, "Trên đây là báo cáo {% if year_end %}tổng kết công tác thi đua, khen thưởng năm "
              "{{ year }}{% else %}kết quả hoạt động {{ phase }} năm {{ year }}{% endif %} của "
              "{{ cluster }}./.", indent=True)  # fmt: skip


def closing(doc: object) -> None:
    """Recipients bottom-left, the signature bottom-right."""
    para(doc, "", size=8, after=0)
    table = borderless(doc, [75, 90])
    left, right = (clear(cell) for cell in table.rows[0].cells)
    para(left, "Nơi nhận:", size=12, bold=True, italic=True, align=None, after=0)
    tag(left, "{%p for r in recipients %}")
    para(left, "- {{ r }}", size=11, align=None, after=0)
    tag(left, "{%p endfor %}")
    para(right, "{{ head_title }}", bold=True, align=CENTER, after=0)
    para(right, "{{ signer_unit_upper }}", bold=True, align=CENTER, after=0)
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
    header(doc)
    title(doc)
    situation(doc)
    activities(doc)
    pledges(doc)
    examples_and_registrations(doc)
    results(doc)
    shortcomings(doc)
    closing(doc)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
    print(sys.argv[1] if len(sys.argv) > 1 else DEFAULT)
