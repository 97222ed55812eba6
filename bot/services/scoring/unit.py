"""The unit's side of the year's finale: the self-assessment, its evidence and explanation."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from bot.services.scoring.base import Scope, ScoringBase, bad_score, clean
from domain.people import Person
from domain.refusals import Refused, ScoringRefusal
from domain.roles import Role
from domain.scoring.flow import CriteriaProgress, Stage, explain_until, progress
from domain.scoring.formulas import UnitFacts, compute
from domain.scoring.table import (
    Criterion,
    HalfPoints,
    Kind,
    ScoreProblem,
    ScoreTotals,
    Table,
    check_chosen,
    check_score,
    final_score,
    final_scores,
    pass_points,
    show_points,
    totals,
)
from domain.text import N_
from storage.activity import queries as activities
from storage.activity.queries import ReportRow
from storage.membership.org import UnitInfo, cluster_leader_recipients
from storage.scoring import queries, steps
from storage.scoring.models import AssessmentScore, UnitAssessment

MAX_NOTE = 500
MAX_EXPLANATION = 2000
MAX_EVIDENCE = 10  # photos, files and linked reports per criterion

SUBMITTED_TEXT = N_(
    "{unit} đã gửi chấm điểm thi đua năm {year}: {total} điểm. Vui lòng thẩm định bằng lệnh "
    "/chamdiem."
)
EXPLAINED_TEXT = N_("{unit} đã gửi giải trình kết quả thẩm định: {text}")


@dataclass(frozen=True, slots=True)
class Line:
    """One criterion of a unit's assessment."""

    criterion: Criterion
    group: str  # "I. Thực hiện nhiệm vụ chính trị được giao"
    self_score: HalfPoints | None
    reviewed: HalfPoints | None  # the reviewer's score, when changed
    reason: str
    note: str
    evidence: list[dict[str, Any]]
    count: int | None

    @property
    def final(self) -> HalfPoints | None:
        return final_score(self.self_score, self.reviewed)

    @property
    def changed(self) -> bool:
        return self.reviewed is not None and self.reviewed != self.self_score


@dataclass(frozen=True, slots=True)
class UnitSheet:
    """A unit's assessment with everything its screens show; the figures follow the lines."""

    table_id: int
    table: Table
    year: int
    unit: UnitInfo
    stage: Stage
    published: bool
    lines: list[Line]
    facts: UnitFacts | None
    explanation: str
    explain_until: datetime | None

    @property
    def title(self) -> str:
        return self.table.title

    @property
    def self_scores(self) -> dict[str, HalfPoints]:
        return {x.criterion.code: x.self_score for x in self.lines if x.self_score is not None}

    @property
    def progress(self) -> CriteriaProgress:
        return progress(self.table, self.self_scores)

    @property
    def self_totals(self) -> ScoreTotals:
        return totals(self.table, self.self_scores)

    @property
    def final_totals(self) -> ScoreTotals:
        scores = final_scores((x.criterion.code, x.self_score, x.reviewed) for x in self.lines)
        return totals(self.table, scores)

    def line(self, code: str) -> Line | None:
        wanted = code.strip().casefold()
        return next((x for x in self.lines if x.criterion.code.casefold() == wanted), None)

    @property
    def changed(self) -> list[Line]:
        return [x for x in self.lines if x.changed]

    def scored(self, code: str, points: HalfPoints, count: int | None) -> UnitSheet:
        """Return the sheet as storing the unit's score of `code` leaves it."""
        lines = [
            replace(x, self_score=points, count=x.count if count is None else count)
            if x.criterion.code == code
            else x
            for x in self.lines
        ]
        return replace(self, lines=lines)


@dataclass(frozen=True, slots=True)
class Scored:
    """A score just stored, with the sheet it leaves."""

    sheet: UnitSheet
    line: Line  # the criterion's line, with its new score
    points: HalfPoints


