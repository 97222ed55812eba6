"""`python -m bot backup FILE` and `restore FILE`: a round trip on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from sqlmodel import col, func, select, update

from storage.db.engine import SessionFactory
from storage.db.filelock import SqliteLock
from storage.membership.models import Member
from tests.membership.orgdata import seed_many

ROOT = Path(__file__).resolve().parents[2]


def _bot(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=ROOT, capture_output=True, text=True,
        timeout=120, env=env | {"DATABASE_URL": database_url},
    )  # fmt: skip


async def _names(sessions: SessionFactory) -> list[str]:
    async with sessions() as session:
        return sorted((await session.exec(select(Member.full_name))).all())


@pytest.mark.slow
async def test_backup_then_restore_brings_back_what_was_there(
    database_url: str, sessions: SessionFactory, tmp_path: Path
) -> None:
    await seed_many(sessions, count=5, channel="telegram")
    before = await _names(sessions)
    target = tmp_path / "thidua.backup"
    # Taken while this process holds the database open, as a running bot would.
    async with sessions() as session:
        assert (await session.exec(select(func.count()).select_from(Member))).one() == 5
        saved = _bot(database_url, "backup", str(target))
    assert saved.returncode == 0, saved.stderr
    assert target.stat().st_size > 0 and f"backup written to {target}" in saved.stderr
    async with sessions() as session, session.begin():
        await session.exec(
            update(Member).where(col(Member.full_name) != "Người 0").values(full_name="Đã đổi")
        )
        session.add(Member(full_name="Người mới", role="member"))
    assert await _names(sessions) != before
    await sessions.kw["bind"].dispose()  # a restore is done with the bot stopped
    restored = _bot(database_url, "restore", str(target))
    assert restored.returncode == 0, restored.stderr
    assert await _names(sessions) == before
    # The restored database is whole: the bot's own migration check finds nothing to do.
    migrated = _bot(database_url, "migrate")
    assert migrated.returncode == 0, migrated.stderr


async def test_restore_refuses_a_file_that_is_no_backup(
    database_url: str, sessions: SessionFactory, tmp_path: Path
) -> None:
    await seed_many(sessions, count=2, channel="zalo")
    junk = tmp_path / "notes.txt"
    junk.write_text("không phải bản sao lưu\n" * 100, encoding="utf-8")
    refused = _bot(database_url, "restore", str(junk))
    missing = _bot(database_url, "restore", str(tmp_path / "nothing-here"))
    assert refused.returncode == missing.returncode == 1
    assert "restore failed:" in refused.stderr and "Traceback" not in refused.stderr
    assert f"no backup file at {tmp_path / 'nothing-here'}" in missing.stderr
    assert len(await _names(sessions)) == 2  # nothing changed


def test_a_sqlite_restore_is_refused_while_a_bot_runs_on_it(tmp_path: Path) -> None:
    database_url = f"sqlite+aiosqlite:///{tmp_path}/live.db"
    backup = tmp_path / "old.db"
    with closing(sqlite3.connect(backup)) as db:
        db.execute("CREATE TABLE t (x INTEGER)")
    with SqliteLock(database_url):  # what a running bot holds
        refused = _bot(database_url, "restore", str(backup))
    assert refused.returncode == 1
    assert "another bot process is using the SQLite database" in refused.stderr
    assert not (tmp_path / "live.db").exists()
    allowed = _bot(database_url, "restore", str(backup))
    assert allowed.returncode == 0, allowed.stderr
