"""From the organisation file to working leaders: claim codes for imported people."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest

from bot.config import Settings
from tests.support.drivers import running_both

ROOT = Path(__file__).resolve().parents[2]


async def _cli(database_url: str, *args: str) -> str:
    env = os.environ | {"DATABASE_URL": database_url}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "org", *args, cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await process.communicate()
    assert process.returncode == 0, err.decode()
    return out.decode()


@pytest.mark.slow
async def test_imported_leader_and_admin_claim_their_rows(settings: Settings) -> None:
    await _cli(settings.database_url, "import", "examples/org.yaml")
    codes = {
        name: code
        for code, _role, name in (
            line.split("\t")
            for line in (await _cli(settings.database_url, "claims")).splitlines()[1:]
        )
    }
    assert "Nguyễn Văn An" in codes and "Lê Minh Châu" in codes
    async with running_both(settings) as both:
        emu, zalo = both.telegram, both.zalo
        leader = emu.user(8001, "An")
        await emu.send_text(leader, f"/start {codes['Nguyễn Văn An']}")
        confirm = (await emu.wait_messages(leader.id))[0]
        assert (
            confirm["text"]
            == "Mã này dành cho Nguyễn Văn An, vai trò Trưởng cụm, khối. Đây đúng là đồng chí?"
        )
        await emu.press(leader, confirm, "Đúng, tham gia")
        welcome = (await emu.wait_messages(leader.id))[0]["text"]
        assert welcome.startswith(
            "Đồng chí Nguyễn Văn An (Sở Tài chính) đã kết nối với trợ lý phong trào thi đua."
        )
        await emu.send_text(leader, "/moi")
        units = (await emu.wait_messages(leader.id))[0]
        assert units["text"].startswith("Mời vào đơn vị nào?")  # long unit names follow in full
        admin = zalo.user("Châu")
        await zalo.send_text(admin, codes["Lê Minh Châu"])
        assert "Lê Minh Châu, vai trò quản trị" in (await zalo.wait_messages(admin.id))[0]["text"]
        await zalo.send_text(admin, "1")
        assert (await zalo.wait_messages(admin.id))[0]["text"].startswith(
            "Đồng chí Lê Minh Châu đã kết nối với trợ lý phong trào thi đua."
        )
        await zalo.send_text(admin, "thongbao")
        assert (await zalo.wait_messages(admin.id))[0]["text"].startswith(
            "Gửi thông báo tới cụm, khối nào?"
        )
    # A claim code works once.
    again = await _cli(settings.database_url, "claims")
    assert "Nguyễn Văn An" not in again and "Lê Minh Châu" not in again
