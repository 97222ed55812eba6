"""Pledges to the "Vì người nghèo" fund: make, edit, cancel, pay, confirm; each one recorded."""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.outbox.queue import NotifyService
from bot.services.pledge.campaign import CampaignFigures
from domain.config import ProvinceConfig
from domain.people import Person
from domain.pledge.rules import (
    PledgeInfo,
    PledgeStatus,
    check_amount,
    may_confirm,
    may_mark_paid,
    one_day,
)
from domain.refusals import PledgeRefusal, Refused
from domain.roles import LEADERSHIP, Role
from storage.pledge import queries as pledges

S = PledgeStatus
R = PledgeRefusal


class PledgeService(CampaignFigures):
    """A member's pledge through its states; the unit and cluster are checked at every step."""

    def __init__(
        self, session: AsyncSession, notify: NotifyService, now: datetime, province: ProvinceConfig
    ) -> None:
        super().__init__(session, notify, now, province)
        # Several steps of one update ask for the salary (the menu, the day's salary, the
        # reminder under the amount): read it once per update, forget it when it changes.
        self._salaries: dict[int, int | None] = {}

    async def mine(self, person: Person) -> PledgeInfo | None:
        """Return the person's pledge this year, unless cancelled."""
        # With the salary, which the same step asks for next (the menu, the day's minimum).
        found, self._salaries[person.member_id] = await pledges.pledge_and_salary(
            session=self._session, year=self.campaign().year, member_id=person.member_id
        )
        return found if found is not None and found.status is not S.CANCELLED else None

    async def get(self, pledge_id: int) -> PledgeInfo | None:
        """Return one pledge (callers check what the person may do with it)."""
        return await pledges.get_pledge(session=self._session, pledge_id=pledge_id)

    async def salary(self, person: Person) -> int | None:
        """Return the monthly salary the person asked the bot to remember."""
        if person.member_id not in self._salaries:
            self._salaries[person.member_id] = await pledges.get_salary(
                session=self._session, member_id=person.member_id
            )
        return self._salaries[person.member_id]

    def day_salary(self, monthly: int) -> int:
        """Return one day's salary for a monthly salary, by the campaign's working days."""
        return one_day(monthly, self.campaign().working_days)

    async def remember_salary(self, person: Person, monthly: int) -> None:
        """Keep the monthly salary (the person agreed)."""
        self._salaries.pop(person.member_id, None)
        await pledges.save_salary(
            session=self._session, member_id=person.member_id, monthly=monthly, now=self._now
        )

    async def forget_salary(self, person: Person) -> bool:
        """Delete the remembered salary; return whether there was one."""
        self._salaries.pop(person.member_id, None)
        return await pledges.forget_salary(session=self._session, member_id=person.member_id)

    async def pledge(self, person: Person, amount: int) -> int:
        """Save the person's pledge and return its id; a second one this year is refused with
        the first's amount."""
        if person.unit_id is None:
            raise Refused(R.NO_UNIT)
        check_amount(amount)
        self.check_open(person)
        year, session = self.campaign().year, self._session
        await self.check_year(year)
        new_id = await pledges.insert_pledge(
            session=session, year=year, member_id=person.member_id, unit_id=person.unit_id,
            amount=amount, now=self._now,
        )  # fmt: skip
        # (A new pledge's history starts with it; a revived one's gets its line here.)
        if new_id is None:  # a row exists: a double tap, or a pledge cancelled earlier
            found = await pledges.find_pledge(
                session=session, year=year, member_id=person.member_id
            )
            assert found is not None
            revived = await pledges.change_pledge(
                session=session, pledge_id=found.id, expected=[S.CANCELLED], now=self._now,
                amount=amount, status=S.PLEDGED.value, unit_id=person.unit_id, receipt_ref=None,
            )  # fmt: skip
            if not revived:
                raise Refused(R.EXISTS, amount=found.amount)
            new_id = found.id
            await self._event(person, new_id, "pledge", new_amount=amount, new_status=S.PLEDGED)
        return new_id

    async def edit(self, person: Person, pledge_id: int, amount: int) -> None:
        """Change the amount of the person's own pledge while it is only pledged."""
        pledge = await self.get(pledge_id)
        if pledge is None or pledge.member_id != person.member_id:
            raise Refused(R.NOT_ALLOWED)
        check_amount(amount)
        await self.check_year(pledge.year)
        if not self.is_open():
            raise Refused(R.CLOSED)
        if not await self._move(pledge_id, [S.PLEDGED], amount=amount):
            raise Refused(R.STALE)
        await self._event(person, pledge_id, "edit", old_amount=pledge.amount, new_amount=amount)

    async def cancel(self, person: Person, pledge_id: int) -> None:
        """Cancel the person's own pledge while it is only pledged."""
        pledge = await self.get(pledge_id)
        if pledge is None or pledge.member_id != person.member_id:
            raise Refused(R.NOT_ALLOWED)
        await self.check_year(pledge.year)
        if not await self._move(pledge_id, [S.PLEDGED], status=S.CANCELLED.value):
            raise Refused(R.STALE)
        await self._event(
            person, pledge_id, "cancel", old_status=S.PLEDGED, new_status=S.CANCELLED
        )

    async def mark_paid(self, person: Person, pledge_id: int, receipt: str | None) -> None:
        """Record that a pledge was paid, with the receipt photo's reference if any."""
        pledge = await self.get(pledge_id)
        if pledge is None or not may_mark_paid(person, pledge):
            raise Refused(R.NOT_ALLOWED)
        await self.check_year(pledge.year)
        if not await self._move(pledge_id, [S.PLEDGED], status=S.PAID.value, receipt_ref=receipt):
            raise Refused(R.STALE)
        await self._event(person, pledge_id, "paid", old_status=S.PLEDGED, new_status=S.PAID)
        reporters = await pledges.recipients(session=self._session, reporters_of=pledge.unit_id)
        await self._notify.send(
            key=f"pledge-paid:{pledge_id}",
            recipients=[r for r in reporters if r.member_id != person.member_id],
            compose=lambda t: t._(
                "{name} báo đã nộp {amount} ủng hộ Quỹ “Vì người nghèo”. Gõ /ungho để xác nhận."
            ).format(name=pledge.member_name, amount=t.vnd(pledge.amount)),
        )

    async def confirm(self, person: Person, pledge_id: int) -> bool:
        """Confirm a payment; a reporter may confirm an unpaid pledge handed to them directly.

        Return False when the pledge moved on meanwhile (confirmed by someone else, say): the
        reviewer's list just goes on, so that is not a refusal.
        """
        pledge = await self.get(pledge_id)
        if pledge is None or not may_confirm(person, pledge.unit_id, pledge.cluster_id):
            raise Refused(R.NOT_ALLOWED)
        await self.check_year(pledge.year)
        status = S.PAID
        if pledge.status is S.PLEDGED and may_mark_paid(person, pledge):
            status = S.PLEDGED  # the money reached the reporter: paid and confirmed at once
        if not await self._move(pledge_id, [status], status=S.CONFIRMED.value):
            return False
        if status is S.PLEDGED:
            await self._event(person, pledge_id, "paid", old_status=S.PLEDGED, new_status=S.PAID)
        await self._event(person, pledge_id, "confirm", old_status=S.PAID, new_status=S.CONFIRMED)
        if pledge.member_id != person.member_id:
            await self._notify.send(
                key=f"pledge-confirmed:{pledge_id}",
                recipients=await pledges.recipients(
                    session=self._session, member_id=pledge.member_id
                ),
                compose=lambda t: t._(
                    "Khoản ủng hộ {amount} của đồng chí đã được xác nhận. Xin cảm ơn tấm lòng của "
                    "đồng chí!"
                ).format(amount=t.vnd(pledge.amount)),
            )
        return True

    async def awaiting(self, person: Person, limit: int = 10) -> tuple[list[PledgeInfo], int]:
        """Return the pledges this person may confirm now, oldest first, and their count."""
        year, session = self.campaign().year, self._session
        if person.role is Role.REPORTER and person.unit_id is not None:
            return await pledges.awaiting(
                session=session, year=year, statuses=[S.PAID, S.PLEDGED],
                unit_id=person.unit_id, limit=limit,
            )  # fmt: skip
        if person.role in LEADERSHIP and person.led_cluster_id is not None:
            return await pledges.awaiting(
                session=session, year=year, statuses=[S.PAID],
                cluster_id=person.led_cluster_id, limit=limit,
            )  # fmt: skip
        if person.role is Role.ADMIN:
            return await pledges.awaiting(session=session, year=year, statuses=[S.PAID])
        return [], 0

    async def _move(self, pledge_id: int, expected: list[S], **values: object) -> bool:
        return await pledges.change_pledge(
            session=self._session, pledge_id=pledge_id, expected=expected, now=self._now, **values
        )

    async def _event(
        self,
        person: Person,
        pledge_id: int,
        action: str,
        *,
        old_amount: int | None = None,
        new_amount: int | None = None,
        old_status: S | None = None,
        new_status: S | None = None,
    ) -> None:
        await pledges.add_event(
            session=self._session, actor_id=person.member_id, action=action, now=self._now,
            pledge_id=pledge_id, old_amount=old_amount, new_amount=new_amount,
            old_status=old_status.value if old_status else None,
            new_status=new_status.value if new_status else None,
        )  # fmt: skip
