"""A drafted report as a clerk sees it: converted by LibreOffice, read back page by page."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

# A4 in points, and where the text block lies (30 mm left, 15 mm right margins).
PAGE_WIDTH = 595.3
TEXT_CENTRE = (30 + (210 - 15)) / 2 * 72 / 25.4
TOP_MARGIN = 20 * 72 / 25.4
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)


@dataclass(frozen=True)
class Word:
    text: str
    left: float
    top: float
    right: float
    bottom: float

    @property
    def centre(self) -> float:
        return (self.left + self.right) / 2


def needs_libreoffice() -> None:
    assert shutil.which("soffice") and shutil.which("pdftoppm") and shutil.which("pdftotext"), (
        "LibreOffice and poppler are needed: .ci/run installs libreoffice-writer, poppler-utils"
    )


def to_pdf(source: Path) -> Path:
    """Convert a .docx beside itself with LibreOffice (a profile of its own: tests run apart)."""
    folder = source.parent
    profile = f"-env:UserInstallation=file://{folder / 'lo-profile'}"
    subprocess.run(
        ["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(folder),
         str(source)], check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return source.with_suffix(".pdf")


def text(pdf: Path, page: int | None = None) -> str:
    """Return the PDF's text laid out as on paper, of one page or all."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(["pdftotext", "-layout", *pages, str(pdf), "-"], check=True,
                          capture_output=True, text=True, timeout=60).stdout  # fmt: skip


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True,
                          timeout=60).stdout  # fmt: skip
    found = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    assert found is not None, info
    return int(found.group(1))


def words(pdf: Path, page: int) -> list[Word]:
    """Return the words of one page with their boxes, in points from the top left corner."""
    command = ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"]
    html = subprocess.run(command, check=True, capture_output=True, text=True, timeout=60).stdout
    return [
        Word(m.group(5), *(float(m.group(i)) for i in range(1, 5))) for m in _WORD.finditer(html)
    ]


def in_top_margin(pdf: Path, page: int) -> list[Word]:
    """Return the words printed above the text block: where Decree 30 puts the page number."""
    return [w for w in words(pdf, page) if w.bottom <= TOP_MARGIN]


def png(pdf: Path, folder: Path, dpi: int = 60) -> list[Path]:
    """Render every page to PNG (to look at, and to know the pages draw)."""
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(folder / "page")],
                   check=True, timeout=120)  # fmt: skip
    return sorted(folder.glob("page-*.png"))
