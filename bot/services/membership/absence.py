"""Absences: a unit's reporter or head marks a member away for a while, or back early.

The chat's /vangmat and the office console call these; every check is made here, again on each
step, because roles and units change between a menu and a tap.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.services.base import FeatureService
from domain.commands import UNIT_HEADS
from domain.membership.absence import AbsenceReason, Span, reason_name, span_problem
from domain.people import Person
from domain.refusals import AbsenceRefusal, Refused
from domain.roles import LEADERSHIP, Role
from domain.text import fold
from storage.membership import absences, org
from storage.membership.absences import AbsenceLine, Colleague


@dataclass(frozen=True, slots=True)
class AbsenceDraft:
    """An absence checked and ready to record: who, why and when."""

    member: Colleague
    reason: AbsenceReason
    span: Span


class AbsenceService(FeatureService):
    """Record and end absences of the members a person may mark away."""

    @staticmethod
    def home_unit(person: Person | None) -> int | None:
        """Return the unit whose people this person marks away in the chat, or None."""
        if person is None or not person.is_member or person.role not in UNIT_HEADS:
            return None
        return person.unit_id

    @staticmethod
    def may_mark(person: Person | None, member: Colleague) -> bool:
        """Tell whether this person may mark `member` away (or back)."""
        if person is None or not person.is_member:
            return False
        if person.role is Role.ADMIN:
            return True
        # A unit's head marks the people of their own unit; the admin anyone (the console),
        # a cluster's leaders its people (the console: `leads`).
        return person.role in UNIT_HEADS and person.unit_id == member.unit_id

    async def leads(self, person: Person | None, member: Colleague) -> bool:
        """Tell whether this person leads the cluster of `member`'s unit (the console)."""
        if person is None or not person.is_member or person.role not in LEADERSHIP:
            return False
        unit = await org.get_unit(session=self._session, unit_id=member.unit_id)
        return unit is not None and unit.cluster_id == person.led_cluster_id

    async def colleagues(self, person: Person | None, words: str = "") -> list[Colleague]:
        """Return the members of the person's unit (whose name holds `words`), by name."""
        unit = self.home_unit(person)
        if unit is None:
            raise Refused(AbsenceRefusal.NOT_ALLOWED)
        if not words.strip():
            return await absences.colleagues(session=self._session, unit_id=unit)
        # Names are matched without diacritics ("hoa" finds «Hòa»), as phones often type them:
        # over one unit's people (a few hundred at most), on a name typed, not a count.
        wanted = fold(words)
        everyone = await absences.colleagues(session=self._session, unit_id=unit, limit=None)
        return [person for person in everyone if wanted in fold(person.full_name)]

    async def unit_absences(
        self, person: Person | None, unit_id: int | None = None
    ) -> list[AbsenceLine]:
        """Return the absences not yet over of the person's unit (the admin: of `unit_id`, any
        unit), the soonest first; refused for another unit."""
        unit = self.home_unit(person)
        admin = person is not None and person.is_member and person.role is Role.ADMIN
        if unit_id is not None and (admin or unit_id == unit):
            unit = unit_id
        elif unit is None or unit_id is not None:
            raise Refused(AbsenceRefusal.NOT_ALLOWED)
        return await absences.unit_absences(session=self._session, unit_id=unit, today=self.today)

    async def member(self, person: Person | None, member_id: int) -> Colleague:
        """Return the member if this person may mark them away; else refuse."""
        found = await absences.colleague(session=self._session, member_id=member_id)
        if found is None:
            raise Refused(AbsenceRefusal.NOT_FOUND)
        if not self.may_mark(person, found) and not await self.leads(person, found):
            raise Refused(AbsenceRefusal.NOT_ALLOWED)
        return found

    def check_span(self, span: Span) -> Span:
        """Return the dates if they make an absence today; else refuse, saying why."""
        problem = span_problem(span, self.today)
        if problem is not None:
            raise Refused(AbsenceRefusal.BAD_DATES, detail=problem.value)
        return span

    async def check(
        self, person: Person | None, member_id: int, reason: str, span: Span
    ) -> AbsenceDraft:
        """Check everything an absence needs before it is shown for confirmation."""
        member = await self.member(person, member_id)
        try:
            why = AbsenceReason(reason)
        except ValueError:
            raise Refused(AbsenceRefusal.NOT_FOUND) from None
        self.check_span(span)
        clash = await absences.overlapping(
            session=self._session, member_id=member.member_id, start=span.start, end=span.end
        )
        if clash is not None:
            raise Refused(AbsenceRefusal.OVERLAP, day=clash.start, detail=clash.full_name)
        return AbsenceDraft(member, why, span)

    async def mark_away(
        self, person: Person | None, member_id: int, reason: str, span: Span
    ) -> AbsenceDraft:
        """Record the absence after checking it again; the member is told."""
        draft = await self.check(person, member_id, reason, span)
        assert person is not None  # check() refused anyone else
        absence_id = await absences.add_absence(
            session=self._session, member_id=draft.member.member_id, reason=draft.reason.value,
            start=span.start, end=span.end, set_by=person.member_id, now=self._now,
        )  # fmt: skip
        recipients = await absences.recipients_of(session=self._session, member_id=member_id)
        await self._notify.send(
            key=f"away:{absence_id}",
            recipients=recipients,
            compose=lambda t: t._(
                "Đồng chí được ghi nhận vắng ({reason}) từ ngày {start} đến ngày {end}. Trong "
                "thời gian này, trợ lý không gửi nhắc việc cho đồng chí và đồng chí được tính "
                "riêng là “vắng” trong các bảng tổng hợp."
            ).format(
                reason=reason_name(t, draft.reason), start=t.date(span.start), end=t.date(span.end)
            ),
        )
        return draft

    async def absence(self, person: Person | None, absence_id: int) -> AbsenceLine:
        """Return an absence not yet over that this person may end; else refuse."""
        found = await absences.get_absence(session=self._session, absence_id=absence_id)
        if found is None or found.end < self.today or found.unit_id is None:
            raise Refused(AbsenceRefusal.NOT_FOUND)
        await self.member(person, found.member_id)
        return found

    async def end_early(self, person: Person | None, absence_id: int) -> AbsenceLine:
        """End the absence: the member is back today (one not begun is removed); they are told."""
        found = await self.absence(person, absence_id)
        last_day = self.today - timedelta(days=1)
        await absences.end_absence(session=self._session, absence_id=absence_id, last_day=last_day)
        recipients = await absences.recipients_of(session=self._session, member_id=found.member_id)
        reason = AbsenceReason(found.reason)
        await self._notify.send(
            key=f"back:{absence_id}:{self.today.isoformat()}",
            recipients=recipients,
            compose=lambda t: t._(
                "Lịch vắng ({reason}) từ ngày {start} đến ngày {end} của đồng chí đã kết thúc "
                "từ ngày {today}. Trợ lý gửi nhắc việc cho đồng chí như bình thường."
            ).format(
                reason=reason_name(t, reason), start=t.date(found.start), end=t.date(found.end),
                today=t.date(self.today),
            ),
        )  # fmt: skip
        return found
