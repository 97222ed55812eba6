"""The terminal demo: the real bot behind a local emulator, typed to as a member."""

from __future__ import annotations

import io
import re
import urllib.request
from pathlib import Path

import pytest

from bot.config import Settings
from bot.demo import run_demo
from tests.support.drivers import CHANNELS


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
            return ""

    typed = Typed()
    await run_demo(
        settings, stdin=typed, stdout=shown,
        database_url=f"sqlite+aiosqlite:///{tmp_path}/demo.db",
    )  # fmt: skip
    status, html = typed.pages[0]
    assert status == 200
    assert "Cụm thi đua các sở, ngành kinh tế" in html and html.count("<svg") >= 4


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.slow
async def test_a_leader_in_the_demo_sees_where_the_chart_is(
    settings: Settings, tmp_path: Path, channel: str
) -> None:
    shown = io.StringIO()

    class Typed:
        """Join with the leader's printed code, then ask for the summary (with its chart)."""

        def __init__(self) -> None:
            self.lines: list[str] | None = None

        def readline(self) -> str:
            if self.lines is None:
                code = re.search(r"cluster leader: /start (\S+)", shown.getvalue())
                assert code is not None
                self.lines = [f"/start {code.group(1)}\n", "1\n", "/tonghop\n"]
            return self.lines.pop(0) if self.lines else ""

    await run_demo(
        settings, stdin=Typed(), stdout=shown,
        database_url=f"sqlite+aiosqlite:///{tmp_path}/demo.db", channel=channel,
    )  # fmt: skip
    out = shown.getvalue()
    assert "bot: Tổng hợp Cụm thi đua" in out
    if channel == "zalo":
        assert re.search(r"\[ảnh / photo: http://127\.0\.0\.1:\d+/files/\S+\]", out)
    else:
        assert "bot: [ảnh / photo]" in out
    assert "\nbot: \n" not in out  # no message shown as nothing
