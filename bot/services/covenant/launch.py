"""The cluster's launch plan: drafted from the calendar and the campaign, announced once."""

from __future__ import annotations

import re
from datetime import datetime

from bot.documents.covenant import PlanData, plan_bytes
from bot.services.base import BulkService
from bot.services.covenant import texts
from bot.services.covenant.issuer import issuer_of
from domain.covenant.plan import year_phases
from domain.people import Person
from domain.refusals import CovenantRefusal, Refused
from domain.roles import Role
from storage.calendar.reminders import fan_out_to_groups, fan_out_to_members
from storage.covenant import queries
from storage.membership import org

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
EVERYONE = (Role.MEMBER, Role.REPORTER, Role.DEPUTY, Role.LEADER, Role.ADMIN)


class LaunchService(BulkService):
    """Draft a cluster's launch plan for its leader and announce it to the whole cluster."""

    async def plan(self, person: Person | None, cluster_id: int) -> PlanData:
        """Return what the year's plan states; refused outside the person's clusters."""
        cluster = await self.access.cluster(person, cluster_id)
        year, province = self.today.year, self._province
        units = await org.list_units(session=self._session, cluster_id=cluster_id)
        campaign = province.campaign.campaign(self.today)
        headcount = sum(u.headcount for u in units)
        return PlanData(
            issuer=await issuer_of(self._session, province, cluster, self.today, "KH"),
            year=year, units=[u.name for u in units],
            phases=year_phases(year, province.calendar.loaded_anniversaries(),
                               province.activities.phase_grace_days),
            campaign_name=campaign.name, campaign_start=campaign.start,
            campaign_end=campaign.end, house_cost=campaign.house_cost,
            house_target=province.campaign.house_target(cluster.code, headcount),
            registration_deadline=province.activities.deadline(year),
        )  # fmt: skip

    async def document(self, person: Person | None, cluster_id: int) -> bytes:
        """Return the drafted plan as a .docx."""
        return await plan_bytes(await self.plan(person, cluster_id))

    async def announced(self, cluster_id: int) -> datetime | None:
        """Return when the year's plan was announced to the cluster; None before."""
        found = await queries.announced_plan(
            session=self._session, cluster_id=cluster_id, year=self.today.year
        )
        return found[0] if found is not None else None

    async def announce(self, person: Person | None, cluster_id: int) -> int:
        """Keep the plan as announced and tell every member and linked group of the cluster;
        return the messages queued. Refused once the year's plan was announced."""
        data = await self.plan(person, cluster_id)
        assert person is not None  # the access rule refuses nobody's
        if not await queries.save_plan(
            session=self._session, cluster_id=cluster_id, year=data.year,
            content=await plan_bytes(data), member_id=person.member_id, now=self._now,
        ):  # fmt: skip
            raise Refused(CovenantRefusal.ANNOUNCED)
        compose = {
            t.locale: texts.launched_text(
                t, cluster=data.issuer.cluster_name, year=data.year, phases=data.phases,
                deadline=data.registration_deadline, author=person.full_name,
            )
            for t in self._catalogs.all()
        }  # fmt: skip
        key, default = f"plan:{cluster_id}:{data.year}", self._catalogs.default_locale
        # The cluster's units, then its leaders, who may work elsewhere; keys drop doubles.
        for unit_cluster, led_cluster in ((cluster_id, None), (None, cluster_id)):
            self.queued += await fan_out_to_members(
                session=self._session, key_prefix=key, texts=compose, default_locale=default,
                not_before=self._now, roles=EVERYONE, unit_cluster_id=unit_cluster,
                led_cluster_id=led_cluster,
            )  # fmt: skip
        self.queued += await fan_out_to_groups(
            session=self._session, key_prefix=key, text=compose[default], not_before=self._now,
            cluster_id=cluster_id,
        )  # fmt: skip
        return self.queued

    async def for_member(self, person: Person | None) -> tuple[str, bytes] | None:
        """Return the announced plan of the person's cluster (file name, content); None when
        their cluster has announced none this year or they belong to no unit."""
        if person is None or not person.is_member or person.unit_id is None:
            return None
        unit = await org.get_unit(session=self._session, unit_id=person.unit_id)
        return await self.announced_file(unit.cluster_id) if unit is not None else None

    async def announced_file(self, cluster_id: int) -> tuple[str, bytes] | None:
        """Return the cluster's announced plan of the year (file name, content); None before."""
        found = await queries.announced_plan(
            session=self._session, cluster_id=cluster_id, year=self.today.year
        )
        cluster = await org.get_cluster(session=self._session, cluster_id=cluster_id)
        if found is None or cluster is None:
            return None
        return plan_file_name(cluster.code, self.today.year), found[1]


def plan_file_name(cluster_code: str, year: int) -> str:
    """Return the plan's file name: «ke-hoach-phat-dong-2027-cum-1.docx»."""
    code = _UNSAFE.sub("-", cluster_code).strip("-") or "cum"
    return f"ke-hoach-phat-dong-{year}-{code}.docx"
