"""Membership: invites, joining a unit, linking channels and group chats, leaving."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.outbox.queue import NotifyService
from domain.messages import Incoming
from domain.people import Person
from domain.refusals import MembershipRefusal, Refused
from domain.roles import Role, role_name
from storage.membership import groups, invites, org, people
from storage.membership.invites import InviteInfo
from storage.membership.org import ClusterInfo, UnitInfo

INVITE_TTL = timedelta(days=14)
INVITE_USES = 50
LINK_TTL = timedelta(minutes=10)
LEADERSHIP = (Role.LEADER, Role.DEPUTY)


class CodeState(StrEnum):
    OK = "ok"
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED_UP = "used_up"


@dataclass(frozen=True, slots=True)
class CodeCheck:
    state: CodeState
    invite: InviteInfo | None = None
    unit: UnitInfo | None = None
    claimed_name: str = ""  # the name on the member row a claim code stands for


class MembershipService:
    """Every change of who belongs where, checked again on the server at each step."""

    def __init__(
        self, session: AsyncSession, incoming: Incoming, notify: NotifyService, now: datetime
    ) -> None:
        self._session = session
        self._incoming = incoming
        self._notify = notify
        self._now = now

    # --- invites -----------------------------------------------------------------------

    def invitable_roles(self, person: Person | None) -> list[Role]:
        """Return the roles this person may hand out in an invite."""
        if person is None or not person.is_member:
            return []
        if person.role is Role.ADMIN:
            return [Role.MEMBER, Role.REPORTER, Role.DEPUTY, Role.LEADER]
        if person.role in LEADERSHIP:
            return [Role.MEMBER, Role.REPORTER]
        return []

    async def invitable_units(self, person: Person | None) -> list[UnitInfo]:
        """Return the units this person may invite people into."""
        if person is None or not self.invitable_roles(person):
            return []
        if person.role is Role.ADMIN:
            return await org.list_units(session=self._session)
        if person.led_cluster_id is None:
            return []
        return await org.list_units(session=self._session, cluster_id=person.led_cluster_id)

    async def create_invite(self, person: Person | None, unit_id: int, role: str) -> InviteInfo:
        """Create an invite after checking the person may invite to that unit with that role."""
        units = {unit.id: unit for unit in await self.invitable_units(person)}
        allowed = {r.value for r in self.invitable_roles(person)}
        if person is None or unit_id not in units or role not in allowed:
            raise Refused(MembershipRefusal.NOT_ALLOWED)
        return await invites.create_invite(
            session=self._session,
            unit_id=unit_id,
            cluster_id=units[unit_id].cluster_id,
            role=role,
            created_by=person.member_id,
            expires_at=self._now + INVITE_TTL,
            max_uses=INVITE_USES,
        )

    async def check_invite(self, code: str) -> CodeCheck:
        """Say whether an invite code can be used now, and for which unit."""
        invite = await invites.find_invite(session=self._session, code=code)
        if invite is None:
            return CodeCheck(CodeState.UNKNOWN)
        unit = await org.get_unit(session=self._session, unit_id=invite.unit_id or 0)
        claimed = ""
        if invite.member_id is not None:
            target = await people.get_person(session=self._session, member_id=invite.member_id)
            claimed = target.full_name if target is not None else ""
        if invite.expires_at <= self._now:
            return CodeCheck(CodeState.EXPIRED, invite, unit, claimed)
        if invite.uses >= invite.max_uses:
            return CodeCheck(CodeState.USED_UP, invite, unit, claimed)
        return CodeCheck(CodeState.OK, invite, unit, claimed)

    @staticmethod
    def check_usable(check: CodeCheck, code: str) -> InviteInfo:
        """Return the invite a checked code stands for, or refuse the code typed."""
        if check.state is CodeState.EXPIRED and check.invite is not None:
            raise Refused(
                MembershipRefusal.EXPIRED, day=check.invite.expires_at.date(), detail=code
            )
        if check.state is CodeState.USED_UP:
            raise Refused(MembershipRefusal.USED_UP, detail=code)
        if check.state is not CodeState.OK or check.invite is None:
            raise Refused(MembershipRefusal.UNKNOWN_CODE, detail=code)
        return check.invite

    async def join(self, person: Person | None, code: str, full_name: str) -> CodeCheck:
        """Use the invite and make the writer a member; the leaders are told."""
        check = await self.check_invite(code)
        invite = self.check_usable(check, code)
        if not await invites.use_invite(session=self._session, invite_id=invite.id, now=self._now):
            raise Refused(MembershipRefusal.USED_UP, detail=code)  # the last use went first
        role = Role(invite.role)
        if invite.member_id is not None:  # a row made by the organisation import
            member_id = invite.member_id
            full_name = check.claimed_name or full_name
        else:
            member_id = person.member_id if person is not None else 0
        if not member_id:
            member_id = (await self._guest()).member_id
        await people.attach_identity(
            session=self._session,
            member_id=member_id,
            channel=self._incoming.channel.value,
            external_user_id=self._incoming.user_id,
            chat_id=self._incoming.chat_id,
            display_name=self._incoming.display_name,
        )
        unit = check.unit
        led = invite.cluster_id if role in LEADERSHIP else None
        await people.update_membership(
            session=self._session,
            member_id=member_id,
            full_name=full_name,
            role=role.value,
            unit_id=unit.id if unit is not None else None,
            led_cluster_id=led,
        )
        if unit is not None:
            await self._tell_leaders(member_id, full_name, unit, role)
        return check

    async def _guest(self) -> Person:
        return await people.create_guest(
            session=self._session,
            channel=self._incoming.channel.value,
            external_user_id=self._incoming.user_id,
            chat_id=self._incoming.chat_id,
            display_name=self._incoming.display_name,
        )

    async def _tell_leaders(self, member_id: int, name: str, unit: UnitInfo, role: Role) -> None:
        recipients = [
            r
            for r in await org.cluster_leader_recipients(
                session=self._session, cluster_id=unit.cluster_id
            )
            if r.member_id != member_id
        ]
        await self._notify.send(
            key=f"joined:{member_id}:{unit.id}:{role.value}",
            recipients=recipients,
            compose=lambda t: t._("{name} vừa tham gia {unit} với vai trò {role}.").format(
                name=name, unit=unit.name, role=role_name(t, role)
            ),
        )

    # --- one person, several channels --------------------------------------------------

    async def create_link_code(self, person: Person) -> tuple[str, datetime]:
        """Return a one-time code (and its expiry) to type on the other channel."""
        expires = self._now + LINK_TTL
        code = await invites.create_link_code(
            session=self._session, member_id=person.member_id, expires_at=expires
        )
        return code, expires

    async def is_link_code(self, code: str) -> bool:
        """Return whether the code was issued by /lienket (used or not)."""
        return await invites.link_code_exists(session=self._session, code=code)

    async def redeem_link(self, person: Person | None, code: str) -> Person | None:
        """Attach this channel account to the member who asked for the code."""
        if person is not None and person.is_member:
            return None  # never merge two members' records; the caller explains
        member_id = await invites.redeem_link_code(session=self._session, code=code, now=self._now)
        if member_id is None:
            return None
        await people.attach_identity(
            session=self._session,
            member_id=member_id,
            channel=self._incoming.channel.value,
            external_user_id=self._incoming.user_id,
            chat_id=self._incoming.chat_id,
            display_name=self._incoming.display_name,
        )
        return await people.get_person(session=self._session, member_id=member_id)

    # --- group chats and leaving -------------------------------------------------------

    async def link_group(self, person: Person | None, title: str) -> ClusterInfo | None:
        """Link the current group chat to the cluster this leader leads."""
        if person is None or person.role not in LEADERSHIP or person.led_cluster_id is None:
            return None
        await groups.link_group(
            session=self._session,
            channel=self._incoming.channel.value,
            chat_id=self._incoming.chat_id,
            title=title,
            cluster_id=person.led_cluster_id,
            linked_by=person.member_id,
        )
        return await org.get_cluster(session=self._session, cluster_id=person.led_cluster_id)

    async def unlink_group(self) -> bool:
        """Forget the link of the current group chat (the bot was removed from it)."""
        return await groups.unlink_group(
            session=self._session,
            channel=self._incoming.channel.value,
            chat_id=self._incoming.chat_id,
        )

    async def unit_of(self, person: Person) -> UnitInfo | None:
        """Return the person's unit with its cluster."""
        if person.unit_id is None:
            return None
        return await org.get_unit(session=self._session, unit_id=person.unit_id)

    async def channels_of(self, person: Person) -> list[str]:
        """Return the channels this person uses."""
        found = await people.identities_of(session=self._session, member_id=person.member_id)
        return sorted({channel for channel, _ in found})

    async def leave(self, person: Person) -> None:
        """Deactivate the person and forget their accounts; their records stay with the unit."""
        await people.leave(session=self._session, member_id=person.member_id)
