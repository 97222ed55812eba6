"""The plan of a turn of the year: who leads each cluster next, read before anything changes.

The plan is plain data, stored as JSON when the turn begins: a turn stopped half-way resumes
with the plan it began with, never a second rotation of the clusters it already did.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from domain.roles import LEADERSHIP, Role
from domain.year.config import Rotation, YearConfig
from domain.year.rotation import HeadNotFound, NoHead, choose
from storage.membership.org import ClusterInfo
from storage.scoring.table import find_table
from storage.year import leaders
from storage.year.leaders import PersonRow, UnitRow


@dataclass(frozen=True, slots=True)
class Seat:
    """A person whose role changes: to `role`, and back to `unit_role` when the term ends."""

    member_id: int
    name: str
    unit: str
    role: Role
    unit_role: Role


@dataclass(frozen=True, slots=True)
class ClusterPlan:
    cluster_id: int
    code: str
    name: str
    rotation: Rotation
    head: Seat
    deputies: tuple[Seat, ...]
    leaving: tuple[Seat, ...]  # this year's leaders not chosen again: back to their unit's role
    copy_table: bool  # the closed year's scoring table becomes the new year's draft
    accounts: int  # the accounts of the cluster's members told of the new year

    def as_json(self) -> dict[str, Any]:
        """Return the plan as JSON-ready data (the turn's stored plan)."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ClusterPlan:
        """Read back a stored plan."""

        def seat(raw: dict[str, Any]) -> Seat:
            return Seat(raw["member_id"], raw["name"], raw["unit"], Role(raw["role"]),
                        Role(raw["unit_role"]))  # fmt: skip

        return cls(
            data["cluster_id"], data["code"], data["name"], Rotation(data["rotation"]),
            seat(data["head"]), tuple(seat(s) for s in data["deputies"]),
            tuple(seat(s) for s in data["leaving"]), bool(data["copy_table"]),
            int(data["accounts"]),
        )  # fmt: skip

    @property
    def seats(self) -> tuple[Seat, ...]:
        """Return every person whose role changes, the new head first."""
        return (self.head, *self.deputies, *self.leaving)


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a cluster's next head cannot be found."""

    cluster: str
    reason: NoHead
    detail: str = ""


class TurnRefused(Exception):
    """The turn cannot run: the reasons, one per cluster; nothing was changed."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(f"{p.cluster}: {p.reason.value} {p.detail}" for p in problems))
        self.problems = problems


def unit_roles(previous: list[dict[str, Any]]) -> dict[int, Role]:
    """Return the unit role of everyone the previous turn seated (to go back to it now)."""
    found: dict[int, Role] = {}
    for cluster in previous:
        for seat in (cluster["head"], *cluster["deputies"]):
            found[int(seat["member_id"])] = Role(seat["unit_role"])
    return found


@dataclass(frozen=True, slots=True)
class Planner:
    """Reads what the plan of one cluster needs, inside one read-only transaction."""

    session: AsyncSession
    rules: YearConfig
    closed: int
    opened: int
    earlier: dict[int, Role]  # unit roles from the previous turn
    accounts: dict[int | None, int]

    def _unit_role(self, person: PersonRow) -> Role:
        if person.role not in LEADERSHIP:
            return person.role
        # Someone seated by the bot goes back to what they were; someone the organisation
        # file made a leader was a member of their unit.
        return self.earlier.get(person.member_id, Role.MEMBER)

    async def cluster(self, cluster: ClusterInfo, ranking: list[str] | None) -> ClusterPlan:
        """Return the cluster's plan; raise HeadNotFound when its next head cannot be found."""
        units = await leaders.units_in_order(session=self.session, cluster_id=cluster.id)
        current = await leaders.leadership(session=self.session, cluster_id=cluster.id)
        by_id = {u.id: u for u in units}
        head_now = next((p for p in current if p.role is Role.LEADER), None)
        current_head = (
            by_id[head_now.unit_id].code if head_now and head_now.unit_id in by_id else None
        )
        pick = choose(
            self.rules.rotation_of(cluster.code), units=[u.code for u in units],
            current_head=current_head, ranking=ranking,
            named=self.rules.named(cluster.code, self.opened),
            deputies=self.rules.deputies_of(cluster.code),
        )  # fmt: skip
        heads = await leaders.unit_heads(session=self.session, cluster_id=cluster.id)
        by_code = {u.code: u for u in units}

        def seat(code: str, role: Role) -> Seat:
            unit: UnitRow = by_code[code]
            person = heads.get(unit.id)
            if person is None:
                raise HeadNotFound(NoHead.NO_PERSON, unit.name)
            return Seat(person.member_id, person.name, unit.name, role, self._unit_role(person))

        head = seat(pick.head, Role.LEADER)
        deputies = tuple(seat(code, Role.DEPUTY) for code in pick.deputies)
        chosen = {s.member_id for s in (head, *deputies)}
        leaving = tuple(
            Seat(p.member_id, p.name, by_id[p.unit_id].name if p.unit_id in by_id else "",
                 self._unit_role(p), self._unit_role(p))
            for p in current
            if p.member_id not in chosen
        )  # fmt: skip
        old = await find_table(session=self.session, cluster_id=cluster.id, year=self.closed)
        new = await find_table(session=self.session, cluster_id=cluster.id, year=self.opened)
        return ClusterPlan(
            cluster.id, cluster.code, cluster.name, self.rules.rotation_of(cluster.code), head,
            deputies, leaving, old is not None and new is None, self.accounts.get(cluster.id, 0),
        )  # fmt: skip
