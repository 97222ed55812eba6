"""Administrative documents laid out by Decree 30/2020/NĐ-CP, Appendix I, written directly with
python-docx: the issuer and national title blocks, number and place-date, the kind and summary
line, the body, «Nơi nhận» and the signature, page numbers from page 2.

The cluster's report is a template (`scripts/make_report_template.py`) a province edits in
Word; the covenant's record and the launch plan are short and built here, in the same form.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

from bot.documents.lines import balanced, greedy, phrases
from bot.documents.model import Issuer
from bot.documents.pagination import keep_tables_together

FONT = "Times New Roman"
WIDTH = 165  # mm of text between the margins: 210 - 30 left - 15 right
LEFT, RIGHT = 80, 95  # the header's columns, as in the report's template
CENTER, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
# What a line of the header's columns and of the title holds, in capitals (render.py's).
COUNCIL_LINE, CLUSTER_LINE, SIGNATURE_LINE, TITLE_LINE = 31, 26, 26, 64
Parent = DocumentObject | _Cell


@dataclass(frozen=True, slots=True)
class Column:
    """A column of a data table: its header and width in millimetres."""

    header: str
    width: float
    left: bool = False  # names read from the left; numbers and dates are centred


def para(
    parent: Parent, text: str = "", *, size: float = 14, bold: bool = False,
    italic: bool = False, align: WD_ALIGN_PARAGRAPH | None = JUSTIFY, indent: bool = False,
    after: float = 6, highlight: bool = False, keep: bool = False,
) -> Paragraph:  # fmt: skip
    """Add a paragraph of one run; `keep` holds it on the page of the next paragraph."""
    paragraph = parent.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(after), 1.1
    fmt.keep_with_next = keep or None
    if indent:
        fmt.first_line_indent = Mm(10)
    run = paragraph.add_run(text)
    run.font.size, run.font.bold, run.font.italic = Pt(size), bold, italic
    if highlight:
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    return paragraph


def text(parent: Parent, value: str, *, keep: bool = False, lead: str = "") -> None:
    """Add a paragraph of the body, its first line indented; `lead` opens it in bold
    («Đợt I, từ ngày … đến ngày …:», as the province's plan sets its phases)."""
    paragraph = para(parent, value, indent=True, keep=keep)
    if lead:
        run = paragraph.runs[0]
        bold = paragraph.add_run(lead)
        bold.font.size, bold.font.bold = run.font.size, True
        run._r.addprevious(bold._r)


def blank(parent: Parent, value: str) -> None:
    """Add what only the cluster can write: in brackets, highlighted for the leader."""
    para(parent, value, indent=True, highlight=True)


def heading(parent: Parent, value: str, *, italic: bool = False) -> None:
    """Add a heading («I. MỤC ĐÍCH, YÊU CẦU», «1. Mục đích»), kept with what follows."""
    para(parent, value, bold=not italic, italic=italic, indent=True, after=4, keep=True)


def rule(parent: Parent, length: float, width: float) -> None:
    """Add a centred line `length` mm long under a block: an empty paragraph's bottom border."""
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


def borderless(parent: DocumentObject, columns: list[float]) -> Table:
    table: Table = parent.add_table(rows=1, cols=len(columns))
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for index, width in enumerate(columns):
        table.columns[index].width = Mm(width)
        table.rows[0].cells[index].width = Mm(width)
    return table


def clear(cell: _Cell) -> _Cell:
    """Drop the empty paragraph a new cell starts with."""
    for paragraph in list(cell.paragraphs):
        paragraph._p.getparent().remove(paragraph._p)
    return cell


def row_flags(row: _Row, *, header: bool = False) -> None:
    """A row never breaks across pages; a header row repeats at the top of each new page."""
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))
    if header:
        properties.append(OxmlElement("w:tblHeader"))


def page_numbers(document: DocumentObject) -> None:
    """Arabic page numbers, centred in the top margin, from page 2 on."""
    section = document.sections[0]
    section.header_distance = Mm(10)
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = CENTER
    for kind, instruction in (("begin", None), (None, " PAGE "), ("separate", None),
                              (None, None), ("end", None)):  # fmt: skip
        run = paragraph.add_run("1" if kind is None and instruction is None else "")
        run.font.size = Pt(14)
        if kind is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif instruction is not None:
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = instruction
            run._r.append(code)


