"""The year's covenant: a leader opens it, each unit's head (or reporter) signs, the leader
follows who has signed, nudges the others and drafts the signing record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.documents.covenant import RecordData, SignedUnit, docx_text
from bot.reminders.plan import next_allowed
from bot.services.base import BulkService
from bot.services.covenant import texts
from bot.services.covenant.issuer import issuer_of
from domain.covenant.rules import MAX_FILE, MAX_FILE_TEXT, Signer, signer_kind, text_fits
from domain.people import Person
from domain.refusals import CovenantRefusal, Refused
from domain.roles import LEADERSHIP, Role
from storage.calendar.reminders import fan_out_to_members
from storage.covenant import queries
from storage.covenant.queries import CovenantRow, UnitSignature
from storage.membership import org

SIGNERS = (Role.REPORTER, *LEADERSHIP)


@dataclass(frozen=True, slots=True)
class Standing:
    """A covenant and every unit of its cluster, signed or not."""

    covenant: CovenantRow
    units: list[UnitSignature]

    @property
    def signed(self) -> list[UnitSignature]:
        """Return the units that have signed, in the organisation file's order."""
        return [u for u in self.units if u.signed_at is not None]

    @property
    def unsigned(self) -> list[UnitSignature]:
        """Return the units yet to sign."""
        return [u for u in self.units if u.signed_at is None]


@dataclass(frozen=True, slots=True)
class SignerView:
    """What a unit's head or reporter sees: their cluster's open covenant and their unit's
    signature (None while unsigned)."""

    cluster: str
    unit_id: int
    unit_name: str
    covenant: CovenantRow
    signature: UnitSignature | None
    kind: Signer  # how this person signs: as the head, or on the head's behalf


@dataclass(frozen=True, slots=True)
class Signed:
    """A unit's signature: `first` is False when the unit had signed already."""

    unit_name: str
    signer_name: str
    signed_at: datetime
    first: bool


@dataclass(frozen=True, slots=True)
class Nudged:
    """What a nudge did: accounts told, and units with nobody on record to tell."""

    queued: int
    people: int
    unreachable: list[str]