class ScoringService(ScoringBase):
    """Every operation re-checks that the person reports for the unit, on the server."""

    async def sheet_for(self, unit_id: int, scope: Scope | None = None) -> UnitSheet:
        """Return a unit's sheet without checking who asks (callers have checked)."""
        unit = await self.unit(unit_id)
        scope = scope or await self.scope(unit.cluster_id)
        row = await queries.assessment(
            session=self._session, table_id=scope.id, unit_id=unit_id, create=False
        )
        stored: dict[str, AssessmentScore] = {}
        if row is not None and row.id is not None:
            stored = await queries.scores_of(session=self._session, assessment_id=row.id)
        stage = Stage(row.status) if row is not None else Stage.DRAFT
        facts = (await self.facts(unit.cluster_id)).get(unit_id)
        lines: list[Line] = []
        heads = {c.code: f"{g.code}. {g.name}" for g in scope.table.groups for c in g.criteria}
        for criterion in scope.table.criteria():
            s = stored.get(criterion.code)
            own = s.self_score if s is not None else None
            if criterion.kind is Kind.COMPUTED and stage is Stage.DRAFT and facts is not None:
                own = compute(criterion, facts)  # live until submission fixes it
            reviewed = s.final_score if s is not None else None
            reason, note = (s.reason, s.evidence_note) if s else ("", "")
            evidence, count = (list(s.evidence), s.count) if s else ([], None)
            lines.append(
                Line(
                    criterion, heads[criterion.code], own, reviewed, reason, note, evidence, count
                )
            )
        until = None
        if row is not None and row.reviewed_at is not None:
            until = explain_until(row.reviewed_at, self.config.explain_days)
        return UnitSheet(
            scope.id, scope.table, self.year, unit, stage, scope.published, lines, facts,
            row.explanation if row else "", until,
        )  # fmt: skip

    def _reporter_unit(self, person: Person | None) -> int:
        if person is None or not person.is_member or person.role is not Role.REPORTER:
            raise Refused(ScoringRefusal.NOT_REPORTER)
        if person.unit_id is None:
            raise Refused(ScoringRefusal.NO_UNIT)
        return person.unit_id

    async def own_sheet(self, person: Person | None) -> UnitSheet:
        """Return the sheet of the unit this person reports for."""
        return await self.sheet_for(self._reporter_unit(person))

    async def _draft(
        self, person: Person | None, sheet: UnitSheet | None = None
    ) -> tuple[UnitSheet, Person]:
        """Return the unit's sheet while it may be changed; one read in this update will do."""
        unit_id = self._reporter_unit(person)
        if sheet is None or sheet.unit.id != unit_id:
            sheet = await self.sheet_for(unit_id)
        assert person is not None
        if sheet.published:
            raise Refused(ScoringRefusal.PUBLISHED)
        if sheet.stage is not Stage.DRAFT:
            raise Refused(ScoringRefusal.SUBMITTED)
        return sheet, person

    async def _row(self, sheet: UnitSheet) -> UnitAssessment:
        """Return the unit's assessment, made on its first score (never for refused input)."""
        row = await queries.assessment(
            session=self._session, table_id=sheet.table_id, unit_id=sheet.unit.id, create=True
        )
        assert row is not None
        return row

    async def _criterion_id(self, table_id: int, code: str) -> int:
        ids = await queries.criterion_ids(session=self._session, table_id=table_id)
        return ids[code]

    @staticmethod
    def _line(sheet: UnitSheet, code: str) -> Line:
        line = sheet.line(code)
        if line is None:
            raise Refused(ScoringRefusal.UNKNOWN_CRITERION)
        return line

    async def set_score(
        self, person: Person | None, code: str, text: str, *, sheet: UnitSheet | None = None
    ) -> Scored:
        """Give a criterion the unit's typed score; `sheet`, read in this update, is reused."""
        sheet, who = await self._draft(person, sheet)
        line = self._line(sheet, code)
        points = check_score(line.criterion, text)
        if isinstance(points, ScoreProblem):
            raise bad_score(points, text)
        count = int(text.strip()) if line.criterion.kind is Kind.PER_OCCURRENCE else None
        return await self._store(sheet, who, line, points, count)

    async def set_passed(self, person: Person | None, code: str, passed: bool) -> Scored:
        """Give a pass/fail criterion «Đạt» (its maximum) or «Không đạt» (0)."""
        sheet, who = await self._draft(person)
        line = self._line(sheet, code)
        points = pass_points(line.criterion, passed)
        if isinstance(points, ScoreProblem):
            raise bad_score(points, "")
        return await self._store(sheet, who, line, points, None)

    async def set_points(self, person: Person | None, code: str, points: HalfPoints) -> Scored:
        """Give a criterion the points the reporter chose (after asking what «1.5» meant)."""
        sheet, who = await self._draft(person)
        line = self._line(sheet, code)
        checked = check_chosen(line.criterion, points)
        if isinstance(checked, ScoreProblem):
            raise bad_score(checked, show_points(points))
        return await self._store(sheet, who, line, checked, None)

    async def _store(
        self, sheet: UnitSheet, who: Person, line: Line, points: HalfPoints, count: int | None
    ) -> Scored:
        row = await self._row(sheet)
        await queries.set_score(
            session=self._session, row=row, actor_id=who.member_id, count=count,
            criterion_id=await self._criterion_id(sheet.table_id, line.criterion.code),
            code=line.criterion.code, self_score=points,
        )  # fmt: skip
        after = sheet.scored(line.criterion.code, points, count)
        changed = after.line(line.criterion.code)
        assert changed is not None
        return Scored(after, changed, points)

    async def add_evidence(
        self, person: Person | None, code: str, *, note: str | None = None,
        item: dict[str, Any] | None = None,
    ) -> int:  # fmt: skip
        """Add a note, a file or a linked report to a criterion; return the evidence count."""
        sheet, who = await self._draft(person)
        line = sheet.line(code)
        if line is None or line.criterion.kind is Kind.COMPUTED:
            raise Refused(ScoringRefusal.UNKNOWN_CRITERION)
        evidence = list(line.evidence)
        if item is not None and item.get("kind") == "report":
            report = await activities.get_report(session=self._session, report_id=item["id"])
            if report is None or report.unit_id != sheet.unit.id:
                raise Refused(ScoringRefusal.NOT_FOUND)
        if item is not None:
            if len(evidence) >= MAX_EVIDENCE:
                raise Refused(ScoringRefusal.BAD_TEXT)
            if item not in evidence:
                evidence.append(item)
        cleaned = clean(note, 1, MAX_NOTE) if note is not None else None
        await queries.set_score(
            session=self._session, row=await self._row(sheet), actor_id=who.member_id,
            criterion_id=await self._criterion_id(sheet.table_id, line.criterion.code),
            code=line.criterion.code, evidence=evidence,
            note=cleaned,
        )  # fmt: skip
        return len(evidence) + (1 if note or line.note else 0)

    async def unit_reports(self, person: Person | None, limit: int) -> list[ReportRow]:
        """Return the newest activity reports of the reporter's unit, to link as evidence."""
        return await activities.list_reports(
            session=self._session, unit_id=self._reporter_unit(person), limit=limit
        )

    async def submit(self, person: Person | None) -> UnitSheet:
        """Send the complete assessment; the computed scores are fixed now; leaders are told."""
        sheet, who = await self._draft(person)
        if not sheet.progress.complete:
            raise Refused(ScoringRefusal.INCOMPLETE)
        row = await self._row(sheet)
        for line in sheet.lines:
            if line.criterion.kind is Kind.COMPUTED and line.self_score is not None:
                await queries.set_score(
                    session=self._session, row=row, actor_id=who.member_id,
                    criterion_id=await self._criterion_id(sheet.table_id, line.criterion.code),
                    code=line.criterion.code, self_score=line.self_score,
                )  # fmt: skip
        await steps.set_stage(
            session=self._session, row=row, stage=Stage.SUBMITTED.value, now=self._now,
            actor_id=who.member_id,
        )  # fmt: skip
        await queries.record(session=self._session, row=row, actor_id=who.member_id,
                             action="submitted")  # fmt: skip
        total = sheet.self_totals.total
        await self._notify.send(
            key=f"scoring:{row.id}:submitted",
            recipients=await cluster_leader_recipients(
                session=self._session, cluster_id=sheet.unit.cluster_id
            ),
            compose=lambda t: t._(SUBMITTED_TEXT).format(
                unit=sheet.unit.name, year=sheet.year, total=show_points(total)
            ),
        )
        return await self.sheet_for(sheet.unit.id)

    async def explain(self, person: Person | None, text: str) -> UnitSheet:
        """Record the unit's one explanation within its period; the leaders are told."""
        sheet = await self.own_sheet(person)
        assert person is not None
        if sheet.published:
            raise Refused(ScoringRefusal.PUBLISHED)
        if sheet.stage is not Stage.REVIEWED or not sheet.changed:
            raise Refused(ScoringRefusal.WRONG_STAGE)
        if sheet.explain_until is None or self._now >= sheet.explain_until:
            raise Refused(ScoringRefusal.EXPLAIN_CLOSED)
        explanation = clean(text, 3, MAX_EXPLANATION)
        row = await queries.assessment(
            session=self._session, table_id=sheet.table_id, unit_id=sheet.unit.id
        )
        assert row is not None
        await steps.set_stage(
            session=self._session, row=row, stage=Stage.EXPLAINED.value, now=self._now,
            explanation=explanation,
        )  # fmt: skip
        await queries.record(session=self._session, row=row, actor_id=person.member_id,
                             action="explained", reason=explanation[:1000])  # fmt: skip
        await self._notify.send(
            key=f"scoring:{row.id}:explained",
            recipients=await cluster_leader_recipients(
                session=self._session, cluster_id=sheet.unit.cluster_id
            ),
            compose=lambda t: t._(EXPLAINED_TEXT).format(unit=sheet.unit.name, text=explanation),
        )
        return await self.sheet_for(sheet.unit.id)
