"""The terminal demo: the real bot behind a local emulator, typed to as a member."""

from __future__ import annotations

import asyncio
import io
import os
import re
import sys
import urllib.request
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.config import Settings
from bot.demo import run_demo
from storage.db.filelock import SqliteLock
from tests.activity.activity_helpers import VN
from tests.drafting.draftdata import read_docx
from tests.support.drivers import CHANNELS
from tests.support.fakeclock import FakeClock
from tests.support.processes import ROOT


async def test_demo_answers_in_vietnamese_and_switches_to_english(
    settings: Settings, tmp_path: Path
) -> None:
    typed = io.StringIO("/start\n/trogiup\n/ngonngu\n2\n/help\n")
    shown = io.StringIO()
    code = await run_demo(
        settings,
        stdin=typed,
        stdout=shown,
        database_url=f"sqlite+aiosqlite:///{tmp_path}/demo.db",
        files=tmp_path / "files",
    )
    out = shown.getvalue()
    assert code == 0
    assert "bot: Xin chào! Tôi là trợ lý phong trào thi đua" in out
    assert "bot: Các lệnh đồng chí dùng được:" in out
    assert "[1] Tiếng Việt" in out and "[2] English" in out
    assert "bot: Switched to English. Type /help to see the commands." in out
    assert "bot: Commands you can use:" in out
    assert out.rstrip().endswith("Tạm biệt! / Goodbye!")


async def test_demo_as_a_zalo_user_with_the_demo_province(
    settings: Settings, tmp_path: Path
) -> None:
    typed = io.StringIO("trogiup\nngonngu\n2\n")
    shown = io.StringIO()
    await run_demo(
        settings,
        stdin=typed,
        stdout=shown,
        database_url=f"sqlite+aiosqlite:///{tmp_path}/demo.db",
        channel="zalo",
        files=tmp_path / "files",
    )
    out = shown.getvalue()
    assert "Thử vai trò Trưởng cụm / try a cluster leader: /start " in out
    assert "Thử vai trò thành viên / try a member: /start " in out
    assert "Bảng điều khiển của cụm / the cluster's dashboard: http://127.0.0.1:" in out
    assert "bot: Các lệnh đồng chí dùng được:" in out
    assert "1. Tiếng Việt\n     2. English\n     Trả lời bằng số từ 1 đến 2." in out
    assert "bot: Switched to English." in out


async def test_the_printed_dashboard_link_opens_while_the_demo_runs(
    settings: Settings, tmp_path: Path
) -> None:
    shown = io.StringIO()

    class Typed:
        """Open the printed link before typing anything, then quit."""

        def __init__(self) -> None:
            self.pages: list[tuple[int, str]] = []

        def readline(self) -> str:
            if not self.pages:
                link = re.search(r"dashboard: (http://\S+)", shown.getvalue())
                assert link is not None
                with urllib.request.urlopen(link.group(1)) as page:
                    self.pages.append((page.status, page.read().decode()))
                office = re.search(r"office console \(once, 10 minutes\): (http://\S+)",
                                   shown.getvalue())  # fmt: skip
                assert office is not None
                with urllib.request.urlopen(office.group(1)) as page:
                    self.pages.append((page.status, page.read().decode()))
            return ""

    typed = Typed()
    await run_demo(
        settings, stdin=typed, stdout=shown,
        database_url=f"sqlite+aiosqlite:///{tmp_path}/demo.db", files=tmp_path / "files",
    )  # fmt: skip
    status, html = typed.pages[0]
    assert status == 200
    assert "Cụm thi đua các sở, ngành kinh tế" in html and html.count("<svg") >= 4
    status, html = typed.pages[1]  # the admin's sign-in to the office console
    assert status == 200 and "Đăng nhập trang quản trị" in html


class AsLeader:
    """Join with the leader's printed code, then type `lines`."""

    def __init__(self, shown: io.StringIO, lines: list[str]) -> None:
        self.shown, self.later = shown, lines
        self.lines: list[str] | None = None

    def readline(self) -> str:
        if self.lines is None:
            code = re.search(r"cluster leader: /start (\S+)", self.shown.getvalue())
            assert code is not None
            self.lines = [f"/start {code.group(1)}\n", "1\n", *(f"{x}\n" for x in self.later)]
        return self.lines.pop(0) if self.lines else ""


