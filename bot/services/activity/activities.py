"""Activity reports and good examples: every rule checked here, on the server, at each step."""

from __future__ import annotations

from datetime import date, timedelta

from bot.services.base import FeatureService
from domain.activity import input as limits
from domain.activity.config import ActivitiesConfig
from domain.activity.dates import earliest_report_day, phase_open
from domain.calendar.occasions import Anniversary, Phase, nearest, phase_of
from domain.people import Person
from domain.refusals import ActivityRefusal as Refusal
from domain.refusals import Refused
from domain.roles import Role
from storage.activity import queries as activities
from storage.activity.queries import ReportFields, ReportRow

LEADERSHIP = (Role.LEADER, Role.DEPUTY)


class ActivityService(FeatureService):
    """Create, change, delete and list reports; leaders mark good examples."""

    @property
    def config(self) -> ActivitiesConfig:
        """Return the province's catalogues and deadlines."""
        return self._province.activities

    # --- dates, phases and anniversaries -----------------------------------------------

    def closes_on(self, day: date) -> tuple[Phase, date]:
        """Return the phase of `day` and the last day it accepts reports and changes."""
        phase = phase_of(day)
        return phase, phase.end + timedelta(days=self.config.phase_grace_days)

    def check_day(self, day: date) -> None:
        """Refuse a date a report may not carry: in the future, too old, its phase closed."""
        if day > self.today:
            raise Refused(Refusal.FUTURE, day=day)
        if day < earliest_report_day(self.today):
            raise Refused(Refusal.TOO_OLD, day=day)
        if not phase_open(phase_of(day), self.today, self.config.phase_grace_days):
            raise Refused(Refusal.PHASE_CLOSED, day=day)

    async def check_year(self, day: date) -> None:
        """Refuse a date in a closed year past its grace (`day` of the refusal: its last day)."""
        last = await self.closed_for_good(day.year)
        if last is not None:
            raise Refused(Refusal.YEAR_CLOSED, day=last, detail=str(day.year))

    def _anniversaries(self) -> tuple[Anniversary, ...]:
        return self._province.calendar.loaded_anniversaries()

    def anniversary_near(self, day: date) -> Anniversary | None:
        """Return the anniversary an activity on `day` most likely celebrates."""
        return nearest(self._anniversaries(), day)

    def anniversary(self, key: str | None) -> Anniversary | None:
        """Return the configured anniversary with this key."""
        return next((a for a in self._anniversaries() if a.key == key), None)

    # --- reports -------------------------------------------------------------------------

    def validate(self, fields: ReportFields) -> None:
        """Refuse fields a handler should never have let through, and a date not allowed."""
        valid = (
            self.config.kind(fields.kind) is not None
            and limits.title_fits(fields.title)
            and 1 <= fields.participants <= limits.MAX_PARTICIPANTS
            and len(fields.description) <= limits.MAX_DESCRIPTION
            and len(fields.photos) <= limits.MAX_PHOTOS
        )
        if not valid:
            raise Refused(Refusal.INVALID)
        self.check_day(fields.day)

    async def create(self, person: Person | None, fields: ReportFields) -> ReportRow:
        """Store a report for the person's unit."""
        if person is None or person.unit_id is None:
            raise Refused(Refusal.NO_UNIT)
        self.validate(fields)
        await self.check_year(fields.day)
        report_id = await activities.add_report(
            session=self._session,
            unit_id=person.unit_id,
            author_id=person.member_id,
            fields=fields,
            now=self._now,
        )
        return await self._get(report_id)

    async def _get(self, report_id: int) -> ReportRow:
        report = await activities.get_report(session=self._session, report_id=report_id)
        if report is None:
            raise Refused(Refusal.NOT_FOUND)
        return report

    @staticmethod
    def may_edit(person: Person | None, report: ReportRow) -> bool:
        """Tell whether the person may change a report: its author or its unit's reporter."""
        if person is None or not person.is_member or person.unit_id != report.unit_id:
            return False
        return person.member_id == report.author_id or person.role is Role.REPORTER

    async def editable(self, person: Person | None, report_id: int) -> ReportRow:
        """Return a report the person may change now, or say why not."""
        report = await self._get(report_id)
        if not self.may_edit(person, report):
            raise Refused(Refusal.NOT_ALLOWED)
        await self.check_year(report.day)
        if not phase_open(phase_of(report.day), self.today, self.config.phase_grace_days):
            raise Refused(Refusal.PHASE_CLOSED, day=report.day)
        return report

    async def update(self, person: Person | None, report_id: int, fields: ReportFields) -> None:
        """Replace a report's fields after checking the rights and both dates' phases."""
        await self.editable(person, report_id)
        self.validate(fields)
        await self.check_year(fields.day)
        await activities.update_report(
            session=self._session, report_id=report_id, fields=fields, now=self._now
        )

    async def delete(self, person: Person | None, report_id: int) -> ReportRow:
        """Delete a report the person may change."""
        report = await self.editable(person, report_id)
        await activities.delete_report(session=self._session, report_id=report_id)
        return report

    async def changeable(self, person: Person, limit: int = 8) -> list[ReportRow]:
        """Return the newest reports the person may still change (open phases only)."""
        if person.unit_id is None:
            return []
        # The oldest phase still open is the one that held the day `grace` days ago.
        since = phase_of(self.today - timedelta(days=self.config.phase_grace_days)).start
        author = None if person.role is Role.REPORTER else person.member_id
        return await activities.list_reports(
            session=self._session, unit_id=person.unit_id, author_id=author, since=since,
            limit=limit,
        )  # fmt: skip

    async def records(self, person: Person, limit: int = 100) -> list[ReportRow]:
        """Return the reports of the person's unit and their own elsewhere, newest first."""
        found = {
            r.id: r
            for r in await activities.list_reports(
                session=self._session, author_id=person.member_id, limit=limit
            )
        }
        if person.unit_id is not None:
            unit = await activities.list_reports(
                session=self._session, unit_id=person.unit_id, limit=limit
            )
            found.update({r.id: r for r in unit})
        return sorted(found.values(), key=lambda r: (r.created_at, r.id), reverse=True)[:limit]

    # --- leaders: the cluster's reports and good examples --------------------------------

    @staticmethod
    def leads(person: Person | None) -> bool:
        """Tell whether the person sees a cluster's (or the province's) reports."""
        if person is None or not person.is_member:
            return False
        return person.role is Role.ADMIN or (
            person.role in LEADERSHIP and person.led_cluster_id is not None
        )

    async def cluster_reports(
        self, person: Person | None, offset: int = 0, limit: int = 8
    ) -> list[ReportRow]:
        """Return the newest reports of the cluster the person leads (the province for admin)."""
        if person is None or not self.leads(person):
            raise Refused(Refusal.NOT_LEADER)
        cluster = None if person.role is Role.ADMIN else person.led_cluster_id
        return await activities.list_reports(
            session=self._session, cluster_id=cluster, limit=limit, offset=max(0, offset)
        )

    async def viewable(self, person: Person | None, report_id: int) -> ReportRow:
        """Return a report of the cluster the person leads."""
        report = await self._get(report_id)
        if person is None or not self.leads(person):
            raise Refused(Refusal.NOT_LEADER)
        if person.role is not Role.ADMIN and person.led_cluster_id != report.cluster_id:
            raise Refused(Refusal.NOT_LEADER)
        return report

    async def set_example(self, person: Person | None, report_id: int, on: bool) -> ReportRow:
        """Mark (or unmark) a report as a good example; its author hears of the mark."""
        report = await self.viewable(person, report_id)
        assert person is not None
        await activities.set_example(
            session=self._session,
            report_id=report_id,
            by=person.member_id if on else None,
            at=self._now if on else None,
        )
        if on and report.example_at is None:
            recipients = await activities.recipients_of(
                session=self._session, member_ids=[report.author_id]
            )
            await self._notify.send(
                key=f"example:{report_id}:{self._now.timestamp():.0f}",
                recipients=recipients,
                compose=lambda t: t._(
                    "Báo cáo “{title}” của đồng chí đã được nêu gương điển hình. Cảm ơn đồng chí!"
                ).format(title=report.title),
            )
        return await self._get(report_id)
