"""People from the console: find a person, read their page, export what is stored about them.

The admin reaches everyone in the province, a cluster's leader or deputy the people of their
cluster (`ClusterAccess`): another cluster's person is refused, as any other page. The export
(Decree 13/2023/NĐ-CP, on the person's request) is the admin's, and on the trail.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.services.access import ClusterAccess
from bot.services.office.gate import require_admin
from domain.office.people import ERASED_NAME, reason_problem, subject
from domain.people import Person
from domain.refusals import OfficeRefusal, PeopleRefusal, Refused
from domain.roles import Role
from storage.audit import queries as audit
from storage.membership import org
from storage.membership.org import UnitInfo
from storage.people.record import PersonFile, person_file
from storage.people.search import NO_CHANNEL, PersonLine, person_line, search

SHOWN = 50  # people listed at once; more: the search is narrowed
PAGE_LINES = 10  # reports and trail lines on a person's page; the export has them all
CHANNELS = ("telegram", "zalo")
FILTERS = (*CHANNELS, NO_CHANNEL)
EXPORTED, DEACTIVATED = "person_exported", "person_deactivated"  # the trail's actions


@dataclass(frozen=True, slots=True)
class Found:
    """A search's people, and whether there were more than shown."""

    lines: list[PersonLine]
    more: bool


@dataclass(frozen=True, slots=True)
class PersonCard:
    """A person's page: who they are, what is stored about them, why they were deactivated."""

    line: PersonLine
    file: PersonFile
    deactivation: str  # the reason given when they were deactivated ("" when active)

    @property
    def erased(self) -> bool:
        """Tell whether their personal data was erased."""
        return not self.line.active and self.line.full_name == ERASED_NAME

    def away_now(self, today: date) -> bool:
        """Tell whether one of their absences covers `today`."""
        return any(a.start <= today <= a.end for a in self.file.absences)


def checked_reason(text: str) -> str:
    """Return the reason typed, its spaces collapsed; refuse one too short or too long."""
    problem = reason_problem(text)
    if problem is not None:
        raise Refused(problem)
    return " ".join(text.split())


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


class People:
    """The console's People, in one request's transaction."""

    def __init__(self, session: AsyncSession, access: ClusterAccess, now: datetime) -> None:
        self._session = session
        self._access = access
        self._now = now

    async def search(self, person: Person | None, words: str, channel: str = "") -> Found:
        """Return the people whose name or unit holds `words` (any case, any diacritics) or
        whose channel account it is, in the person's cluster (the admin: the province)."""
        if person is None or not person.is_member:
            raise Refused(OfficeRefusal.NOT_ALLOWED)
        scope = None
        if person.role is not Role.ADMIN:
            scope = ClusterAccess.led(person, refusal=OfficeRefusal.NOT_ALLOWED)
        lines = await search(
            session=self._session, words=words, channel=channel if channel in FILTERS else "",
            cluster_id=scope, limit=SHOWN + 1,
        )  # fmt: skip
        return Found(lines[:SHOWN], len(lines) > SHOWN)

    async def target(self, person: Person | None, member_id: int) -> PersonLine:
        """Return the person with this id if `person` may see them; else refuse."""
        if person is None or not person.is_member:
            raise Refused(OfficeRefusal.NOT_ALLOWED)
        found = await person_line(session=self._session, member_id=member_id)
        if found is None:
            raise Refused(PeopleRefusal.NOT_FOUND)
        if person.role is Role.ADMIN:
            return found
        if found.cluster_id is None or not ClusterAccess.may_act_on(person, found.cluster_id):
            raise Refused(OfficeRefusal.NOT_ALLOWED)
        return found

    async def card(self, person: Person | None, member_id: int) -> PersonCard:
        """Return the person's page: their line, their file (the latest lines), and why they
        were deactivated."""
        line = await self.target(person, member_id)
        found = await person_file(session=self._session, member_id=member_id, limit=PAGE_LINES)
        assert found is not None  # (target() found them)
        why = next((e.reason for e in found.about if e.action == DEACTIVATED), "")
        return PersonCard(line, found, "" if line.active else why)

    async def units(self, person: Person | None) -> list[UnitInfo]:
        """Return the units a person may be moved to: the admin's choice, every unit."""
        if person is None or person.role is not Role.ADMIN or not person.is_member:
            return []
        return await org.list_units(session=self._session)

    async def export(self, person: Person | None, member_id: int, reason: str) -> dict[str, Any]:
        """Return everything stored about the person as plain data (JSON); the admin's, with
        a reason (the person's request), and on the trail."""
        admin = require_admin(person)
        line = await self.target(admin, member_id)
        why = checked_reason(reason)
        found = await person_file(session=self._session, member_id=member_id)
        assert found is not None
        await audit.record(
            session=self._session, at=self._now, actor_id=admin.member_id, kind=audit.CONSOLE,
            action=EXPORTED, cluster_id=line.cluster_id,
            subject=subject(member_id, line.full_name), reason=why,
        )  # fmt: skip
        data = dataclasses.asdict(found)
        exported: dict[str, Any] = _plain({
            "legal_basis": "Nghị định 13/2023/NĐ-CP",
            "exported_at": self._now, "exported_by": admin.full_name, "reason": why,
            "person": {**{k: data.pop(k) for k in (
                "member_id", "full_name", "role", "locale", "active", "unit_id",
                "led_cluster_id", "created_at")}, "unit": line.unit, "cluster": line.cluster},
            **data,
        })  # fmt: skip
        return exported
