"""Draft a sample Đợt I report with the bot and render its first page: docs/bao-cao-dot-1.png.

Run from the repository root: `.venv/bin/python scripts/report_sample.py` (needs soffice and
pdftoppm). It seeds the tests' sample cluster, adds a few Đợt I activities, asks the bot for
the report as a leader would, converts it to PDF with LibreOffice and renders page 1.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.core.pipeline import Core
from bot.i18n import Catalogs
from domain.messages import Channel, EventKind, Incoming
from domain.roles import Role
from handlers import build_registry
from storage.activity.models import ActivityReport
from storage.db.engine import create_engine, create_session_factory
from storage.db.migrate import upgrade
from tests.activity.activity_helpers import FixedClock
from tests.leader.summarydata import NOW, seed_world
from tests.support.shipped import SHIPPED, own_anniversary

OUT = Path("docs/bao-cao-dot-1.png")
ACTIVITIES = [  # unit, kind, title, day, participants, anniversary
    ("so-tai-chinh", "seminar", "Tọa đàm kỷ niệm Ngày thành lập Đảng", date(2026, 2, 2), 60,
     "party_founding"),
    ("so-noi-vu", "culture_sports", "Giải bóng chuyền chào mừng ngày giải phóng tỉnh",
     date(2026, 3, 28), 120, own_anniversary().key),
    ("so-tai-chinh", "social_welfare", "Trao 20 suất quà cho hộ nghèo phường An Nhơn",
     date(2026, 4, 20), 35, None),
    ("so-noi-vu", "seminar", "Tọa đàm cải cách hành chính", date(2026, 5, 15), 48, None),
]  # fmt: skip


async def draft(folder: Path) -> Path:
    engine = create_engine(f"sqlite+aiosqlite:///{folder}/sample.db")
    await upgrade(engine)
    sessions = create_session_factory(engine)
    world = await seed_world(sessions, {Role.LEADER: ("telegram", "7001")})
    leader = world.org.people[Role.LEADER]
    async with sessions() as session, session.begin():
        session.add_all(
            ActivityReport(unit_id=world.units[unit], author_id=leader, kind=kind, title=title,
                           day=day, participants=people, anniversary_key=key)
            for unit, kind, title, day, people, key in ACTIVITIES
        )  # fmt: skip
    # The shipped configuration, as the bot runs: the province's own anniversary is named.
    core = Core(sessions=sessions, registry=build_registry(), catalogs=Catalogs(),
                clock=FixedClock(NOW), province=SHIPPED)  # fmt: skip
    base = {"channel": Channel.TELEGRAM, "chat_id": "7001", "user_id": "7001"}
    menu = (await core.handle(Incoming(key="1", text="/soanbaocao", command="soanbaocao",
                                       **base)))[0]  # fmt: skip
    token = next(c.token for c in menu.choices if c.label == "Báo cáo Đợt I năm 2026")
    reply = (await core.handle(Incoming(key="2", kind=EventKind.CHOICE, choice_token=token,
                                        **base)))[0]  # fmt: skip
    await engine.dispose()
    assert reply.file is not None, reply.text
    path = folder / reply.file.filename
    path.write_bytes(reply.file.content)
    return path


def main() -> None:
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        source = asyncio.run(draft(folder))
        subprocess.run(["soffice", f"-env:UserInstallation=file://{folder / 'profile'}",
                        "--headless", "--convert-to", "pdf", "--outdir", str(folder),
                        str(source)], check=True, capture_output=True)  # fmt: skip
        subprocess.run(["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", "-singlefile",
                        str(source.with_suffix(".pdf")), str(OUT.with_suffix(""))],
                       check=True)  # fmt: skip
    print(OUT)


if __name__ == "__main__":
    main()