class CovenantService(BulkService):
    """Open, sign, follow and record a cluster's covenant; rights are checked here again."""

    @property
    def year(self) -> int:
        """Return the year a covenant begun today is for."""
        return self.today.year

    async def standing(self, person: Person | None, cluster_id: int) -> Standing | None:
        """Return the cluster's covenant of the year with its units; None before one is begun."""
        await self.access.cluster(person, cluster_id)
        found = await queries.find_covenant(
            session=self._session, cluster_id=cluster_id, year=self.year
        )
        if found is None:
            return None
        units = await queries.unit_signatures(
            session=self._session, covenant_id=found.id, cluster_id=cluster_id
        )
        return Standing(found, units)

    async def draft(
        self, person: Person | None, cluster_id: int, text: str, *, file_name: str = "",
        content: bytes | None = None,
    ) -> Standing:  # fmt: skip
        """Keep the covenant's text (typed, or read from a .docx) as a draft to confirm."""
        current = await self.standing(person, cluster_id)
        if current is not None and current.covenant.opened_at is not None:
            raise Refused(CovenantRefusal.OPEN_ALREADY)
        if content is not None:
            read = docx_text(content) if len(content) <= MAX_FILE else None
            if read is None or not read.strip():
                raise Refused(CovenantRefusal.NOT_A_DOCX)
            text = read[:MAX_FILE_TEXT]  # the file itself is kept whole
        elif not text_fits(text):
            raise Refused(CovenantRefusal.BAD_TEXT)
        assert person is not None  # the access rule refuses nobody's
        await queries.save_draft(
            session=self._session, cluster_id=cluster_id, year=self.year, text=text.strip(),
            file_name=file_name[:200], content=content, started_by=person.member_id,
            now=self._now,
        )  # fmt: skip
        found = await self.standing(person, cluster_id)
        assert found is not None
        return found

    async def discard(self, person: Person | None, cluster_id: int) -> None:
        """Forget the year's draft; an open covenant stays as it is."""
        current = await self.standing(person, cluster_id)
        if current is not None:
            await queries.discard_draft(session=self._session, covenant_id=current.covenant.id)

    async def open(self, person: Person | None, cluster_id: int) -> int:
        """Open the draft for signing and tell every unit's signers; return the accounts told."""
        current = await self.standing(person, cluster_id)
        if current is None:
            raise Refused(CovenantRefusal.NOT_OPEN)
        covenant = current.covenant
        if not await queries.open_covenant(
            session=self._session, covenant_id=covenant.id, now=self._now
        ):
            return 0  # opened already (a double tap): everyone was told then
        cluster = await self.access.cluster(person, cluster_id)
        compose = {
            t.locale: t._(texts.OPENED).format(
                cluster=cluster.name, year=covenant.year, leader=covenant.started_by
            )
            for t in self._catalogs.all()
        }
        return await self._tell_signers(f"cov-open:{covenant.id}", cluster_id, compose, None)

    async def _tell_signers(
        self, key: str, cluster_id: int, compose: dict[str, str], unsigned_of: int | None
    ) -> int:
        who = await queries.signers(
            session=self._session, cluster_id=cluster_id, unsigned_of=unsigned_of
        )
        if not who:
            return 0
        calendar, tz = self._province.calendar, self._province.tz
        queued = await fan_out_to_members(
            session=self._session, key_prefix=key, texts=compose,
            default_locale=self._catalogs.default_locale,
            not_before=next_allowed(self._now, calendar, tz), roles=SIGNERS,
            only_member_ids=who,
        )  # fmt: skip
        self.queued += queued
        return queued

    async def for_signer(self, person: Person | None) -> SignerView | None:
        """Return the open covenant this person may sign for their unit; None when their
        cluster has none open. Refused when they sign for no unit."""
        unit = await org.get_unit(session=self._session, unit_id=person.unit_id) if (
            person is not None and person.unit_id is not None) else None  # fmt: skip
        kind = signer_kind(person, unit.cluster_id) if unit is not None else None
        if unit is None or kind is None:
            raise Refused(CovenantRefusal.NOT_SIGNER)
        covenant = await queries.find_covenant(
            session=self._session, cluster_id=unit.cluster_id, year=self.year
        )
        if covenant is None or covenant.opened_at is None:
            return None
        units = await queries.unit_signatures(
            session=self._session, covenant_id=covenant.id, cluster_id=unit.cluster_id
        )
        mine = next((u for u in units if u.unit_id == unit.id and u.signed_at), None)
        return SignerView(unit.cluster_name, unit.id, unit.name, covenant, mine, kind)

    async def sign(self, person: Person | None, covenant_id: int) -> Signed:
        """Sign the covenant for the person's unit; a unit that signed already stays as it was.

        Refused for anyone but the unit's head or reporter, for a unit of another cluster,
        and for a covenant not open.
        """
        covenant = await queries.get_covenant(session=self._session, covenant_id=covenant_id)
        if covenant is None or covenant.opened_at is None:
            raise Refused(CovenantRefusal.NOT_OPEN)
        unit = await org.get_unit(session=self._session, unit_id=person.unit_id) if (
            person is not None and person.unit_id is not None) else None  # fmt: skip
        kind = signer_kind(person, unit.cluster_id if unit else None)
        if (
            person is None
            or unit is None
            or kind is None
            or unit.cluster_id != covenant.cluster_id
        ):
            raise Refused(CovenantRefusal.NOT_SIGNER)
        first = await queries.sign(
            session=self._session, covenant_id=covenant.id, unit_id=unit.id,
            member_id=person.member_id, signer_name=person.full_name, signer=kind.value,
            now=self._now,
        )  # fmt: skip
        units = await queries.unit_signatures(
            session=self._session, covenant_id=covenant.id, cluster_id=unit.cluster_id
        )
        mine = next(u for u in units if u.unit_id == unit.id)
        assert mine.signed_at is not None
        if first and all(u.signed_at is not None for u in units):
            await self._notify.send(
                key=f"cov-done:{covenant.id}",
                recipients=await org.cluster_leader_recipients(
                    session=self._session, cluster_id=unit.cluster_id
                ),
                compose=lambda t: t._(texts.ALL_SIGNED).format(
                    count=len(units), cluster=unit.cluster_name, year=covenant.year
                ),
            )
        return Signed(unit.name, mine.signer_name, mine.signed_at, first)

    async def covenant_file(self, covenant_id: int) -> tuple[str, bytes] | None:
        """Return the Word file the covenant was sent as (signers read it); None if typed."""
        return await queries.covenant_file(session=self._session, covenant_id=covenant_id)

    async def nudge(self, person: Person | None, cluster_id: int) -> Nudged:
        """Remind the signers of the units yet to sign, at most once a day each."""
        current = await self.standing(person, cluster_id)
        if current is None or current.covenant.opened_at is None:
            raise Refused(CovenantRefusal.NOT_OPEN)
        covenant = current.covenant
        cluster = await self.access.cluster(person, cluster_id)
        who = await queries.signers(
            session=self._session, cluster_id=cluster_id, unsigned_of=covenant.id
        )
        reachable = await queries.units_of(session=self._session, member_ids=who)
        compose = {
            t.locale: t._(texts.NUDGE).format(year=covenant.year, cluster=cluster.name)
            for t in self._catalogs.all()
        }
        # One nudge a day: the key holds the day, so a second press today queues nothing.
        key = f"cov-nudge:{covenant.id}:{self.today.isoformat()}"
        queued = await self._tell_signers(key, cluster_id, compose, covenant.id)
        unreachable = [u.unit_name for u in current.unsigned if u.unit_id not in reachable]
        return Nudged(queued, len(who), unreachable)

    async def record(self, person: Person | None, cluster_id: int) -> RecordData:
        """Return what the signing record states: the covenant and each unit's signature."""
        current = await self.standing(person, cluster_id)
        if current is None or current.covenant.opened_at is None:
            raise Refused(CovenantRefusal.NOT_OPEN)
        covenant, tz = current.covenant, self._province.tz
        assert covenant.opened_at is not None
        cluster = await self.access.cluster(person, cluster_id)
        return RecordData(
            issuer=await issuer_of(self._session, self._province, cluster, self.today, "BB"),
            year=covenant.year, opened=covenant.opened_at.astimezone(tz).date(),
            text=covenant.text, file_name=covenant.file_name,
            units=[SignedUnit(u.unit_name, u.signer_name, u.signer == Signer.REPORTER.value,
                              u.signed_at.astimezone(tz) if u.signed_at else None)
                   for u in current.units],
        )  # fmt: skip
