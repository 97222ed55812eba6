"""`python -m bot year close` killed (SIGKILL) after a cluster, then run again: nothing twice."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from storage.db.engine import SessionFactory
from tests.year.yearworld import outbox, roles, seed

ROOT = Path(__file__).resolve().parents[2]


async def _start(database_url: str, pause: float) -> asyncio.subprocess.Process:
    env = os.environ | {
        "DATABASE_URL": database_url, "CONFIG_DIR": str(ROOT / "config"),
        "YEAR_TURN_PAUSE_SECONDS": str(pause),
    }  # fmt: skip
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "year", "close", "2026", "--open", "2027", cwd=ROOT,
        env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


# Alone on the machine: the kill is timed against a pause between clusters.
@pytest.mark.serial
async def test_a_run_killed_after_one_cluster_resumes_without_doing_it_again(
    database_url: str, sessions: SessionFactory
) -> None:
    world = await seed(sessions)
    first = await _start(database_url, pause=120)
    assert first.stdout is not None
    async with asyncio.timeout(60):
        line = await first.stdout.readline()
    assert line.decode().strip() == "done: cum-1"
    first.send_signal(signal.SIGKILL)  # while it waits before the next cluster
    await first.wait()
    halfway = await roles(sessions)
    assert halfway["Trần Thị Bình"] == ("leader", world.clusters["cum-1"])
    assert halfway["Đỗ Văn Giang"] == ("leader", world.clusters["khoi-2"])  # not yet
    queued = await outbox(sessions)

    second = await _start(database_url, pause=0)
    async with asyncio.timeout(60):
        out, err = await second.communicate()
    assert second.returncode == 0, err.decode()
    assert "Begun before; done then: cluster:cum-1." in out.decode()
    assert "Done now: cluster:khoi-2, greeting;" in out.decode()
    after = await roles(sessions)
    # cum-1 rotated once: its 2027 head did not move on to the next unit.
    assert after["Trần Thị Bình"] == ("leader", world.clusters["cum-1"])
    assert after["Phạm Văn Cường"] == ("deputy", world.clusters["cum-1"])
    assert after["Huỳnh Thị Hà"] == ("leader", world.clusters["khoi-2"])
    assert after["Đỗ Văn Giang"] == ("deputy", world.clusters["khoi-2"])
    sent = await outbox(sessions)
    assert {k: v for k, v in sent.items() if k in queued} == queued  # kept, not re-queued
    assert sum(":seat:" in key for key in sent) == 5
    assert sum(":greeting:" in key for key in sent) == 9
