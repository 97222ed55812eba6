"""A cluster with known reports, pledges and registrations, for /tonghop and /xuatbaocao."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from domain.roles import Role
from storage.activity.models import ActivityReport
from storage.db.engine import SessionFactory
from storage.membership.models import Member, Unit
from storage.pledge.models import MemberSalary, Pledge, UnitCollection
from storage.registration.models import Registration
from tests.activity.activity_helpers import VN
from tests.membership.orgdata import Org, seed_org
from tests.support.shipped import own_anniversary

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=VN)  # Đợt II, 37 days before its end
YEAR = 2026
IN_PHASE = date(2026, 11, 20)
EARLIER = date(2026, 3, 31)  # this year, but Đợt I


@dataclass
class World:
    org: Org
    units: dict[str, int]  # code -> id, cluster A's three units and Sở Y tế


async def seed_world(sessions: SessionFactory, accounts: dict[Role, tuple[str, str]]) -> World:
    """Seed cluster A (Sở Tài chính 80, Sở Xây dựng 60, Sở Nội vụ 40) and its figures.

    Reports in Đợt II: Sở Tài chính only (a good example). Registrations: Sở Tài chính
    accepted, Sở Nội vụ returned, Sở Xây dựng a draft. Pledges: 500.000 confirmed, 300.000
    paid, 200.000 pledged, one cancelled; Sở Xây dựng collected 1.000.000 from 10 people.
    Cluster B (Sở Y tế) has a report, an example, a pledge and a registration that must not count.
    """
    org = await seed_org(sessions, accounts=accounts)
    units = dict(org.units)
    async with sessions() as session, session.begin():
        noi_vu = Unit(code="so-noi-vu", name="Sở Nội vụ", cluster_id=org.cluster_a, headcount=40)
        session.add(noi_vu)
        await session.flush()
        assert noi_vu.id is not None
        units["so-noi-vu"] = noi_vu.id
        people: dict[str, int] = {}
        unit_of: dict[str, int] = {}
        for key, name, unit in (("a", "Đỗ Thị An", "so-tai-chinh"),
                                ("b", "Bùi Văn Bình", "so-tai-chinh"),
                                ("c", "Hồ Thị Cúc", "so-xay-dung"),
                                ("x", "Mai Văn Xuân", "so-tai-chinh"),
                                ("y", "Lý Thị Yến", "so-y-te")):  # fmt: skip
            member = Member(full_name=name, role=Role.MEMBER.value, unit_id=units[unit])
            session.add(member)
            await session.flush()
            assert member.id is not None
            people[key], unit_of[key] = member.id, units[unit]
        example_at = datetime(2026, 11, 21, 3, 0, tzinfo=VN)
        session.add_all([
            ActivityReport(unit_id=units["so-tai-chinh"], author_id=people["a"],
                           kind="seminar", title="Tọa đàm chuyển đổi số", day=IN_PHASE,
                           participants=45, anniversary_key=None, example_at=example_at,
                           example_by=org.people.get(Role.LEADER)),
            ActivityReport(unit_id=units["so-xay-dung"], author_id=people["c"],
                           kind="other", title="=SUM(1;2) trồng cây", day=EARLIER,
                           participants=12, anniversary_key=own_anniversary().key),
            ActivityReport(unit_id=units["so-y-te"], author_id=people["y"], kind="other",
                           title="Ngoài cụm", day=IN_PHASE, participants=9,
                           example_at=example_at),
        ])  # fmt: skip
        for key, amount, status in (("a", 500_000, "confirmed"), ("b", 300_000, "paid"),
                                    ("c", 200_000, "pledged"), ("x", 100_000, "cancelled"),
                                    ("y", 700_000, "confirmed")):  # fmt: skip
            session.add(Pledge(campaign_year=YEAR, member_id=people[key], unit_id=unit_of[key],
                               amount=amount, status=status))  # fmt: skip
        # A remembered salary must never reach an export.
        session.add(MemberSalary(member_id=people["a"], monthly=13_579_000))
        session.add(UnitCollection(campaign_year=YEAR, unit_id=units["so-xay-dung"],
                                   amount=1_000_000, contributors=10,
                                   recorded_by=people["c"]))  # fmt: skip
        for unit, status, reason in (("so-tai-chinh", "accepted", ""),
                                     ("so-noi-vu", "returned", "Thiếu chỉ tiêu PCI"),
                                     ("so-xay-dung", "draft", ""),
                                     ("so-y-te", "submitted", "")):  # fmt: skip
            session.add(Registration(unit_id=units[unit], year=YEAR, status=status,
                                     targets=[{"text": "PCI tăng 2 bậc"}],
                                     titles=["excellent_collective"] if status == "accepted"
                                     else [], rewards=[], return_reason=reason))  # fmt: skip
    return World(org, units)
