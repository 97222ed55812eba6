"""Emulation registrations: a unit's targets, titles and reward forms, submitted for review."""

from __future__ import annotations

from bot.services.registration.review import RegistrationReview
from domain.activity.input import Target
from domain.people import Person
from domain.refusals import Refused
from domain.refusals import RegistrationRefusal as RegRefusal
from domain.registration.states import RegistrationStatus as Status
from domain.roles import Role
from storage.membership import org
from storage.membership.org import UnitInfo
from storage.registration import queries as registrations
from storage.registration.queries import RegistrationRow

EDITABLE = (Status.DRAFT.value, Status.RETURNED.value)


class RegistrationService(RegistrationReview):
    """The unit's side: every step re-checks the unit against the person (never the payload)."""

    async def unit_for(self, person: Person | None, unit_id: int | None) -> UnitInfo:
        """Return the unit the person may register for: their own, or any for an admin."""
        if person is None or not person.is_member:
            raise Refused(RegRefusal.NOT_ALLOWED)
        if person.role is Role.ADMIN and unit_id is not None:
            target = unit_id
        elif person.role is Role.REPORTER and person.unit_id and unit_id in (None, person.unit_id):
            target = person.unit_id
        else:
            raise Refused(RegRefusal.NOT_ALLOWED)
        unit = await org.get_unit(session=self._session, unit_id=target)
        if unit is None:
            raise Refused(RegRefusal.NOT_FOUND)
        return unit

    async def unit_by_code(self, person: Person | None, code: str) -> UnitInfo:
        """Return the unit with this code, if the person may register for it."""
        unit_id = await registrations.unit_id_by_code(session=self._session, code=code.strip())
        if unit_id is None:
            raise Refused(RegRefusal.NOT_FOUND, detail=code)
        try:
            return await self.unit_for(person, unit_id)
        except Refused as refused:
            # The answer names the code typed, whichever way the unit was not found.
            raise Refused(refused.reason, detail=code) from None

    async def current(self, unit_id: int) -> RegistrationRow | None:
        """Return the unit's registration for this year."""
        return await registrations.find_registration(
            session=self._session, unit_id=unit_id, year=self.year
        )

    def problem(self, row: RegistrationRow | None) -> RegRefusal | None:
        """Say why this registration cannot be changed now, or None (`check` raises it)."""
        if row is not None and row.status not in EDITABLE:
            return RegRefusal.LOCKED
        # A returned registration may be corrected after the deadline: the delay is the review's.
        if (row is None or row.status == Status.DRAFT.value) and self.today > self.deadline():
            return RegRefusal.PAST_DEADLINE
        return None

    async def check(self, person: Person | None, unit_id: int) -> UnitInfo:
        """Return the unit whose registration the person may change now, or refuse."""
        unit = await self.unit_for(person, unit_id)
        problem = self.problem(await self.current(unit.id))
        if problem is not None:
            raise Refused(problem)
        return unit

    async def _editable(self, person: Person | None, unit_id: int) -> RegistrationRow:
        unit = await self.check(person, unit_id)
        return await registrations.ensure_registration(
            session=self._session, unit_id=unit.id, year=self.year, now=self._now
        )

    async def _change(
        self, person: Person | None, unit: int, values: dict[str, object], action: str, note: str
    ) -> tuple[RegistrationRow, int]:
        row = await self._editable(person, unit)
        assert person is not None
        if not await registrations.change_registration(
            session=self._session, registration_id=row.id, from_statuses=EDITABLE,
            values=values, now=self._now,
        ):  # fmt: skip
            raise Refused(RegRefusal.LOCKED)
        event = await registrations.add_event(
            session=self._session, registration_id=row.id, action=action,
            member_id=person.member_id, note=note, at=self._now,
        )  # fmt: skip
        found = await registrations.get_registration(session=self._session, registration_id=row.id)
        assert found is not None
        return found, event

    async def set_targets(
        self, person: Person | None, unit_id: int, targets: list[Target]
    ) -> RegistrationRow:
        """Replace the unit's targets."""
        values: dict[str, object] = {"targets": [t.as_dict() for t in targets]}
        note = "; ".join(t.text for t in targets)
        return (await self._change(person, unit_id, values, "targets", note))[0]

    async def set_choices(
        self, person: Person | None, unit_id: int, field: str, keys: list[str]
    ) -> RegistrationRow:
        """Replace the unit's titles or reward forms with keys of the catalogue."""
        catalogue = {"titles": self.config.titles, "rewards": self.config.rewards}.get(field)
        known = {item.key for item in catalogue or []}
        if catalogue is None or not set(keys) <= known:
            raise Refused(RegRefusal.INVALID)
        ordered = [item.key for item in catalogue if item.key in keys]
        return (await self._change(person, unit_id, {field: ordered}, field, ", ".join(ordered)))[
            0
        ]

    async def submit(self, person: Person | None, unit_id: int) -> RegistrationRow:
        """Send the registration to the cluster's leaders for review."""
        row = await self._editable(person, unit_id)
        if not row.targets or not row.titles:
            raise Refused(RegRefusal.INCOMPLETE)
        values: dict[str, object] = {"status": Status.SUBMITTED.value, "submitted_at": self._now}
        row, event = await self._change(person, unit_id, values, "submitted", "")
        recipients = await org.cluster_leader_recipients(
            session=self._session, cluster_id=row.cluster_id
        )
        await self._notify.send(
            key=f"registration:{row.id}:submitted:{event}",
            recipients=recipients,
            compose=lambda t: t._(
                "{unit} đã gửi đăng ký thi đua năm {year}. Gõ /baocao rồi chọn “Duyệt đăng ký "
                "thi đua” để xem và duyệt."
            ).format(unit=row.unit_name, year=row.year),
        )
        return row
