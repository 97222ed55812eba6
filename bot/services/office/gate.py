"""Who may open the office console: sign-in links used once, sessions that end with the role."""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from domain.office.signin import SignIn
from domain.people import Person
from domain.refusals import OfficeRefusal, Refused
from domain.roles import LEADERSHIP, Role
from storage.audit import queries as audit
from storage.membership.people import get_person


def may_open(person: Person | None) -> bool:
    """Tell whether this person may use the console: the admin, or a cluster's leader."""
    if person is None or not person.is_member:
        return False
    return person.role is Role.ADMIN or (
        person.role in LEADERSHIP and person.led_cluster_id is not None
    )


def stamp(person: Person) -> str:
    """Return what a session remembers of the person's role: a change ends the session."""
    return f"{person.role.value}|{person.led_cluster_id or 0}|{int(person.active)}"


def require_admin(person: Person | None) -> Person:
    """Return the person if they are the admin; else refuse (a province-wide page)."""
    if person is None or not person.is_member or person.role is not Role.ADMIN:
        raise Refused(OfficeRefusal.NOT_ALLOWED)
    return person


class Gate:
    """Sign-ins and sessions, in one request's transaction."""

    def __init__(self, session: AsyncSession, now: datetime) -> None:
        self._session = session
        self._now = now

    async def _allowed(self, member_id: int) -> Person:
        person = await get_person(session=self._session, member_id=member_id)
        if person is None or not may_open(person):
            raise Refused(OfficeRefusal.NOT_ALLOWED)
        return person

    async def look(self, grant: SignIn) -> Person:
        """Return who the link signs in, without using it (the page that asks to confirm)."""
        if await audit.nonce_used(session=self._session, nonce=grant.nonce):
            raise Refused(OfficeRefusal.USED)
        return await self._allowed(grant.person_id)

    async def sign_in(self, grant: SignIn, *, address: str = "") -> Person:
        """Use the link (once) and return who it signs in; the sign-in is on the trail."""
        person = await self.look(grant)
        spent = await audit.spend_nonce(
            session=self._session, nonce=grant.nonce, member_id=person.member_id, at=self._now
        )
        if not spent:
            raise Refused(OfficeRefusal.USED)
        await audit.record(
            session=self._session, at=self._now, actor_id=person.member_id, kind=audit.SIGNIN,
            action=audit.SIGNED_IN, cluster_id=person.led_cluster_id, subject=person.full_name,
            new=person.role.value, reason=address,
        )  # fmt: skip
        return person

    async def visitor(self, member_id: int, remembered: str, started: datetime) -> Person:
        """Return the person a session (opened at `started`) belongs to; refused once their
        role changed, or once they signed out since."""
        person = await get_person(session=self._session, member_id=member_id)
        if person is None or not may_open(person) or stamp(person) != remembered:
            raise Refused(OfficeRefusal.ENDED)
        ended = await audit.signed_out_since(
            session=self._session, member_id=member_id, moment=started
        )
        if ended:
            raise Refused(OfficeRefusal.ENDED)
        return person

    async def sign_out(self, person: Person) -> None:
        """Put the sign-out on the trail."""
        await audit.record(
            session=self._session, at=self._now, actor_id=person.member_id, kind=audit.SIGNIN,
            action=audit.SIGNED_OUT, cluster_id=person.led_cluster_id, subject=person.full_name,
        )  # fmt: skip
