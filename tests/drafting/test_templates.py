"""The committed Word templates are what their scripts write: an edit made by hand in Word
would be lost the next time a developer runs the script."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "bot" / "documents" / "templates"


@pytest.mark.parametrize(
    ("script", "template"),
    [
        ("make_report_template.py", "bao-cao-cum.docx"),
        ("make_submission_template.py", "to-trinh-khen-thuong.docx"),
    ],
)
def test_the_committed_template_is_what_its_script_writes(
    tmp_path: Path, script: str, template: str
) -> None:
    written = tmp_path / template
    subprocess.run(
        [sys.executable, script, str(written)], cwd=ROOT / "scripts", check=True, timeout=120
    )

    def body(path: Path) -> bytes:
        with zipfile.ZipFile(path) as docx:
            return docx.read("word/document.xml")

    assert body(written) == body(TEMPLATES / template)
