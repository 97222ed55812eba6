"""Every cell of the role × command table: allowed commands work, refused ones change nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from bot.core.pipeline import Core
from domain.commands import BY_KEY
from domain.messages import Channel
from domain.roles import Role
from handlers import build_registry
from storage.db.engine import SessionFactory
from tests.membership.orgdata import seed_org
from tests.support.corechat import CoreChat

IMPLEMENTED = sorted(build_registry().commands)
ROLES = list(Role)
REFUSALS = ("Đồng chí chưa là thành viên của đơn vị nào.", "Đồng chí không có quyền dùng lệnh /")
TABLES = ("member", "identity", "invite", "linkcode", "grouplink", "outbox", "dialogstate",
          "choicetoken", "unit", "cluster")  # fmt: skip


async def _snapshot(sessions: SessionFactory) -> dict[str, list[Any]]:
    async with sessions() as session:
        connection = await session.connection()
        return {
            table: [
                tuple(row) for row in (await connection.execute(text(f"SELECT * FROM {table}")))
            ]
            for table in TABLES
        }


def _user(role: Role) -> str:
    return f"user-{role.value}"


@pytest.mark.parametrize("key", IMPLEMENTED)
async def test_role_command_table(core: Core, sessions: SessionFactory, key: str) -> None:
    await seed_org(
        sessions,
        accounts={
            role: (Channel.ZALO.value, _user(role)) for role in ROLES if role is not Role.GUEST
        },
    )
    spec = BY_KEY[key]
    for role in ROLES:
        chat = CoreChat(core, user_id=_user(role))
        before = await _snapshot(sessions)
        replies = await chat.command(spec.vi)
        assert replies, f"{role} /{spec.vi}: no answer"
        refused = replies[0].text.startswith(REFUSALS)
        if role in spec.roles:
            assert not refused, f"{role} should be allowed /{spec.vi}: {replies[0].text}"
        else:
            assert refused, f"{role} should be refused /{spec.vi}: {replies[0].text}"
            assert await _snapshot(sessions) == before, f"{role} /{spec.vi} changed data"
        await chat.command("huy")  # leave whatever dialog the command opened


def test_the_readme_table_matches_the_contract() -> None:
    readme = Path("README.md").read_text(encoding="utf-8")
    marks = {Role.GUEST: 0, Role.MEMBER: 1, Role.REPORTER: 2, Role.DEPUTY: 3, Role.LEADER: 4,
             Role.ADMIN: 5}  # fmt: skip
    rows = [line for line in readme.splitlines() if line.startswith("| `/")]
    seen = set()
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        names = [name.strip("` ") for name in cells[0].split(",")]
        for spec in BY_KEY.values():
            if f"/{spec.vi}" in " ".join(names):
                seen.add(spec.key)
                for role, index in marks.items():
                    assert (cells[1 + index] == "✓") == (role in spec.roles), (spec.key, role)
    assert seen == set(BY_KEY) - {"start"} | ({"start"} & seen)
