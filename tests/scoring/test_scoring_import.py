"""The scoring table file: errors with their place, idempotent import, round trips, the lock."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import col, select

from bot.scoringfile.files import ScoringFileError, read_scoring_file, write_scoring_file
from bot.scoringfile.yaml_format import parse_yaml, to_yaml
from domain.membership.organisation import OrgError
from domain.roles import Role
from domain.scoring.table import Criterion, Formula, Group, Kind, Table
from storage.db.engine import SessionFactory
from storage.membership.models import Cluster, Identity, Member, Unit
from storage.outbox.models import Outbox as OutboxMessage
from storage.scoring.models import ScoreEvent, ScoringCriterion, ScoringGroup, ScoringTable
from storage.scoring.queries import assessment
from storage.scoring.table import TableLocked, apply_table, find_table, read_table

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "scoring.yaml"


def _errors(text: str) -> list[OrgError]:
    with pytest.raises(ScoringFileError) as caught:
        parse_yaml(text)
    return caught.value.errors


def test_the_example_is_a_100_point_table() -> None:
    table = read_scoring_file(EXAMPLE)
    assert table.base_max() == 200  # half points
    assert (table.bonus_cap, table.deduction_cap) == (10, 20)
    kinds = {c.kind for c in table.criteria()}
    assert kinds == set(Kind)
    assert {c.formula for c in table.criteria() if c.formula} == set(Formula)


def test_errors_name_their_line_and_column() -> None:
    text = """title: Bảng điểm
groups:
  - code: I
    name: Nhóm một
    criteria:
      - {code: '1.1', text: Một, kind: graded, max: 10.3}
      - {code: '1.1', text: Hai, kind: gradd, max: 5}
      - {code: '1.3', text: Ba, kind: computed, max: 5, formula: magic}
      - {code: 'x y', text: Bốn, kind: graded, max: -2, maks: 3}
