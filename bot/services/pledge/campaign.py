"""The campaign and its figures: configuration, progress, what units collected outside the bot."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services.base import FeatureService
from domain.people import Person
from domain.pledge.rules import Campaign, CampaignConfig, CollectionInfo, check_amount, may_record
from domain.refusals import PledgeRefusal, Refused
from domain.roles import LEADERSHIP, Role
from storage.membership import org
from storage.membership.org import UnitInfo
from storage.pledge import queries as pledges
from storage.pledge import totals as pledge_totals
from storage.pledge.totals import Totals


@dataclass(frozen=True, slots=True)
class FundProgress:
    campaign: Campaign
    unit: Totals | None
    cluster: Totals | None
    house_target: int  # houses the cluster should fund


class CampaignFigures(FeatureService):
    """The campaign of the day and its figures, inside one update's transaction."""

    @property
    def config(self) -> CampaignConfig:
        """Return the campaign section of the configuration."""
        return self._province.campaign

    def campaign(self) -> Campaign:
        """Return the campaign running today (in the province's zone)."""
        return self.config.campaign(self.today)

    def is_open(self) -> bool:
        """Tell whether pledges may be made or changed today."""
        return self.campaign().is_open(self.today)

    def check_open(self, person: Person) -> None:
        """Refuse a new pledge from someone with no unit, or outside the campaign's period."""
        if person.unit_id is None:
            raise Refused(PledgeRefusal.NO_UNIT)
        if not self.is_open():
            raise Refused(PledgeRefusal.CLOSED)

    async def check_year(self, year: int) -> None:
        """Refuse work on a closed year past its grace, saying until when it was taken."""
        last = await self.closed_for_good(year)
        if last is not None:
            raise Refused(PledgeRefusal.YEAR_CLOSED, day=last, detail=str(year))

    async def progress(self, person: Person) -> FundProgress | None:
        """Return the progress of the person's unit and cluster (or the cluster they lead)."""
        year, session = self.campaign().year, self._session
        led = person.led_cluster_id if person.role in LEADERSHIP else None
        if led is None:
            if person.unit_id is None:
                return None
            # The unit's figures and its own cluster's, in one read.
            unit, cluster = await pledge_totals.unit_and_cluster_totals(
                session=session, year=year, unit_id=person.unit_id
            )
            if unit is None:
                return None
        else:
            unit = (
                await pledge_totals.unit_totals(session=session, year=year, unit_id=person.unit_id)
                if person.unit_id is not None
                else None
            )
            cluster = await pledge_totals.cluster_totals(
                session=session, year=year, cluster_id=led
            )
        target = self.config.house_target(cluster.code, cluster.headcount) if cluster else 0
        return FundProgress(self.campaign(), unit, cluster, target)

    async def recordable_units(self, person: Person) -> list[UnitInfo]:
        """Return the units whose collection this person may record."""
        if person.role is Role.ADMIN:
            return await org.list_units(session=self._session)
        if person.role is Role.REPORTER and person.unit_id is not None:
            unit = await org.get_unit(session=self._session, unit_id=person.unit_id)
            return [unit] if unit is not None else []
        return []

    async def collection(self, unit_id: int) -> tuple[CollectionInfo | None, Totals | None]:
        """Return a unit's recorded collection and its current figures."""
        year = self.campaign().year
        found = await pledges.get_collection(session=self._session, year=year, unit_id=unit_id)
        totals = await pledge_totals.unit_totals(session=self._session, year=year, unit_id=unit_id)
        return found, totals

    async def record_collection(
        self, person: Person, unit_id: int, amount: int, contributors: int
    ) -> None:
        """Record (or replace) what the unit collected from people with no pledge here."""
        if not may_record(person, unit_id):
            raise Refused(PledgeRefusal.NOT_ALLOWED)
        check_amount(amount, zero=True)
        await self.check_year(self.campaign().year)
        # Money with nobody, or people with no money, is a typing slip: both or neither.
        if contributors < 0 or (amount > 0) != (contributors > 0):
            raise Refused(PledgeRefusal.INVALID)
        before, totals = await self.collection(unit_id)
        if totals is None:
            raise Refused(PledgeRefusal.NOT_ALLOWED)
        if totals.headcount and contributors > totals.headcount - totals.individuals:
            raise Refused(PledgeRefusal.TOO_MANY)
        collection_id = await pledges.save_collection(
            session=self._session, year=self.campaign().year, unit_id=unit_id, amount=amount,
            contributors=contributors, recorded_by=person.member_id, now=self._now,
        )  # fmt: skip
        await pledges.add_event(
            session=self._session, actor_id=person.member_id, action="collect", now=self._now,
            collection_id=collection_id, old_amount=before.amount if before else None,
            new_amount=amount,
        )  # fmt: skip
