"""The cluster's side of the finale: review, settle, and the admin's changes after publication."""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.i18n import Translator
from bot.services.scoring.base import bad_score, clean
from bot.services.scoring.unit import Line, ScoringService, UnitSheet
from domain.people import Person
from domain.refusals import Refused, ScoringRefusal
from domain.roles import Role
from domain.scoring.flow import CriteriaProgress, Stage, may_settle
from domain.scoring.table import HalfPoints, Kind, ScoreProblem, check_score, show_points
from domain.text import N_
from storage.activity import queries as activities
from storage.scoring import queries, steps

MAX_REASON = 500
REVIEWED_TEXT = N_(
    "Kết quả thẩm định chấm điểm thi đua năm {year} của {unit}: {total} điểm (đơn vị tự chấm "
    "{own} điểm).\n{changes}"
)
EXPLAIN_TEXT = N_(
    "Đơn vị được giải trình một lần trước {until}: gõ /chamdiem và chọn “Giải trình”."
)
NO_CHANGE_TEXT = N_("Cụm, khối giữ nguyên điểm đơn vị tự chấm.")
CHANGED_LINE = N_("• {code}: {old} → {new} điểm. Lý do: {reason}")
ADMIN_CHANGE_TEXT = N_(
    "Ban Thi đua - Khen thưởng đã sửa điểm tiêu chí {code} của {unit} sau khi công bố: "
    "{old} → {new} điểm. Lý do: {reason}"
)


@dataclass(frozen=True, slots=True)
class UnitState:
    """One unit as the review menu lists it."""

    unit_id: int
    name: str
    stage: Stage | None  # None: not begun
    progress: CriteriaProgress
    own: HalfPoints
    final: HalfPoints


