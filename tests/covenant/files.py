"""A covenant as a leader would send it: a small Word document."""

from __future__ import annotations

import io

from docx import Document


def covenant_docx(text: str) -> bytes:
    """Return a .docx whose body is a heading and `text`."""
    document = Document()
    document.add_paragraph("GIAO ƯỚC THI ĐUA NĂM 2027")
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
