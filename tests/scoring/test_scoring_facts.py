"""The computed criteria on a generated cluster (10 units, 2,000 members), against plain Python."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from fractions import Fraction
from math import floor
from zoneinfo import ZoneInfo

import pytest

from domain.scoring.formulas import UnitFacts, compute
from domain.scoring.table import Criterion, Formula, Kind
from storage.activity.models import ActivityReport
from storage.cluster.facts import Deadlines, cluster_facts
from storage.db.engine import SessionFactory
from storage.membership.models import Cluster, Member, Unit
from storage.pledge.models import Pledge, UnitCollection
from storage.registration.models import Registration

YEAR = 2026
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DEADLINES = Deadlines(
    phases=(datetime(2026, 7, 16, tzinfo=TZ), datetime(2027, 1, 16, tzinfo=TZ)),
    registration=datetime(2026, 4, 1, tzinfo=TZ),
)
HEADCOUNTS = (300, 250, 180, 220, 150, 260, 200, 190, 120, 130)  # 2,000 members in all


def _moment(rng: random.Random, around: datetime) -> datetime:
    """A time near a deadline, so that both sides of it occur (and the very edge)."""
    return rng.choice([around - timedelta(seconds=1), around, around + timedelta(hours=5)]) + (
        timedelta(days=-rng.randint(0, 40)) if rng.random() < 0.5 else timedelta(0)
    )


async def test_facts_match_a_plain_count(sessions: SessionFactory) -> None:
    rng = random.Random(11)
    expected: dict[int, dict[str, int]] = {}
    async with sessions() as session, session.begin():
        cluster = Cluster(code="cum-x", name="Cụm X")
        other = Cluster(code="cum-y", name="Cụm Y")
        session.add_all([cluster, other])
        await session.flush()
        assert cluster.id is not None and other.id is not None
        outsider = Unit(code="ngoai", name="Ngoài", cluster_id=other.id, headcount=5)
        session.add(outsider)
        units = [
            Unit(code=f"u{i}", name=f"Đơn vị {i}", cluster_id=cluster.id, headcount=h)
            for i, h in enumerate(HEADCOUNTS)
        ]
        session.add_all(units)
        await session.flush()
        for unit, headcount in zip(units, HEADCOUNTS, strict=True):
            assert unit.id is not None
            members = [Member(full_name=f"N{k}", unit_id=unit.id) for k in range(headcount)]
            session.add_all(members)
            await session.flush()
            live = 0
            for member in members:
                assert member.id is not None
                if rng.random() < 0.6:
                    status = rng.choice(["pledged", "paid", "confirmed", "cancelled"])
                    live += status != "cancelled"
                    session.add(Pledge(campaign_year=YEAR, member_id=member.id, unit_id=unit.id,
                                       amount=100_000, status=status))  # fmt: skip
                elif rng.random() < 0.2:  # last year's pledge counts for nothing
                    session.add(Pledge(campaign_year=YEAR - 1, member_id=member.id,
                                       unit_id=unit.id, amount=1))  # fmt: skip
            contributors = rng.choice([0, 10, headcount])  # may overflow the headcount
            if contributors:
                collection = UnitCollection(
                    campaign_year=YEAR,
                    unit_id=unit.id,
                    amount=1,
                    contributors=contributors,
                    recorded_by=members[0].id or 0,
                )
                session.add(collection)
            phases = [False, False]
            anniversary = examples = 0
            for _ in range(rng.randint(0, 12)):
                day = date(
                    rng.choice([YEAR - 1, YEAR, YEAR]), rng.randint(1, 12), rng.randint(1, 28)
                )
                phase = 0 if day.month <= 6 else 1
                created = _moment(rng, DEADLINES.phases[phase])
                key = rng.choice([None, "national_day"])
                featured = rng.random() < 0.3
                session.add(ActivityReport(unit_id=unit.id, author_id=members[0].id or 0,
                                           kind="seminar", title="x", day=day, participants=3,
                                           anniversary_key=key, created_at=created,
                                           example_at=created if featured else None))  # fmt: skip
                if day.year == YEAR:
                    phases[phase] |= created < DEADLINES.phases[phase]
                    anniversary += key is not None
                    examples += featured
            state: str | None = rng.choice(["draft", "submitted", "accepted", "returned", None])
            submitted = _moment(rng, DEADLINES.registration)
            if state is not None:
                sent = None if state == "draft" else submitted
                session.add(
                    Registration(unit_id=unit.id, year=YEAR, status=state, submitted_at=sent)
                )
            expected[unit.id] = {
                "participants": min(live + contributors, headcount),
                "phases": sum(phases),
                "registration": state not in (None, "draft")
                and submitted < DEADLINES.registration,
                "anniversary": anniversary,
                "examples": examples,
            }
    async with sessions() as session:
        facts = await cluster_facts(
            session=session, year=YEAR, cluster_id=cluster.id, deadlines=DEADLINES
        )
    assert set(facts) == set(expected)
    for unit, headcount in zip(units, HEADCOUNTS, strict=True):
        assert unit.id is not None
        want = expected[unit.id]
        assert facts[unit.id] == UnitFacts(
            headcount, want["participants"], want["phases"], bool(want["registration"]),
            want["anniversary"], want["examples"],
        )  # fmt: skip
    # The varied data reaches every branch of every formula at least once.
    seen = {f: {compute(_criterion(f), x) for x in facts.values()} for f in Formula}
    assert all(len(points) > 1 for points in seen.values()), seen


def _criterion(formula: Formula) -> Criterion:
    return Criterion("c", "c", Kind.COMPUTED, 10, per_item=2, formula=formula)


@pytest.mark.parametrize("formula", list(Formula))
def test_each_formula_against_a_plain_computation(formula: Formula) -> None:
    rng = random.Random(formula.value)
    for _ in range(500):
        headcount = rng.randint(0, 400)
        facts = UnitFacts(headcount, rng.randint(0, headcount), rng.randint(0, 2),
                          rng.random() < 0.5, rng.randint(0, 9), rng.randint(0, 9))  # fmt: skip
        plain = {
            Formula.PLEDGE_SHARE: floor(Fraction(20 * facts.participants, headcount))
            if headcount
            else 0,
            Formula.REPORTS_PER_PHASE: 10 * facts.phases_on_time // 2,
            Formula.REGISTRATION_ON_TIME: 10 if facts.registration_on_time else 0,
            Formula.ANNIVERSARY_REPORTS: min(10, 2 * facts.anniversary_reports),
            Formula.FEATURED_EXAMPLES: min(10, 2 * facts.featured_examples),
        }[formula]
        got = compute(Criterion("c", "c", Kind.COMPUTED, 20 if formula is Formula.PLEDGE_SHARE
                                else 10, per_item=2, formula=formula), facts)  # fmt: skip
        assert got == plain, facts
