"""The command line: `python -m bot migrate` creates the schema; bad usage is explained."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_migrate_creates_the_tables(tmp_path: Path) -> None:
    database = tmp_path / "fresh.db"
    result = subprocess.run(
        [sys.executable, "-m", "bot", "migrate"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite+aiosqlite:///{database}"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    tables = set(inspect(create_engine(f"sqlite:///{database}")).get_table_names())
    assert {"member", "identity", "dialogstate", "processedupdate", "choicetoken"} <= tables


def test_unknown_subcommand_is_refused_with_usage() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "fly"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "invalid choice: 'fly'" in result.stderr


def test_a_file_that_is_no_statement_is_named_and_changes_nothing(tmp_path: Path) -> None:
    database = tmp_path / "fresh.db"
    bad = tmp_path / "sao-ke.xlsx"
    bad.write_bytes(b"not a workbook")
    result = subprocess.run(
        [sys.executable, "-m", "bot", "payments", "import", str(bad)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite+aiosqlite:///{database}"},
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr == f"{bad}: not a readable .xlsx or .csv file; nothing imported\n"
    assert not database.exists()  # refused before the database was opened
