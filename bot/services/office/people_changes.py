"""Changes to a person from the console: another unit, another role, deactivated, away, erased.

The admin moves, changes roles, deactivates and erases (never their own record, nor another
admin's: the organisation file keeps those); a cluster's leaders, like the admin, mark its
people away and back through the chat's own service (`AbsenceService`). Every change is
checked here again, goes on the trail with who, what, when and why, and the person is told
through the outbox in their own language. A role changed (or a deactivation) ends the
person's console sessions: the session's stamp no longer matches (`gate.stamp`).
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import Translator
from bot.outbox.queue import Compose, NotifyService
from bot.services.membership.absence import AbsenceDraft, AbsenceService
from bot.services.office.gate import require_admin
from bot.services.office.people import DEACTIVATED, People, checked_reason
from domain.config import ProvinceConfig
from domain.membership.absence import Span
from domain.office.people import ASSIGNABLE, ERASED_NAME, confirmed, subject
from domain.people import Person
from domain.refusals import AbsenceRefusal, PeopleRefusal, Refused
from domain.roles import LEADERSHIP, Role, role_name
from storage.audit import queries as audit
from storage.membership import absences, org, people
from storage.membership.org import UnitInfo
from storage.people import erasure
from storage.people.erasure import Erased
from storage.people.search import PersonLine

MOVED, ROLE, AWAY, BACK, ERASED = (
    "person_moved", "person_role", "person_away", "person_back", "person_erased"
)  # fmt: skip


class PeopleChanges:
    """A person's changes from the console, in one request's transaction."""

    def __init__(
        self, session: AsyncSession, notify: NotifyService, now: datetime,
        province: ProvinceConfig, people: People,
    ) -> None:  # fmt: skip
        self._session = session
        self._notify = notify
        self._now = now
        self._people = people
        self._absence = AbsenceService(session, notify, now, province)

    async def _admins(self, person: Person | None, member_id: int) -> tuple[Person, PersonLine]:
        """Return the admin and the person they change: never themselves, nor an admin."""
        admin = require_admin(person)
        line = await self._people.target(admin, member_id)
        if line.member_id == admin.member_id:
            raise Refused(PeopleRefusal.OWN)
        if line.role == Role.ADMIN.value:
            raise Refused(PeopleRefusal.ADMIN)
        return admin, line

    async def _active(self, person: Person | None, member_id: int) -> tuple[Person, PersonLine]:
        admin, line = await self._admins(person, member_id)
        if not line.active:
            raise Refused(PeopleRefusal.INACTIVE)
        return admin, line

    async def _record(
        self, actor: Person, line: PersonLine, action: str, *, cluster_id: int | None = None,
        old: str = "", new: str = "", reason: str = "",
    ) -> None:  # fmt: skip
        await audit.record(
            session=self._session, at=self._now, actor_id=actor.member_id, kind=audit.CONSOLE,
            action=action, cluster_id=cluster_id if cluster_id is not None else line.cluster_id,
            subject=subject(line.member_id, line.full_name), old=old, new=new, reason=reason,
        )  # fmt: skip

    async def _tell(self, member_id: int, key: str, compose: Compose) -> None:
        recipients = await absences.recipients_of(session=self._session, member_id=member_id)
        await self._notify.send(
            key=f"{key}:{member_id}:{self._now.isoformat()}", recipients=recipients,
            compose=compose,
        )  # fmt: skip

    async def move(
        self, person: Person | None, member_id: int, unit_id: int, reason: str
    ) -> UnitInfo:
        """Move the person to another unit (a leader leads the new unit's cluster)."""
        admin, line = await self._active(person, member_id)
        why = checked_reason(reason)
        unit = await org.get_unit(session=self._session, unit_id=unit_id)
        current = await people.get_person(session=self._session, member_id=member_id)
        if unit is None or current is None:
            raise Refused(PeopleRefusal.NO_UNIT)
        if current.unit_id == unit.id:
            raise Refused(PeopleRefusal.SAME)
        await people.update_membership(
            session=self._session, member_id=member_id, full_name=current.full_name,
            role=current.role.value, unit_id=unit.id,
            led_cluster_id=unit.cluster_id if current.role in LEADERSHIP else None,
        )  # fmt: skip
        await self._record(admin, line, MOVED, cluster_id=unit.cluster_id, old=line.unit,
                           new=unit.name, reason=why)  # fmt: skip

        def words(t: Translator) -> str:
            return t._("Đồng chí đã được chuyển sang đơn vị {unit} ({cluster}).").format(
                unit=unit.name, cluster=unit.cluster_name
            )

        await self._tell(member_id, "moved", words)
        return unit

    async def set_role(
        self, person: Person | None, member_id: int, role: str, reason: str
    ) -> Role:
        """Give the person another role; their console sessions end with it."""
        admin, line = await self._active(person, member_id)
        why = checked_reason(reason)
        wanted = next((r for r in ASSIGNABLE if r.value == role), None)
        if wanted is None:
            raise Refused(PeopleRefusal.NO_ROLE)
        current = await people.get_person(session=self._session, member_id=member_id)
        assert current is not None  # (target() found them)
        if current.role is wanted:
            raise Refused(PeopleRefusal.SAME)
        led = None
        if wanted in LEADERSHIP:
            led = line.cluster_id
            if led is None:  # a leader leads their unit's cluster: no unit, no leadership
                raise Refused(PeopleRefusal.NO_UNIT)
        await people.update_membership(
            session=self._session, member_id=member_id, full_name=current.full_name,
            role=wanted.value, unit_id=current.unit_id, led_cluster_id=led,
        )  # fmt: skip
        await self._record(admin, line, ROLE, old=current.role.value, new=wanted.value,
                           reason=why)  # fmt: skip

        def words(t: Translator) -> str:
            return t._(
                "Vai trò của đồng chí trên trợ lý thi đua đã được đổi thành: {role}."
            ).format(role=role_name(t, wanted))

        await self._tell(member_id, "role", words)
        return wanted

    async def deactivate(self, person: Person | None, member_id: int, reason: str) -> None:
        """Deactivate the person with a reason; they are told, with the reason."""
        admin, line = await self._active(person, member_id)
        why = checked_reason(reason)
        await people.deactivate(session=self._session, member_id=member_id)
        await self._record(admin, line, DEACTIVATED, old="active", new="inactive", reason=why)

        def words(t: Translator) -> str:
            return t._(
                "Tài khoản của đồng chí trên trợ lý thi đua đã được Ban Thi đua - Khen thưởng "
                "ngừng hoạt động. Lý do: {reason}. Nếu có thắc mắc, đồng chí vui lòng liên hệ "
                "đầu mối thi đua của đơn vị."
            ).format(reason=why)

        await self._tell(member_id, "deactivated", words)

    async def set_away(
        self, person: Person | None, member_id: int, kind: str, span: Span
    ) -> AbsenceDraft:
        """Mark the person away for these days (the chat's rules and message); on the trail."""
        line = await self._people.target(person, member_id)
        draft = await self._absence.mark_away(person, member_id, kind, span)
        assert person is not None  # (target() refused anyone else)
        await self._record(person, line, AWAY, new=f"{kind} {span.start}..{span.end}")
        return draft

    async def end_away(self, person: Person | None, member_id: int, absence_id: int) -> None:
        """End one of the person's absences today (one not begun is removed); on the trail."""
        line = await self._people.target(person, member_id)
        found = await self._absence.absence(person, absence_id)
        if found.member_id != member_id:
            raise Refused(AbsenceRefusal.NOT_FOUND)
        await self._absence.end_early(person, absence_id)
        assert person is not None
        await self._record(person, line, BACK, old=f"{found.reason} {found.start}..{found.end}")

    async def erase(
        self, person: Person | None, member_id: int, typed: str, reason: str
    ) -> Erased:
        """Erase the person's personal data, for good, once the admin typed the confirmation
        and a reason (Decree 13/2023/NĐ-CP); the figures they counted in stay."""
        admin, line = await self._admins(person, member_id)
        if not line.active and line.full_name == ERASED_NAME:
            raise Refused(PeopleRefusal.ERASED)
        why = checked_reason(reason)
        if not confirmed(typed):
            raise Refused(PeopleRefusal.CONFIRM)
        erased = await erasure.erase(session=self._session, member_id=member_id,
                                     marker=ERASED_NAME)  # fmt: skip
        await audit.record(
            session=self._session, at=self._now, actor_id=admin.member_id, kind=audit.CONSOLE,
            action=ERASED, cluster_id=line.cluster_id, subject=subject(member_id),
            new=erased.summary(), reason=why,
        )  # fmt: skip
        return erased