"""
    steps = "must be a number of points from 0 to 1000 in steps of 0.5"
    assert [f"{e.location}: {e.message.split(' (use')[0]}" for e in _errors(text)] == [
        f"line 6, column 53: max {steps}, not '10.3'",
        "line 7, column 16: duplicate criterion code '1.1' (first at line 6, column 16)",
        "line 7, column 40: unknown kind 'gradd'",
        "line 8, column 66: unknown formula 'magic'",
        "line 9, column 57: unknown key 'maks' in a criterion",
        "line 9, column 16: code 'x y' may use only letters, digits, '.', '-'",
        f"line 9, column 53: max {steps}, not '-2'",
    ]


def test_a_table_without_sense_is_refused_whole() -> None:
    errors = _errors("title: T\ngroups:\n  - {code: I, name: A, criteria: []}\n")
    assert [e.message for e in errors] == [
        "group 'I' has no criteria",
        "the table has no criteria",
    ]
    assert _errors("")[0].message == "the file is empty"
    assert "not valid YAML" in _errors("title: [")[0].message


def test_excel_errors_name_their_cell(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "bang-diem.xlsx"
    write_scoring_file(read_scoring_file(EXAMPLE), path)
    book = load_workbook(path)
    book["Thang điểm"]["F3"] = "mười"
    book["Thang điểm"]["E4"] = "Không rõ"
    book.save(path)
    with pytest.raises(ScoringFileError) as caught:
        read_scoring_file(path)
    where = [e.location for e in caught.value.errors]
    assert where == ["Thang điểm!E4", "Thang điểm!F3"] or sorted(where) == [
        "Thang điểm!E4",
        "Thang điểm!F3",
    ]


codes = st.from_regex(r"[A-Za-z0-9.\-]{1,16}", fullmatch=True)
texts = (
    st.text(
        alphabet=st.sampled_from("abcxyz ÂĂĐÊÔƠƯàáảãạđ,.:;'\"-%()0123456789"),
        min_size=1,
        max_size=60,
    )
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)
halves = st.integers(min_value=1, max_value=200)


@st.composite
def tables(draw: st.DrawFn) -> Table:
    all_codes = draw(st.lists(codes, min_size=1, max_size=12, unique_by=str.casefold))
    groups: list[Group] = []
    rest = list(all_codes)
    g = 0
    while rest:
        take = draw(st.integers(min_value=1, max_value=len(rest)))
        criteria = []
        for code in rest[:take]:
            kind = draw(st.sampled_from(list(Kind)))
            formula = draw(st.sampled_from(list(Formula))) if kind is Kind.COMPUTED else None
            counting = kind is Kind.PER_OCCURRENCE or formula in (
                Formula.ANNIVERSARY_REPORTS,
                Formula.FEATURED_EXAMPLES,
            )
            per = draw(halves) if counting else 0
            criteria.append(Criterion(code, draw(texts), kind, draw(halves), per, formula))
        rest = rest[take:]
        g += 1
        groups.append(Group(f"G{g}", draw(texts), tuple(criteria)))
    return Table(draw(texts), tuple(groups), draw(halves), draw(halves))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(table=tables(), suffix=st.sampled_from([".yaml", ".xlsx"]))
def test_export_then_import_is_the_same_table(tmp_path: Path, table: Table, suffix: str) -> None:
    path = tmp_path / f"t{suffix}"
    write_scoring_file(table, path)
    assert read_scoring_file(path) == table
    if suffix == ".yaml":
        assert parse_yaml(to_yaml(table)) == table


async def _cluster(sessions: SessionFactory) -> tuple[int, int]:
    async with sessions() as session, session.begin():
        cluster = Cluster(code="cum-1", kind="cum", name="Cụm 1")
        session.add(cluster)
        await session.flush()
        assert cluster.id is not None
        unit = Unit(code="u1", name="Đơn vị 1", cluster_id=cluster.id, headcount=10)
        session.add(unit)
        await session.flush()
        assert unit.id is not None
        return cluster.id, unit.id


async def _rows(sessions: SessionFactory) -> list[Any]:
    async with sessions() as session:
        out: list[Any] = []
        for model in (ScoringTable, ScoringGroup, ScoringCriterion):
            out += [r.model_dump() for r in (await session.exec(select(model))).all()]
        out += [(e.action, e.reason) for e in (await session.exec(select(ScoreEvent))).all()]
    return out


async def test_import_is_idempotent_and_updates_in_place(sessions: SessionFactory) -> None:
    cluster_id, _ = await _cluster(sessions)
    table = read_scoring_file(EXAMPLE)
    async with sessions() as session, session.begin():
        first = await apply_table(
            session=session, cluster_id=cluster_id, year=2026, table=table, admin=False
        )
    assert first.created and len(first.changes) == 20  # 19 criteria and the caps
    before = await _rows(sessions)
    async with sessions() as session, session.begin():
        again = await apply_table(
            session=session, cluster_id=cluster_id, year=2026, table=table, admin=False
        )
    assert again.changes == [] and await _rows(sessions) == before
    changed = Table(
        table.title,
        (*table.groups[:-1], Group("V", "Thưởng", table.groups[-1].criteria[:2])),
        table.bonus_cap,
        table.deduction_cap,
    )
    async with sessions() as session, session.begin():
        report = await apply_table(
            session=session, cluster_id=cluster_id, year=2026, table=changed, admin=False
        )
        row = await find_table(session=session, cluster_id=cluster_id, year=2026)
        assert row is not None and row.id is not None
        assert await read_table(session=session, table_id=row.id) == changed
    assert [line[:4] for line in report.changes] == ["- D1", "- D2"]


async def test_after_a_submission_only_the_admin_changes_the_table(
    sessions: SessionFactory,
) -> None:
    cluster_id, unit_id = await _cluster(sessions)
    table = read_scoring_file(EXAMPLE)
    async with sessions() as session, session.begin():
        await apply_table(
            session=session, cluster_id=cluster_id, year=2026, table=table, admin=False
        )
        row = await find_table(session=session, cluster_id=cluster_id, year=2026)
        assert row is not None and row.id is not None
        a = await assessment(session=session, table_id=row.id, unit_id=unit_id, create=True)
        assert a is not None
        a.submitted_at, a.status = row.updated_at, "submitted"
        session.add(a)
    before = await _rows(sessions)
    smaller = Table(table.title, table.groups[:-1], table.bonus_cap, table.deduction_cap)
    with pytest.raises(TableLocked):
        async with sessions() as session, session.begin():
            await apply_table(
                session=session, cluster_id=cluster_id, year=2026, table=smaller, admin=False
            )
    assert await _rows(sessions) == before
    async with sessions() as session, session.begin():
        report = await apply_table(
            session=session, cluster_id=cluster_id, year=2026, table=smaller, admin=True
        )
    assert report.submitted_units == [unit_id] and len(report.changes) == 4


def _cli(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "scoring", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "DATABASE_URL": database_url},
    )  # fmt: skip


@pytest.mark.slow
async def test_the_cli_imports_refuses_and_exports(
    tmp_path: Path, database_url: str, sessions: SessionFactory
) -> None:
    cluster_id, unit_id = await _cluster(sessions)
    where = ("--cluster", "cum-1", "--year", "2026")
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: T\ngroups: 3\n", encoding="utf-8")
    done = _cli(database_url, "import", str(bad), *where)
    assert done.returncode == 1 and "line 2, column 9: groups must be a list" in done.stderr
    assert await _rows(sessions) == []
    done = _cli(database_url, "import", str(EXAMPLE), "--cluster", "khong-co", "--year", "2026")
    assert done.returncode == 1 and "no cluster 'khong-co'" in done.stderr
    done = _cli(database_url, "import", str(EXAMPLE), *where)
    assert done.returncode == 0, done.stderr
    assert "Created the table" in done.stdout
    assert "Nothing to change" in _cli(database_url, "import", str(EXAMPLE), *where).stdout
    out = tmp_path / "out.xlsx"
    done = _cli(database_url, "export", str(out), *where)
    assert done.returncode == 0 and "19 criteria in 5 groups" in done.stdout
    assert read_scoring_file(out) == read_scoring_file(EXAMPLE)
    # A reporter has submitted: the import is refused, then the admin's is applied and told.
    async with sessions() as session, session.begin():
        reporter = Member(full_name="Đầu mối", role=Role.REPORTER.value, unit_id=unit_id)
        session.add(reporter)
        await session.flush()
        assert reporter.id is not None
        session.add(Identity(member_id=reporter.id, channel="telegram", external_user_id="7",
                             chat_id="7"))  # fmt: skip
        row = await find_table(session=session, cluster_id=cluster_id, year=2026)
        assert row is not None and row.id is not None
        a = await assessment(session=session, table_id=row.id, unit_id=unit_id, create=True)
        assert a is not None
        a.submitted_at = row.updated_at
        session.add(a)
    smaller = tmp_path / "smaller.yaml"
    smaller.write_text(EXAMPLE.read_text(encoding="utf-8").replace("max: 30}", "max: 29}"))
    before = await _rows(sessions)
    done = _cli(database_url, "import", str(smaller), *where)
    assert done.returncode == 1 and "only the admin" in done.stderr
    assert await _rows(sessions) == before
    done = _cli(database_url, "import", str(smaller), *where, "--admin")
    assert done.returncode == 0 and "Queued 1 message" in done.stdout
    async with sessions() as session:
        sent = (
            await session.exec(select(OutboxMessage).where(col(OutboxMessage.chat_id) == "7"))
        ).all()
    assert len(sent) == 1 and "/chamdiem" in sent[0].text
