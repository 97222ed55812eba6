"""A province of two clusters at the end of 2026, for the turn-of-the-year tests.

cum-1 has units a, b, c in that order: its leader is from a, its deputy from b, c has a
reporter. khoi-2 has units d, e: its leader is from e, d has a reporter. By rotation order,
2027's heads are b (the deputy moves up) and d (its reporter), the deputies c and e.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import func, select

from domain.roles import Role
from domain.scoring.table import Criterion, Group, Kind, Table
from storage.db.engine import SessionFactory
from storage.membership.models import Cluster, Identity, Member, Province, Unit
from storage.outbox.models import Outbox
from storage.scoring.table import apply_table

VN = ZoneInfo("Asia/Ho_Chi_Minh")
TABLE = Table(
    "Bảng điểm thi đua năm 2026",
    (
        Group(
            "I", "Thực hiện nhiệm vụ chính trị", (Criterion("1", "Hoàn thành", Kind.GRADED, 20),)
        ),
    ),
)
# name -> (unit, role, led cluster, chat on Zalo, locale)
PEOPLE = {
    "Lê Văn An": ("a", Role.LEADER, "cum-1", "z-an", None),
    "Trần Thị Bình": ("b", Role.DEPUTY, "cum-1", "z-binh", None),
    "Phạm Văn Cường": ("c", Role.REPORTER, None, "z-cuong", "en"),
    "Ngô Thị Dung": ("a", Role.MEMBER, None, "z-dung", "en"),
    "Võ Văn Em": ("c", Role.MEMBER, None, "z-em", None),
    "Đỗ Văn Giang": ("e", Role.LEADER, "khoi-2", "z-giang", None),
    "Huỳnh Thị Hà": ("d", Role.REPORTER, None, "z-ha", None),
    "Lý Văn Khánh": ("d", Role.MEMBER, None, "z-khanh", None),
    "Mai Thị Lan": (None, Role.ADMIN, None, "z-lan", None),
}


@dataclass
class World:
    clusters: dict[str, int] = field(default_factory=dict)
    units: dict[str, int] = field(default_factory=dict)
    people: dict[str, int] = field(default_factory=dict)  # name -> member id


async def seed(sessions: SessionFactory, *, table: bool = True) -> World:
    """Store the province, with cum-1's 2026 scoring table unless `table` is False."""
    world = World()
    async with sessions() as session, session.begin():
        session.add(Province(name="Tỉnh Thử Nghiệm"))
        for code, name, units in (
            ("cum-1", "Cụm thi đua số 1", ("a", "b", "c")),
            ("khoi-2", "Khối thi đua số 2", ("d", "e")),
        ):
            cluster = Cluster(code=code, kind=code.split("-")[0], name=name)
            session.add(cluster)
            await session.flush()
            world.clusters[code] = cluster.id or 0
            for unit_code in units:
                row = Unit(code=f"dv-{unit_code}", name=f"Đơn vị {unit_code.upper()}",
                           cluster_id=cluster.id or 0, headcount=10)  # fmt: skip
                session.add(row)
                await session.flush()
                world.units[unit_code] = row.id or 0
        for name, (unit, role, led, chat, locale) in PEOPLE.items():
            member = Member(
                full_name=name, role=role.value, locale=locale,
                unit_id=world.units[unit] if unit else None,
                cluster_id=world.clusters[led] if led else None,
            )  # fmt: skip
            session.add(member)
            await session.flush()
            world.people[name] = member.id or 0
            session.add(Identity(member_id=member.id or 0, channel="zalo", external_user_id=chat,
                                 chat_id=chat, display_name=name))  # fmt: skip
        if table:
            await apply_table(session=session, cluster_id=world.clusters["cum-1"], year=2026,
                              table=TABLE, admin=True)  # fmt: skip
    return world


async def roles(sessions: SessionFactory) -> dict[str, tuple[str, int | None]]:
    """Return each person's role and led cluster."""
    async with sessions() as session:
        rows = (await session.exec(select(Member))).all()
        return {m.full_name: (m.role, m.cluster_id) for m in rows}


async def outbox(sessions: SessionFactory) -> dict[str, str]:
    """Return every queued message's text by its key."""
    async with sessions() as session:
        return {o.key: o.text for o in (await session.exec(select(Outbox))).all()}


async def count(sessions: SessionFactory, table: type) -> int:
    """Return the rows of a table."""
    async with sessions() as session:
        return int((await session.exec(select(func.count()).select_from(table))).one())


def moment(year: int, month: int, day: int, hour: int = 0) -> datetime:
    """Return a moment in the province's zone."""
    return datetime(year, month, day, hour, tzinfo=VN)