def new_document() -> DocumentObject:
    """Return an empty A4 document: Times New Roman 14, margins 20/20/30/15 mm."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    fonts = normal.element.rPr.rFonts
    for slot in ("w:eastAsia", "w:cs", "w:hAnsi"):
        fonts.set(qn(slot), FONT)
    page_numbers(document)
    return document


def header(document: DocumentObject, issuer: Issuer) -> None:
    """The issuer left, the national title and motto right; number and place-date below.

    The date is left for the signer to write, as on every draft the bot makes.
    """
    table = borderless(document, [LEFT, RIGHT])
    left, right = (clear(cell) for cell in table.rows[0].cells)
    para(left, greedy(issuer.council, COUNCIL_LINE), size=12, align=CENTER, after=0)
    para(left, balanced(issuer.cluster_name.upper(), CLUSTER_LINE), size=13, bold=True,
         align=CENTER, after=0)  # fmt: skip
    rule(left, 25, LEFT)
    para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True, align=CENTER, after=0)
    para(right, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True, align=CENTER, after=0)
    rule(right, 58, RIGHT)
    below = table.add_row().cells  # type: ignore[no-untyped-call]
    for cell, width in zip(below, (LEFT, RIGHT), strict=True):
        cell.width = Mm(width)
    para(clear(below[0]), f"Số: …/{issuer.symbol}", size=13, align=CENTER, after=0)
    para(clear(below[1]), f"{issuer.place}, ngày … tháng … năm {issuer.day.year}", size=13,
         italic=True, align=CENTER, after=0)  # fmt: skip
    para(document, "", size=8, after=0)


def title(document: DocumentObject, kind: str, summary: list[str]) -> None:
    """The document's kind («KẾ HOẠCH») and its summary line, broken at whole phrases."""
    para(document, kind, bold=True, align=CENTER, after=0)
    para(document, phrases(summary, TITLE_LINE), bold=True, align=CENTER, after=0)
    rule(document, 40, WIDTH)


def grid(document: DocumentObject, columns: list[Column], rows: list[list[str]]) -> None:
    """Add a bordered table whose header row repeats on each page; rows never break."""
    table = document.add_table(rows=0, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for number, values in enumerate([[c.header for c in columns], *rows]):
        added = table.add_row()
        row_flags(added, header=number == 0)
        for index, value in enumerate(values):
            cell = added.cells[index]
            cell.width = Mm(columns[index].width)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            left = columns[index].left and number > 0
            para(clear(cell), value, size=13, bold=number == 0, after=2,
                 align=WD_ALIGN_PARAGRAPH.LEFT if left else CENTER)  # fmt: skip
    for index, column in enumerate(columns):
        table.columns[index].width = Mm(column.width)
    para(document, "", size=6, after=0)


def closing(document: DocumentObject, issuer: Issuer) -> None:
    """Recipients bottom-left; the signature bottom-right: «TM.» the cluster, the post
    («KT.» over «PHÓ …» when a deputy signs), four blank lines, then the name."""
    para(document, "", size=8, after=0, keep=True)
    table = borderless(document, [80, WIDTH - 80])
    row_flags(table.rows[0])
    left, right = (clear(cell) for cell in table.rows[0].cells)
    para(left, "Nơi nhận:", size=12, bold=True, italic=True, align=None, after=0)
    for recipient in issuer.recipients:
        para(left, f"- {recipient}", size=11, align=None, after=0)
    authority = balanced(f"TM. {issuer.cluster_name.upper()}", SIGNATURE_LINE)
    para(right, authority, bold=True, align=CENTER, after=0)
    posts = [f"KT. {issuer.head_title}", f"PHÓ {issuer.head_title}"] if issuer.deputy else [
        issuer.head_title]  # fmt: skip
    for post in posts:
        para(right, post, bold=True, align=CENTER, after=0)
    for _ in range(4):
        para(right, "", align=CENTER, after=0)
    para(right, issuer.signer_name, bold=True, align=CENTER, after=0)


def finished(document: DocumentObject) -> bytes:
    """Return the document's bytes, its tables kept whole where they are short."""
    keep_tables_together(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
