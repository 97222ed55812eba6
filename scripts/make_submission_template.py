"""Write the office's submission template: `python scripts/make_submission_template.py [FILE]`.

The Tờ trình đề nghị khen thưởng that Ban Thi đua - Khen thưởng sends its Council with the
clusters' proposals (Decree 30/2020/NĐ-CP, Appendix I: the issuer and national title blocks,
number, place and date, «Kính gửi», recipients and signature; the list as its Phụ lục). The
bot fills its `{{ … }}` and `{% … %}` tags (docxtpl, Jinja); the file is committed, and this
script regenerates it after a change here. Its building blocks are the cluster report's.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table
from make_report_template import (
    CENTER,
    FONT,
    LEFT,
    RIGHT,
    WIDTH,
    borderless,
    clear,
    page_numbers,
    para,
    row_flags,
    rule,
    tag,
)

DEFAULT = Path(__file__).resolve().parents[1] / "bot/documents/templates/to-trinh-khen-thuong.docx"
BOLD_ROW = "__bold__"


def header(doc: object) -> None:
    """The parent body over the issuer, left; the national title and motto, right; the number
    and the place and date below, each in its column."""
    table = borderless(doc, [LEFT, RIGHT])
    left, right = (clear(cell) for cell in table.rows[0].cells)
    tag(left, "{%p if parent_lines %}")
    para(left, "{{ parent_lines }}", size=12, align=CENTER, after=0)
    tag(left, "{%p endif %}")
    para(left, "{{ issuer_lines }}", size=13, bold=True, align=CENTER, after=0)
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


def title(doc: object) -> None:
    para(doc, "TỜ TRÌNH", bold=True, align=CENTER, after=0)
    para(doc, "{{ title_lines }}", bold=True, align=CENTER, after=0)
    rule(doc, 40, WIDTH)
    para(doc, "Kính gửi: {{ addressee }}.", align=CENTER, after=12)


def table(parent: object, headers: list[tuple[str, float]], rows: list[tuple[list[str], str]],
          size: float = 12) -> Table:  # fmt: skip
    """Add a bordered table: the header row (repeated on each page), then the rows given, each
    with its kind: "" a plain row, BOLD_ROW a bold one, "merge" one cell across the table."""
    grid: Table = parent.add_table(rows=0, cols=len(headers))  # type: ignore[attr-defined]
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    for number, (texts, kind) in enumerate([([h for h, _ in headers], BOLD_ROW), *rows]):
        added = grid.add_row()
        row_flags(added, header=number == 0)
        cells = added.cells
        for index in range(len(headers)):
            cells[index].width = Mm(headers[index][1])
            cells[index].vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        if kind == "merge":  # a cluster's heading row: never alone at the foot of a page
            merged = cells[0].merge(cells[-1])
            clear(merged)
            para(merged, texts[0], size=size, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, after=2,
                 keep=True)  # fmt: skip
            continue
        for index, text in enumerate(texts):
            clear(cells[index])
            left = index == 1 and kind != BOLD_ROW
            para(cells[index], text, size=size, bold=kind == BOLD_ROW,
                 align=WD_ALIGN_PARAGRAPH.LEFT if left else CENTER, after=2)  # fmt: skip
    for index, (_, width) in enumerate(headers):
        grid.columns[index].width = Mm(width)
    para(parent, "", size=6, after=0)
    return grid


def body(doc: object) -> None:
    tag(doc, "{%p for g in grounds %}")
    para(doc, "{{ g }}", indent=True)
    tag(doc, "{%p endfor %}")
    para(doc, "Năm {{ year }}, {{ published }}/{{ clusters }} Cụm, Khối thi đua của tỉnh đã tổ "
              "chức chấm điểm, xếp hạng và công bố kết quả thi đua; trên cơ sở kết quả đó, các "
              "Cụm, Khối đã đề nghị khen thưởng {{ proposed }} tập thể. {{ issuer_name }} đã "
              "xem xét kết quả chấm điểm, xếp hạng và đề nghị của từng Cụm, Khối{% if declined %}"
              "; {{ declined }} đề nghị không đủ điều kiện trình (lý do nêu tại Phụ lục)"
              "{% endif %}{% if pending %}; {{ pending }} đề nghị đang được xem xét, sẽ trình "
              "sau{% endif %}.", indent=True)  # fmt: skip
    tag(doc, "{%p if forms %}")
    para(doc, "{{ issuer_name }} kính trình {{ addressee }} xem xét, đề nghị {{ authority }} "
              "khen thưởng {{ forwarded }} tập thể có thành tích xuất sắc trong phong trào thi "
              "đua năm {{ year }} của các Cụm, Khối thi đua, cụ thể như sau:", indent=True,
         keep=True)  # fmt: skip
    tag(doc, "{%p for f in forms %}")
    para(doc, "{{ loop.index }}. Tặng {{ f.name }}: {{ f.count }} tập thể", bold=True,
         indent=True, after=4, keep=True)  # fmt: skip
    table(doc, [("TT", 12), ("Tên tập thể", 62), ("Cụm, Khối thi đua", 49), ("Điểm", 20),
                ("Xếp hạng", 22)],
          [(["{%tr for r in f.rows %}", "", "", "", ""], ""),
           (["{{ loop.index }}", "{{ r.unit }}", "{{ r.cluster }}", "{{ r.score }}",
             "{{ r.rank }}"], ""),
           (["{%tr endfor %}", "", "", "", ""], "")])  # fmt: skip
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p else %}")
    para(doc, "[Chưa có đề nghị nào được chuyển trình: vui lòng xét các đề nghị trước khi trình "
              "ký.]", indent=True, highlight=True)  # fmt: skip
    tag(doc, "{%p endif %}")
    para(doc, "(Có danh sách đề nghị khen thưởng của các Cụm, Khối thi đua kèm theo tại Phụ "
              "lục.)", indent=True, italic=True)  # fmt: skip
    para(doc, "{{ issuer_name }} kính trình {{ addressee }} xem xét, quyết định./.",
         indent=True, keep=True)  # fmt: skip


def closing(doc: object) -> None:
    """Recipients bottom-left; the signature's lines, then the name, bottom-right."""
    para(doc, "", size=8, after=0, keep=True)
    block = borderless(doc, [80, WIDTH - 80])
    row_flags(block.rows[0])
    left, right = (clear(cell) for cell in block.rows[0].cells)
    para(left, "Nơi nhận:", size=12, bold=True, italic=True, align=None, after=0)
    tag(left, "{%p for r in recipients %}")
    para(left, "- {{ r }}", size=11, align=None, after=0)
    tag(left, "{%p endfor %}")
    tag(right, "{%p for s in signature %}")
    para(right, "{{ s }}", bold=True, align=CENTER, after=0)
    tag(right, "{%p endfor %}")
    for _ in range(4):
        para(right, "", align=CENTER, after=0)
    para(right, "{{ signer_name }}", bold=True, align=CENTER, after=0)


