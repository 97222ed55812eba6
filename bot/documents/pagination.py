"""Where the filled report may break across pages: decided once the tables' rows are known.

The template marks its data tables' header rows (repeated on each new page) and forbids a row
to break; how many rows a table has is only known after filling. A short table stays whole on
one page; a longer one may break, but never leaves its header row or its last row (the «Cộng»
row, when it has one) alone on a page.
"""

from __future__ import annotations

from docx.document import Document
from docx.oxml.ns import qn
from docx.table import Table

SHORT = 12  # rows (the header's included) a table keeps together on one page


def _is_data_table(table: Table) -> bool:
    """Tell the figures' tables (a repeated header row) from the header and signature blocks."""
    rows = table.rows
    properties = rows[0]._tr.trPr if len(rows) > 0 else None
    return properties is not None and properties.find(qn("w:tblHeader")) is not None


def keep_tables_together(document: Document) -> None:
    """Mark the rows that keep with the next one, as Word and LibreOffice both read it."""
    for table in document.tables:
        if not _is_data_table(table):
            continue
        rows = table.rows
        last = len(rows) - 1
        keep = range(last) if len(rows) <= SHORT else (0, last - 1)
        for index in keep:
            for cell in rows[index].cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True