async def _as_leader(
    settings: Settings, tmp_path: Path, channel: str, lines: list[str], day: int
) -> str:
    shown = io.StringIO()
    await run_demo(
        settings, stdin=AsLeader(shown, lines), stdout=shown, channel=channel,
        database_url=f"sqlite+aiosqlite:///{tmp_path}/demo.db", files=tmp_path / "files",
        clock=FakeClock(datetime(2026, 12, day, 10, tzinfo=VN)),
    )  # fmt: skip
    out = shown.getvalue()
    assert "\nbot: \n" not in out  # no message shown as nothing
    return out


def _saved(out: str, marker: str) -> list[Path]:
    """Return the files the demo says it saved, each checked to be on disk."""
    paths = [Path(p) for p in re.findall(rf"\[{re.escape(marker)}: (\S+)\]", out)]
    assert paths and all(p.is_file() and p.stat().st_size > 0 for p in paths), out
    return paths


@pytest.mark.parametrize("channel", CHANNELS)
async def test_a_leader_in_the_demo_finds_the_chart_and_the_workbook_on_disk(
    settings: Settings, tmp_path: Path, channel: str
) -> None:
    out = await _as_leader(settings, tmp_path, channel, ["/tonghop", "/xuatbaocao"], day=7)
    assert "bot: Tổng hợp Cụm thi đua" in out
    [chart] = _saved(out, "ảnh / photo")
    assert chart.parent == tmp_path / "files" and chart.read_bytes().startswith(b"\x89PNG")
    summary, scores = _saved(out, "tệp / file")  # the year's figures, and the score sheet
    assert summary.name == "tonghop-cum-kinh-te-2026-12-07.xlsx"
    assert scores.name == "bangdiem-cum-kinh-te-2026.xlsx"
    assert all(load_workbook(path).sheetnames for path in (summary, scores))


async def test_before_the_deadline_the_demo_leader_reviews_while_some_units_score(
    settings: Settings, tmp_path: Path
) -> None:
    out = await _as_leader(settings, tmp_path, "telegram", ["/chamdiem"], day=7)
    review = out[out.index("bot: Chấm điểm thi đua năm 2026: tình hình các đơn vị") :]
    assert "• Sở Nông nghiệp và Môi trường: đã giải trình, tự chấm " in review
    assert "• Sở Công Thương: đã thống nhất, tự chấm " in review
    assert "• Sở Tài chính: đã gửi, chờ thẩm định, tự chấm " in review
    assert "• Ban Quản lý Khu kinh tế tỉnh: đang chấm 13/19 tiêu chí" in review
    assert "• Thuế tỉnh Gia Lai: chưa chấm" in review
    assert "[1] Sở Công Thương" in review and "Công bố kết quả" in review


async def test_after_the_deadline_every_unit_is_in_the_review_and_the_report_is_saved(
    settings: Settings, tmp_path: Path
) -> None:
    typed = ["/chamdiem", "/soanbaocao", "3"]  # the year-end report
    out = await _as_leader(settings, tmp_path, "zalo", typed, day=16)
    review = out[out.index("bot: Chấm điểm thi đua năm 2026: tình hình các đơn vị") :]
    units = re.findall(r"• ([^:\n]+): (đã [^,\n]+)", review)
    assert len(units) == 7, review  # all seven submitted, none still scoring
    assert ("Sở Nông nghiệp và Môi trường", "đã giải trình") in units
    [report] = _saved(out, "tệp / file")
    assert report.name.startswith("bao-cao-cum-kinh-te-") and report.suffix == ".docx"
    text = "\n".join(read_docx(report.read_bytes()).paragraphs)
    assert "CỤM THI ĐUA CÁC SỞ, NGÀNH KINH TẾ" in text.upper()


async def test_a_second_demo_on_the_same_data_says_so_without_a_traceback(tmp_path: Path) -> None:
    # `make run` twice in one folder: the second finds the first one's lock on data/demo.db.
    with SqliteLock(f"sqlite+aiosqlite:///{tmp_path}/data/demo.db"):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ZALO_"))}
        second = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "demo", cwd=tmp_path,
            env=env | {"CONFIG_DIR": str(ROOT / "config"), "PYTHONPATH": str(ROOT)},
            stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        _, refused = await asyncio.wait_for(second.communicate(), 60)
    assert second.returncode == 2
    said = refused.decode()
    assert "another bot process is using the SQLite database data/demo.db" in said
    assert "Traceback" not in said
