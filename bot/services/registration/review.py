"""The cluster leaders' review of registrations, and what both sides share."""

from __future__ import annotations

from datetime import date

from bot.services.base import FeatureService
from domain.activity.config import ActivitiesConfig
from domain.activity.input import MAX_REASON
from domain.people import Person
from domain.refusals import Refused
from domain.refusals import RegistrationRefusal as RegRefusal
from domain.registration.states import RegistrationStatus as Status
from domain.roles import Role
from domain.text import N_
from storage.activity import queries as activities
from storage.registration import queries as registrations
from storage.registration.queries import EventRow, RegistrationRow

ACCEPTED_TEXT = N_("Đăng ký thi đua năm {year} của {unit} đã được chấp nhận.")
RETURNED_TEXT = N_(
    "Đăng ký thi đua năm {year} của {unit} được trả lại để sửa. Lý do: {reason}\n"
    "Gõ /dangky để sửa và gửi lại."
)


class RegistrationReview(FeatureService):
    """The leaders' side: every step re-checks the cluster against the person."""

    @property
    def config(self) -> ActivitiesConfig:
        """Return the province's catalogues and the registration deadline."""
        return self._province.activities

    @property
    def year(self) -> int:
        """Return the year being registered: the current one."""
        return self.today.year

    def deadline(self) -> date:
        """Return the last day of first submissions this year."""
        return self.config.deadline(self.year)

    async def for_unit(self, unit_id: int) -> list[RegistrationRow]:
        """Return every year's registration of a unit, the latest changed first."""
        return await registrations.list_registrations(session=self._session, unit_id=unit_id)

    async def history(self, registration_id: int, limit: int = 5) -> list[EventRow]:
        """Return the newest changes of a registration."""
        return await registrations.list_events(
            session=self._session, registration_id=registration_id, limit=limit
        )

    # --- the leaders' review -------------------------------------------------------------

    @staticmethod
    def _cluster(person: Person | None) -> int | None:
        if person is None or not person.is_member:
            raise Refused(RegRefusal.NOT_LEADER)
        if person.role is Role.ADMIN:
            return None
        if person.role not in (Role.LEADER, Role.DEPUTY) or person.led_cluster_id is None:
            raise Refused(RegRefusal.NOT_LEADER)
        return person.led_cluster_id

    async def pending(self, person: Person | None, limit: int = 10) -> list[RegistrationRow]:
        """Return the registrations waiting for this leader (every cluster for an admin)."""
        return await registrations.list_registrations(
            session=self._session, status=Status.SUBMITTED.value,
            cluster_id=self._cluster(person), limit=limit,
        )  # fmt: skip

    async def for_review(self, person: Person | None, registration_id: int) -> RegistrationRow:
        """Return a registration of a cluster this person leads."""
        cluster = self._cluster(person)
        row = await registrations.get_registration(
            session=self._session, registration_id=registration_id
        )
        if row is None:
            raise Refused(RegRefusal.NOT_FOUND)
        if cluster is not None and row.cluster_id != cluster:
            raise Refused(RegRefusal.NOT_LEADER)
        return row

    async def review(
        self, person: Person | None, registration_id: int, accept: bool, reason: str = ""
    ) -> RegistrationRow:
        """Accept a submitted registration, or return it with a reason the unit is told."""
        row = await self.for_review(person, registration_id)
        assert person is not None
        if not accept and not 3 <= len(reason) <= MAX_REASON:
            raise Refused(RegRefusal.INVALID)
        status = Status.ACCEPTED if accept else Status.RETURNED
        values = {"status": status.value, "reviewed_at": self._now, "return_reason": reason}
        if not await registrations.change_registration(
            session=self._session, registration_id=row.id,
            from_statuses=(Status.SUBMITTED.value,), values=values, now=self._now,
        ):  # fmt: skip
            raise Refused(RegRefusal.ALREADY_REVIEWED)
        event = await registrations.add_event(
            session=self._session, registration_id=row.id, action=status.value,
            member_id=person.member_id, note=reason, at=self._now,
        )  # fmt: skip
        await self._tell_unit(row, event, accept, reason)
        return row

    async def _tell_unit(
        self, row: RegistrationRow, event: int, accept: bool, reason: str
    ) -> None:
        # The member who submitted (an admin, say) and every reporter of the unit.
        submitters = [
            e.member_id for e in await self.history(row.id, 20) if e.action == "submitted"
        ]
        recipients = await activities.recipients_of(
            session=self._session, member_ids=submitters[:1], reporters_of=row.unit_id
        )
        text = ACCEPTED_TEXT if accept else RETURNED_TEXT
        await self._notify.send(
            key=f"registration:{row.id}:reviewed:{event}",
            recipients=recipients,
            compose=lambda t: t._(text).format(year=row.year, unit=row.unit_name, reason=reason),
        )
