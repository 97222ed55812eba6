"""The scoring table's rules: typed scores, totals with caps, ranking and proposals."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.refusals import ScoringRefusal
from domain.scoring.config import ScoringConfig
from domain.scoring.formulas import UnitFacts, compute, table_problems
from domain.scoring.rank import Award, AwardRule, Result, TieBreak, limit, propose, rank
from domain.scoring.table import (
    Criterion,
    Formula,
    Group,
    Kind,
    ScoreProblem,
    Table,
    check_score,
    final_scores,
    parse_points,
    pass_points,
    show_points,
    totals,
)
from domain.scoring.typed import Meant, read_typed

GRADED = Criterion("1.1", "Hoàn thành nhiệm vụ", Kind.GRADED, 20)
PASS = Criterion("1.2", "Nộp báo cáo đúng hạn", Kind.PASS_FAIL, 10)
PER = Criterion("2.1", "Gương điển hình", Kind.PER_OCCURRENCE, 10, per_item=2)
TABLE = Table(
    "Bảng điểm",
    (
        Group("I", "Nhiệm vụ", (GRADED, PASS, PER)),
        Group(
            "II",
            "Tự động",
            (Criterion("3.1", "Ủng hộ", Kind.COMPUTED, 10, formula=Formula.PLEDGE_SHARE),),
        ),
        Group(
            "III",
            "Thưởng, trừ",
            (
                Criterion("T1", "Sáng kiến", Kind.BONUS, 6),
                Criterion("T2", "Bằng khen", Kind.BONUS, 6),
                Criterion("D1", "Báo cáo muộn", Kind.DEDUCTION, 10),
            ),
        ),
    ),
    bonus_cap=10,
    deduction_cap=4,
)


@pytest.mark.parametrize(
    ("criterion", "typed", "expected"),
    [
        (GRADED, "7", 14),
        (GRADED, "7,5", 15),
        (GRADED, " 7.5 ", 15),
        (GRADED, "10", 20),
        (GRADED, "10.5", ScoreProblem(ScoringRefusal.ABOVE_MAX, 20)),
        (GRADED, "-1", ScoreProblem(ScoringRefusal.NEGATIVE)),
        (GRADED, "7.25", ScoreProblem(ScoringRefusal.NOT_HALF)),
        (GRADED, "bảy", ScoreProblem(ScoringRefusal.NOT_A_NUMBER)),
        (GRADED, "", ScoreProblem(ScoringRefusal.NOT_A_NUMBER)),
        (GRADED, "1e3", ScoreProblem(ScoringRefusal.NOT_A_NUMBER)),
        (GRADED, "nan", ScoreProblem(ScoringRefusal.NOT_A_NUMBER)),
        (PASS, "5", 10),
        (PASS, "0", 0),
        (PASS, "2", ScoreProblem(ScoringRefusal.NOT_PASS_FAIL, 10)),
        (PER, "3", 6),
        (PER, "9", 10),  # capped at the maximum
        (PER, "1.5", ScoreProblem(ScoringRefusal.NOT_WHOLE)),
        (PER, "-2", ScoreProblem(ScoringRefusal.NEGATIVE)),
        (PER, "hai", ScoreProblem(ScoringRefusal.NOT_A_NUMBER)),
    ],
)
def test_check_score(criterion: Criterion, typed: str, expected: int | ScoreProblem) -> None:
    assert check_score(criterion, typed) == expected


def test_computed_criteria_are_never_typed() -> None:
    computed = TABLE.criterion("3.1")
    assert computed is not None
    assert check_score(computed, "5") == ScoreProblem(ScoringRefusal.COMPUTED)


@pytest.mark.parametrize(
    ("typed", "meant", "other"),
    [
        ("2.1", Meant.CRITERION, "2.1"),  # 2.1 points is no half point: the criterion
        ("t1", Meant.CRITERION, "T1"),
        ("1.2", Meant.CRITERION, "1.2"),
        ("3.1", Meant.CRITERION, "3.1"),
        ("1.1", Meant.SCORE, None),  # the open criterion's own code: read as a score
        ("1,5", Meant.SCORE, None),  # a comma is a decimal, never a code
        ("7.5", Meant.SCORE, None),
    ],
)
def test_a_typed_code_names_its_criterion(typed: str, meant: Meant, other: str | None) -> None:
    reading = read_typed(TABLE, GRADED, typed)
    assert (reading.meant, reading.other.code if reading.other else None) == (meant, other)


def test_a_code_that_reads_as_a_score_is_either() -> None:
    half = Table("Bảng", (Group("I", "Nhiệm vụ", (GRADED, replace(PASS, code="1.5"))),))
    reading = read_typed(half, GRADED, "1.5")
    assert (reading.meant, reading.score, reading.other) == (Meant.EITHER, 3, half.criteria()[1])


def test_pass_fail_and_final_scores() -> None:
    assert (pass_points(PASS, True), pass_points(PASS, False)) == (10, 0)
    assert pass_points(PER, True) == ScoreProblem(ScoringRefusal.NOT_WHOLE)
    # The reviewer's score stands where set, else the unit's own; a criterion with neither: none.
    scores = [("1.1", 30, None), ("1.2", 20, 0), ("2.1", None, 4), ("T1", None, None)]
    assert final_scores(scores) == {"1.1": 30, "1.2": 0, "2.1": 4}


@given(st.integers(min_value=0, max_value=2000))
def test_points_round_trip(half: int) -> None:
    assert parse_points(show_points(half)) == half


def test_totals_cap_bonus_and_deduction() -> None:
    scores = {"1.1": 15, "1.2": 10, "2.1": 6, "3.1": 8, "T1": 6, "T2": 6, "D1": 8, "zz": 9}
    got = totals(TABLE, scores)
    assert (got.base, got.computed, got.bonus, got.deduction) == (39, 8, 10, 4)
    assert got.total == 45
    assert totals(TABLE, {"1.1": 99}).base == 20  # never above a criterion's maximum
    assert TABLE.base_max() == 50


def test_table_problems() -> None:
    assert table_problems(TABLE) == []
    bad = Table(
        "x",
        (
            Group("I", "a", (GRADED, GRADED)),
            Group("II", "b", (Criterion("9", "c", Kind.COMPUTED, 0),)),
            Group("III", "d", ()),
        ),
    )
    problems = table_problems(bad)
    assert any("twice" in p for p in problems)
    assert any("formula" in p for p in problems)
    assert any("above 0" in p for p in problems)
    assert any("no criteria" in p for p in problems)


def _facts(**kw: int | bool) -> UnitFacts:
    base: dict[str, int | bool] = dict(
        headcount=100,
        participants=0,
        phases_on_time=0,
        registration_on_time=False,
        anniversary_reports=0,
        featured_examples=0,
    )
    base.update(kw)
    return UnitFacts(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("formula", "per_item", "facts", "expected"),
    [
        (Formula.PLEDGE_SHARE, 0, _facts(participants=75), 7),  # 3.75 -> 3.5
        (Formula.PLEDGE_SHARE, 0, _facts(participants=100), 10),
        (Formula.PLEDGE_SHARE, 0, _facts(headcount=0, participants=5), 0),
        (Formula.REPORTS_PER_PHASE, 0, _facts(phases_on_time=1), 5),
        (Formula.REPORTS_PER_PHASE, 0, _facts(phases_on_time=2), 10),
        (Formula.REGISTRATION_ON_TIME, 0, _facts(registration_on_time=True), 10),
        (Formula.ANNIVERSARY_REPORTS, 2, _facts(anniversary_reports=3), 6),
        (Formula.FEATURED_EXAMPLES, 4, _facts(featured_examples=9), 10),
    ],
)
def test_formulas(formula: Formula, per_item: int, facts: UnitFacts, expected: int) -> None:
    criterion = Criterion("x", "x", Kind.COMPUTED, 10, per_item=per_item, formula=formula)
    assert compute(criterion, facts) == expected


T0 = datetime(2026, 12, 1, tzinfo=UTC)


def _result(unit: int, total: int, computed: int = 0, late: int = 0, **kw: object) -> Result:
    at = T0 + timedelta(hours=late)
    return Result(unit, f"u{unit:02}", f"Đơn vị {unit}", total, computed, 0, at, **kw)  # type: ignore[arg-type]


def test_rank_ties_by_computed_then_submission() -> None:
    results = [_result(1, 180), _result(2, 190), _result(3, 180, computed=10), _result(4, 180)]
    results.append(_result(5, 180, late=-1))
    order = [(r.rank, r.result.unit_id) for r in rank(results, ScoringConfig().tie_breaks)]
    assert order == [(1, 2), (2, 3), (3, 5), (4, 1), (4, 4)]
    by_total = [(r.rank, r.result.unit_id) for r in rank(results, [])]
    assert by_total == [(1, 2), (2, 1), (2, 3), (2, 4), (2, 5)]


def test_unsubmitted_units_come_last_on_a_tie() -> None:
    late = Result(1, "a", "A", 100, 0, 0, None)
    ranking = rank([late, _result(2, 100)], [TieBreak.SUBMITTED])
    assert [r.result.unit_id for r in ranking] == [2, 1]


def test_proposals_follow_the_rules() -> None:
    flag, merit = frozenset({"province_flag"}), frozenset({"chairman_merit"})
    results = [
        _result(1, 196, registered=flag),
        _result(2, 194, registered=flag | merit),
        _result(3, 190, registered=merit),
        _result(4, 186, registered=merit),
        _result(5, 176, registered=merit),  # below the minimum
        _result(6, 192),  # registered for nothing
    ]
    ranking = rank(results, [TieBreak.COMPUTED])
    proposals = propose(ranking, ScoringConfig().rules())
    assert [(p.award, p.unit_id) for p in proposals] == [
        (Award.FLAG, 1),
        (Award.MERIT, 2),  # 30% of 6 units is 1.8: one unit
    ]
    open_rule = AwardRule(Award.MERIT, count=2)
    assert [p.unit_id for p in propose(ranking, [open_rule])] == [1, 2]


def test_limit_takes_the_smaller_bound() -> None:
    assert limit(AwardRule(Award.MERIT, count=3, share=Decimal("0.2")), 10) == 2
    assert limit(AwardRule(Award.MERIT), 7) == 7
    assert limit(AwardRule(Award.FLAG, count=0), 7) == 0


def test_config_deadlines_and_validation() -> None:
    config = ScoringConfig()
    assert config.self_assessment_due(2026).isoformat() == "2026-12-10"
    assert config.review_due(2026).isoformat() == "2026-12-20"
    with pytest.raises(ValueError):
        ScoringConfig(review_deadline="31/04")
    with pytest.raises(ValueError):
        ScoringConfig.model_validate({"flag": {"min_score": "90.3"}})
