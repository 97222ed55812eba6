"""The organisation from the console: a file's preview, then applying it, on the trail.

The preview compares the file with the organisation on record (`domain.office.orgdiff`) and
writes nothing. Applying checks again, against the same organisation (its fingerprint): the
CLI's import (added, changed, moved), then what the file no longer lists is taken away —
a leader's role ends, an empty unit or cluster goes — and a unit or cluster that holds data
refuses the whole file, with the reason.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.services.office.gate import require_admin
from domain.membership.organisation import OrgFile
from domain.office.orgdiff import CLUSTER, UNIT, OrgDiff, compare
from domain.people import Person
from domain.refusals import OfficeRefusal, Refused
from domain.roles import Role
from storage.audit import queries as audit
from storage.cluster import removal as org_removal
from storage.membership import claims, org
from storage.membership.claims import Unclaimed
from storage.membership.invites import create_invite
from storage.membership.org_import import apply_org, read_org

CLAIM_DAYS = 14  # as `python -m bot org claims`
_CLAIMING = [Role.LEADER.value, Role.DEPUTY.value, Role.ADMIN.value]


@dataclass(frozen=True, slots=True)
class Blocked:
    """A unit or cluster the file leaves out although it holds data: the file is refused."""

    kind: str  # UNIT or CLUSTER
    code: str
    name: str
    holds: dict[str, int]  # kind of data (org_removal's names) -> rows


@dataclass(frozen=True, slots=True)
class Preview:
    """What applying the file would do, and whether it may."""

    diff: OrgDiff
    blocked: list[Blocked]
    moving: dict[str, int]  # a moving unit's code -> the members who move with it
    fingerprint: str  # of the organisation it was compared with

    @property
    def applicable(self) -> bool:
        """Tell whether the file may be applied: it changes something, removes no data."""
        return not self.blocked and not self.diff.empty


def fingerprint(current: OrgFile) -> str:
    """Return a short digest of the organisation on record: a change makes another."""
    return hashlib.sha256(repr(current).encode()).hexdigest()[:32]


class Organisation:
    """The admin's organisation pages, in one request's transaction."""

    def __init__(self, session: AsyncSession, now: datetime) -> None:
        self._session = session
        self._now = now

    async def current(self, person: Person | None) -> OrgFile:
        """Return the organisation on record (its download); refused unless the admin."""
        require_admin(person)
        return await read_org(session=self._session)

    async def preview(self, person: Person | None, wanted: OrgFile) -> Preview:
        """Return what `wanted` would change; nothing is written. Refused unless the admin."""
        require_admin(person)
        current = await read_org(session=self._session)
        return await self._preview(current, self._completed(current, wanted))

    @staticmethod
    def _completed(current: OrgFile, wanted: OrgFile) -> OrgFile:
        # A workbook without the province's sheet keeps the name on record.
        return (
            wanted if wanted.province else dataclasses.replace(wanted, province=current.province)
        )

    async def _preview(self, current: OrgFile, wanted: OrgFile) -> Preview:
        diff = compare(current, wanted)
        session = self._session
        units = diff.removed_units()
        moved = [m.code for m in diff.moved]
        held = await org_removal.unit_holdings(session=session, codes=units + moved)
        clusters = await org_removal.cluster_holdings(
            session=session, codes=diff.removed_clusters(), leaving_units=units + moved
        )
        names = {i.code: i.name for i in diff.removed}
        blocked = [
            Blocked(UNIT, code, names[code], held[code]) for code in units if held.get(code)
        ]
        blocked += [
            Blocked(CLUSTER, code, names[code], holds) for code, holds in clusters.items() if holds
        ]
        moving = {code: held.get(code, {}).get("members", 0) for code in moved}
        return Preview(diff, blocked, moving, fingerprint(current))

    async def apply(
        self, person: Person | None, wanted: OrgFile, seen: str, reason: str = ""
    ) -> Preview:
        """Apply `wanted` as previewed against the organisation `seen` (its fingerprint);
        refused when the organisation changed since, when the file removes data, or when it
        changes nothing. Every change goes on the trail."""
        admin = require_admin(person)
        session = self._session
        current = await read_org(session=session)
        wanted = self._completed(current, wanted)
        found = await self._preview(current, wanted)
        if found.fingerprint != seen:
            raise Refused(OfficeRefusal.STALE)
        if found.blocked:
            raise Refused(OfficeRefusal.HAS_DATA, detail=found.blocked[0].code)
        if found.diff.empty:
            raise Refused(OfficeRefusal.NOTHING)
        before = {c.code: c.id for c in await org.list_clusters(session=session)}
        await apply_org(session=session, org=wanted)
        diff = found.diff
        await org_removal.end_leadership(session=session, people=diff.leaders_out())
        await org_removal.remove(
            session=session, units=diff.removed_units(), clusters=diff.removed_clusters()
        )
        after = {c.code: c.id for c in await org.list_clusters(session=session)}
        await self._record(admin, diff, before | after, reason)
        return found

    async def _record(
        self, admin: Person, diff: OrgDiff, clusters: dict[str, int], reason: str
    ) -> None:
        """Put each change on the trail, under the cluster it concerns."""
        lines: list[tuple[str, str, str, str, str]] = []  # action, cluster code, subject …
        for item in diff.added:
            where = item.place or item.code
            lines.append(("added", where, f"{item.kind} {item.code} {item.name}".strip(), "", ""))
        for change in diff.changed:
            subject = f"{change.kind} {change.code} {change.name} · {change.field}".strip()
            where = change.code if change.kind != UNIT else ""
            lines.append(("changed", where, subject, change.old, change.new))
        for move in diff.moved:
            lines.append(("moved", move.new, f"unit {move.code} {move.name}", move.old, move.new))
        for swap in diff.replaced:
            lines.append(("replaced", swap.cluster, f"{swap.role} {swap.cluster}",
                          ", ".join(swap.old), ", ".join(swap.new)))  # fmt: skip
        for item in diff.removed:
            where = item.place or item.code
            lines.append(
                ("removed", where, f"{item.kind} {item.code} {item.name}".strip(), "", "")
            )
        for action, where, subject, old, new in lines:
            await audit.record(
                session=self._session, at=self._now, actor_id=admin.member_id,
                kind=audit.ORGANISATION, action=action,
                cluster_id=clusters.get(where) if where else None, subject=subject, old=old,
                new=new, reason=reason,
            )  # fmt: skip

    async def claims(self, person: Person | None) -> list[Unclaimed]:
        """Return the leaders, deputies and admins who have not joined, with their live
        claim codes (the printable page); refused unless the admin."""
        require_admin(person)
        return await claims.unclaimed_with_codes(
            session=self._session, roles=_CLAIMING, now=self._now
        )

    async def make_claims(self, person: Person | None) -> int:
        """Make a claim code (once, 14 days) for each of them who has no live one; return
        how many were made. The act is on the trail (the codes are not)."""
        admin = require_admin(person)
        waiting = [p.member_id for p in await self.claims(person) if p.code is None]
        rows = await claims.member_rows(session=self._session, ids=waiting)
        for member in rows:
            await create_invite(
                session=self._session, unit_id=member.unit_id, cluster_id=member.cluster_id,
                role=member.role, created_by=admin.member_id, member_id=member.id,
                expires_at=self._now + timedelta(days=CLAIM_DAYS), max_uses=1,
            )  # fmt: skip
        if rows:
            await audit.record(
                session=self._session, at=self._now, actor_id=admin.member_id,
                kind=audit.CONSOLE, action="claim_codes",
                subject=", ".join(m.full_name for m in rows), new=str(len(rows)),
            )  # fmt: skip
        return len(rows)