class ReviewService(ScoringService):
    """Every step re-checks that the person leads the unit's cluster."""

    async def units(self, person: Person | None, cluster_id: int | None = None) -> list[UnitState]:
        """Return the cluster's units with where their assessment stands."""
        cluster = self.led_cluster(person, cluster_id)
        scope = await self.scope(cluster)
        out = []
        for unit in await queries.cluster_scores(
            session=self._session, table_id=scope.id, cluster_id=cluster
        ):
            sheet = await self.sheet_for(unit.unit_id, scope)
            stage = Stage(unit.status) if unit.status != "none" else None
            out.append(
                UnitState(unit.unit_id, unit.name, stage, sheet.progress,
                          sheet.self_totals.total, sheet.final_totals.total)
            )  # fmt: skip
        return out

    async def review_sheet(self, person: Person | None, unit_id: int) -> UnitSheet:
        """Return a unit's sheet for a leader of its cluster (evidence included)."""
        unit = await self.unit(unit_id)
        self.led_cluster(person, unit.cluster_id)
        return await self.sheet_for(unit_id)

    async def check_change(
        self, person: Person | None, unit_id: int, code: str, text: str
    ) -> tuple[UnitSheet, Line, HalfPoints]:
        """Return what changing the score would write, or refuse; nothing is written."""
        sheet = await self.review_sheet(person, unit_id)
        assert person is not None
        if sheet.published and person.role is not Role.ADMIN:
            raise Refused(ScoringRefusal.NOT_ADMIN)
        if sheet.stage is Stage.DRAFT:
            raise Refused(ScoringRefusal.NOT_SUBMITTED)
        if sheet.stage is Stage.SETTLED and not sheet.published:
            raise Refused(ScoringRefusal.WRONG_STAGE)
        line = sheet.line(code)
        if line is None:
            raise Refused(ScoringRefusal.UNKNOWN_CRITERION)
        criterion = line.criterion
        if criterion.kind is Kind.COMPUTED:  # the reviewer may correct what the bot computed
            criterion = replace(criterion, kind=Kind.GRADED, formula=None)
        points = check_score(criterion, text)
        if isinstance(points, ScoreProblem):
            raise bad_score(points, text)
        return sheet, line, points

    async def change(
        self, person: Person | None, unit_id: int, code: str, text: str, reason: str
    ) -> tuple[HalfPoints | None, HalfPoints]:
        """Change a submitted score with a reason; after publication only the admin may."""
        sheet, line, points = await self.check_change(person, unit_id, code, text)
        assert person is not None
        why = clean(reason, 3, MAX_REASON)
        row = await queries.assessment(
            session=self._session, table_id=sheet.table_id, unit_id=unit_id
        )
        assert row is not None
        ids = await queries.criterion_ids(session=self._session, table_id=sheet.table_id)
        old = line.final
        await queries.set_score(
            session=self._session, row=row, criterion_id=ids[line.criterion.code],
            code=line.criterion.code, actor_id=person.member_id, final_score=points, reason=why,
        )  # fmt: skip
        if sheet.published:
            await self._notify.send(
                key=f"scoring:{row.id}:admin:{line.criterion.code}:{self._now.isoformat()}",
                recipients=await activities.recipients_of(
                    session=self._session, reporters_of=unit_id
                ),
                compose=lambda t: t._(ADMIN_CHANGE_TEXT).format(
                    code=line.criterion.code, unit=sheet.unit.name, reason=why,
                    old=show_points(old or 0), new=show_points(points),
                ),
            )  # fmt: skip
        return old, points

    async def send_review(self, person: Person | None, unit_id: int) -> UnitSheet:
        """Send the review's result to the unit, opening its period to explain."""
        sheet = await self.review_sheet(person, unit_id)
        assert person is not None
        if sheet.published:
            raise Refused(ScoringRefusal.PUBLISHED)
        if sheet.stage is not Stage.SUBMITTED:
            raise Refused(ScoringRefusal.WRONG_STAGE)
        row = await queries.assessment(
            session=self._session, table_id=sheet.table_id, unit_id=unit_id
        )
        assert row is not None
        await steps.set_stage(session=self._session, row=row, stage=Stage.REVIEWED.value,
                              now=self._now)  # fmt: skip
        await queries.record(session=self._session, row=row, actor_id=person.member_id,
                             action="reviewed")  # fmt: skip
        sheet = await self.sheet_for(unit_id)
        until = sheet.explain_until
        tz = self._province.tz

        def compose(t: Translator) -> str:
            lines = [
                t._(CHANGED_LINE).format(
                    code=x.criterion.code, old=show_points(x.self_score or 0),
                    new=show_points(x.reviewed or 0), reason=x.reason,
                )
                for x in sheet.changed
            ]  # fmt: skip
            if lines and until is not None:
                lines.append(t._(EXPLAIN_TEXT).format(until=t.date(until.astimezone(tz).date())))
            changes = "\n".join(lines) if lines else t._(NO_CHANGE_TEXT)
            return t._(REVIEWED_TEXT).format(
                year=sheet.year, unit=sheet.unit.name, total=show_points(sheet.final_totals.total),
                own=show_points(sheet.self_totals.total), changes=changes,
            )  # fmt: skip

        await self._notify.send(
            key=f"scoring:{row.id}:reviewed",
            recipients=await activities.recipients_of(session=self._session, reporters_of=unit_id),
            compose=compose,
        )
        return sheet

    async def settle(self, person: Person | None, unit_id: int) -> UnitSheet:
        """Agree the unit's result, once it has explained or had nothing or no time left to."""
        sheet = await self.review_sheet(person, unit_id)
        assert person is not None
        if sheet.published:
            raise Refused(ScoringRefusal.PUBLISHED)
        row = await queries.assessment(
            session=self._session, table_id=sheet.table_id, unit_id=unit_id
        )
        if row is None or not may_settle(
            sheet.stage, len(sheet.changed), row.reviewed_at, self.config.explain_days, self._now
        ):
            raise Refused(ScoringRefusal.CANNOT_SETTLE)
        await steps.set_stage(session=self._session, row=row, stage=Stage.SETTLED.value,
                              now=self._now)  # fmt: skip
        await queries.record(session=self._session, row=row, actor_id=person.member_id,
                             action="settled")  # fmt: skip
        return await self.sheet_for(unit_id)
