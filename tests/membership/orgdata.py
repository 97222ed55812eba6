"""A small organisation for tests: two clusters, three units, people of every role."""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.roles import Role
from storage.db.engine import SessionFactory
from storage.membership.models import Cluster, Identity, Member, Province, Unit


@dataclass
class Org:
    cluster_a: int = 0
    cluster_b: int = 0
    units: dict[str, int] = field(default_factory=dict)  # code -> id
    people: dict[Role, int] = field(default_factory=dict)  # role -> member id


async def seed_org(sessions: SessionFactory, *, accounts: dict[Role, tuple[str, str]]) -> Org:
    """Create the organisation and one person per role with the given (channel, user id)."""
    org = Org()
    async with sessions() as session, session.begin():
        session.add(Province(name="Tỉnh Thử Nghiệm"))
        a = Cluster(code="cum-1", kind="cum", name="Cụm thi đua số 1")
        b = Cluster(code="khoi-2", kind="khoi", name="Khối thi đua số 2")
        session.add_all([a, b])
        await session.flush()
        assert a.id is not None and b.id is not None
        org.cluster_a, org.cluster_b = a.id, b.id
        for code, name, cluster, headcount in (
            ("so-tai-chinh", "Sở Tài chính", a.id, 80),
            ("so-xay-dung", "Sở Xây dựng", a.id, 60),
            ("so-y-te", "Sở Y tế", b.id, 120),
        ):
            unit = Unit(code=code, name=name, cluster_id=cluster, headcount=headcount)
            session.add(unit)
            await session.flush()
            assert unit.id is not None
            org.units[code] = unit.id
        names = {
            Role.MEMBER: "Nguyễn Văn Minh",
            Role.REPORTER: "Trần Thị Hoa",
            Role.DEPUTY: "Lê Văn Phó",
            Role.LEADER: "Phạm Văn Trưởng",
            Role.ADMIN: "Võ Thị Quản",
        }
        for role, (channel, user_id) in accounts.items():
            leads = role in (Role.LEADER, Role.DEPUTY)
            member = Member(
                full_name=names[role],
                role=role.value,
                unit_id=None if role is Role.ADMIN else org.units["so-tai-chinh"],
                cluster_id=a.id if leads else None,
            )
            session.add(member)
            await session.flush()
            assert member.id is not None
            org.people[role] = member.id
            session.add(
                Identity(
                    member_id=member.id, channel=channel, external_user_id=user_id,
                    chat_id=user_id, display_name=names[role],
                )
            )  # fmt: skip
    return org


async def seed_many(
    sessions: SessionFactory, *, count: int, channel: str, first_chat: int = 900000
) -> list[str]:
    """Create one cluster and unit with `count` members on `channel`; return their chat ids."""
    chats = [str(first_chat + i) if channel == "telegram" else f"z{first_chat + i}"
             for i in range(count)]  # fmt: skip
    async with sessions() as session, session.begin():
        cluster = Cluster(code=f"cum-{channel}", kind="cum", name=f"Cụm {channel}")
        session.add(cluster)
        await session.flush()
        assert cluster.id is not None
        unit = Unit(code=f"dv-{channel}", name="Đơn vị", cluster_id=cluster.id, headcount=count)
        session.add(unit)
        await session.flush()
        members = [
            Member(full_name=f"Người {i}", role="member", unit_id=unit.id) for i in range(count)
        ]
        session.add_all(members)
        await session.flush()
        session.add_all(
            Identity(member_id=m.id or 0, channel=channel, external_user_id=c, chat_id=c)
            for m, c in zip(members, chats, strict=True)
        )
    return chats
