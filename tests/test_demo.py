"""The terminal demo: the real bot behind a local emulator, typed to as a member."""

from __future__ import annotations

import io
from pathlib import Path

from bot.config import Settings
from bot.demo import run_demo


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
    assert "bot: Các lệnh bạn dùng được:" in out
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
    assert "bot: Các lệnh bạn dùng được:" in out
    assert "1. Tiếng Việt\n     2. English\n     Trả lời bằng số từ 1 đến 2." in out
    assert "bot: Switched to English." in out