def annex(doc: object) -> None:
    """The list on a page of its own: every cluster, its proposals and the office's opinion."""
    breaker = para(doc, "", size=2, after=0)
    breaker.runs[0].add_break(WD_BREAK.PAGE)
    para(doc, "Phụ lục", bold=True, align=CENTER, after=0)
    # Broken by hand: a line never ends inside «KHỐI THI ĐUA» or «Ban Thi đua - Khen thưởng».
    para(doc, "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG\nCỦA CÁC CỤM, KHỐI THI ĐUA NĂM {{ year }}",
         bold=True, align=CENTER, after=0)  # fmt: skip
    para(doc, "(Kèm theo Tờ trình số …/{{ symbol }} ngày … tháng … năm {{ doc_year }}\n"
              "của {{ issuer_name }})", size=13, italic=True, align=CENTER, after=12)  # fmt: skip
    table(doc, [("TT", 10), ("Tên tập thể", 46), ("Điểm", 15), ("Xếp hạng", 20),
                ("Hình thức đề nghị", 37), ("Ý kiến thẩm định", 37)],
          [(["{%tr for c in annex %}", "", "", "", "", ""], ""),
           (["{{ c.heading }}"], "merge"),
           (["{%tr for r in c.rows %}", "", "", "", "", ""], ""),
           (["{{ r.number }}", "{{ r.unit }}", "{{ r.score }}", "{{ r.rank }}", "{{ r.award }}",
             "{{ r.decision }}"], ""),
           (["{%tr endfor %}", "", "", "", "", ""], ""),
           (["{%tr endfor %}", "", "", "", "", ""], "")], size=11)  # fmt: skip


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
    fonts = normal.element.rPr.rFonts  # type: ignore[attr-defined]
    for slot in ("w:eastAsia", "w:cs", "w:hAnsi"):
        fonts.set(qn(slot), FONT)
    page_numbers(doc)
    header(doc)
    title(doc)
    body(doc)
    closing(doc)
    annex(doc)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
    print(sys.argv[1] if len(sys.argv) > 1 else DEFAULT)
