"""The organisation file: validation with locations, idempotent import, export round trip, CLI."""

from __future__ import annotations

import copy
import dataclasses
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlmodel import col, delete, select

from bot.orgfile.files import read_org_file, write_org_file
from bot.orgfile.xlsx_format import SHORT_COLUMNS, UNIT_COLUMNS
from domain.membership.organisation import OrgError, OrgFile, OrgFileError
from domain.roles import Role
from storage.db.engine import SessionFactory
from storage.membership.models import Cluster, Member, Province, Unit
from storage.membership.org_import import Change, export_org, import_org

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "org.yaml"

Dump = dict[str, list[tuple[Any, ...]]]


async def _dump(sessions: SessionFactory) -> Dump:
    """Return every organisation row with its id, to prove nothing was recreated."""
    async with sessions() as session:
        provinces = (await session.exec(select(Province).order_by(col(Province.id)))).all()
        clusters = (await session.exec(select(Cluster).order_by(col(Cluster.id)))).all()
        units = (await session.exec(select(Unit).order_by(col(Unit.id)))).all()
        members = (await session.exec(select(Member).order_by(col(Member.id)))).all()
    return {
        "province": [(p.id, p.name) for p in provinces],
        "cluster": [(c.id, c.code, c.kind, c.name, c.short_name) for c in clusters],
        "unit": [(u.id, u.code, u.name, u.cluster_id, u.headcount, u.short_name) for u in units],
        "member": [
            (m.id, m.full_name, m.role, m.cluster_id, m.unit_id, m.active, m.locale)
            for m in members
        ],
    }


def _content(dump: Dump) -> Dump:
    """Return the rows with ids replaced by codes, to compare two databases."""
    cluster = {row[0]: row[1] for row in dump["cluster"]}
    unit = {row[0]: row[1] for row in dump["unit"]}
    return {
        "province": [row[1:] for row in dump["province"]],
        "cluster": sorted(row[1:] for row in dump["cluster"]),
        "unit": sorted((*row[1:3], cluster[row[3]], *row[4:]) for row in dump["unit"]),
        "member": sorted(
            (m[1], m[2], cluster.get(m[3]), unit.get(m[4]), *m[5:]) for m in dump["member"]
        ),
    }


async def _wipe(sessions: SessionFactory) -> None:
    async with sessions() as session, session.begin():
        for table in (Member, Unit, Cluster, Province):
            await session.exec(delete(table))


def _errors(path: Path) -> list[OrgError]:
    with pytest.raises(OrgFileError) as caught:
        read_org_file(path)
    return caught.value.errors


async def test_importing_the_example_twice_changes_nothing(sessions: SessionFactory) -> None:
    org = read_org_file(EXAMPLE)
    assert org.demo and "dữ liệu mẫu" in org.province
    first = await import_org(sessions=sessions, org=org)
    assert "cluster cum-kinh-te (Cụm thi đua các sở, ngành kinh tế)" in first.added
    assert "leader Nguyễn Văn An in cum-kinh-te" in first.added
    assert "admin Lê Minh Châu" in first.added
    before = await _dump(sessions)
    assert (len(before["cluster"]), len(before["unit"]), len(before["member"])) == (7, 42, 18)

    second = await import_org(sessions=sessions, org=read_org_file(EXAMPLE))

    assert await _dump(sessions) == before
    assert (second.added, second.changed, second.left_alone) == ([], [], [])
    assert "No changes" in second.summary()


async def test_a_changed_file_updates_in_place(sessions: SessionFactory) -> None:
    org = read_org_file(EXAMPLE)
    await import_org(sessions=sessions, org=org)
    before = await _dump(sessions)
    changed = copy.deepcopy(org)
    economy, society = changed.clusters[0], changed.clusters[1]
    economy.units[2].name = "Sở Công Thương tỉnh"
    economy.units[3].headcount = 190
    society.units.append(economy.units.pop(6))  # Thuế tỉnh joins the other cluster
    society.leaders[0].role, society.leaders[1].role = Role.DEPUTY, Role.LEADER

    report = await import_org(sessions=sessions, org=changed)

    in_society = "in cum-van-hoa-xa-hoi"
    assert sorted(report.changed, key=str) == sorted(
        [
            Change("unit so-cong-thuong", "name", "Sở Công Thương", "Sở Công Thương tỉnh"),
            Change("unit so-xay-dung", "headcount", "185", "190"),
            Change("unit thue-tinh", "cluster", "cum-kinh-te", "cum-van-hoa-xa-hoi"),
            Change(f"Phạm Quốc Dũng {in_society}", "role", "leader", "deputy"),
            Change(f"Huỳnh Thị Hoa {in_society}", "role", "deputy", "leader"),
        ],
        key=str,
    )
    assert (report.added, report.left_alone) == ([], [])
    after = await _dump(sessions)
    assert [row[0] for row in after["unit"]] == [row[0] for row in before["unit"]]
    assert [row[0] for row in after["member"]] == [row[0] for row in before["member"]]
    tax = next(row for row in after["unit"] if row[1] == "thue-tinh")
    assert tax[3] == next(row[0] for row in after["cluster"] if row[1] == "cum-van-hoa-xa-hoi")
    assert "so-xay-dung: headcount '185' → '190'" in report.summary()


async def test_rows_missing_from_the_file_are_left_alone(sessions: SessionFactory) -> None:
    org = read_org_file(EXAMPLE)
    await import_org(sessions=sessions, org=org)
    before = await _dump(sessions)
    smaller = copy.deepcopy(org)
    dropped = smaller.clusters.pop()  # cum-xa, its units and leaders
    smaller.clusters[0].leaders.pop()
    smaller.admins.pop()

    report = await import_org(sessions=sessions, org=smaller)

    assert await _dump(sessions) == before
    assert (report.added, report.changed) == ([], [])
    assert f"cluster {dropped.code} ({dropped.name})" in report.left_alone
    assert "unit ubnd-xa-chu-se (Ủy ban nhân dân xã Chư Sê)" in report.left_alone
    assert "deputy Trần Thị Bình in cum-kinh-te" in report.left_alone
    assert "admin Phan Thị Thu" in report.left_alone
    assert len(report.left_alone) == 1 + 4 + 3 + 1 + 1


async def test_an_error_midway_rolls_everything_back(sessions: SessionFactory) -> None:
    org = read_org_file(EXAMPLE)
    # Unvalidated data whose leader names a unit nowhere: fails after clusters were written.
    org.clusters[-1].leaders[0].unit = "no-such-unit"
    with pytest.raises(KeyError):
        await import_org(sessions=sessions, org=org)
    assert all(rows == [] for rows in (await _dump(sessions)).values())


BROKEN_YAML = """\
province: Tỉnh thử
clusters:
  - code: Cum-1
    kind: cun
    name: Cụm một
    units:
      - {code: a, name: Đơn vị A, headcount: -3}
      - {code: a, name: Đơn vị B, headcount: 12.5, heacount: 1}
      - {code: b, headcount: 200000}
  - code: cum-2
    kind: khoi
    name: Khối hai
    units:
      - {code: c, name: Đơn vị C, headcount: 40}
    leaders:
      - {name: Người Một, role: chairman, unit: c}
      - {name: Người Hai, role: deputy, unit: b}
"""


async def test_a_broken_yaml_file_reports_every_error_with_its_line_and_column(
    tmp_path: Path, sessions: SessionFactory
) -> None:
    path = tmp_path / "org.yaml"
    path.write_text(BROKEN_YAML + "  - code: " + "x" * 65 + "\n", encoding="utf-8")

    found = [(e.location, e.message) for e in _errors(path)]

    assert found == [
        ("line 3, column 11", "code 'Cum-1' may only use lowercase a-z, digits and '-'"),
        ("line 4, column 11", "unknown kind 'cun' (use one of: cum, cụm, khoi, khối)"),
        ("line 7, column 46", "headcount must be a whole number ≥ 0, not -3"),
        ("line 8, column 52", "unknown key 'heacount' in a unit"),
        ("line 8, column 46", "headcount must be a whole number ≥ 0, not 12.5"),
        ("line 8, column 16", "duplicate unit code 'a' (first at line 7, column 16)"),
        ("line 9, column 9", "name is missing or blank"),
        ("line 9, column 30", "headcount 200000 is implausible (at most 100000)"),
        ("line 16, column 33", found[8][1]),
        ("line 18, column 11", "code is 65 characters long (at most 64)"),
        ("line 18, column 5", "kind is missing or blank"),
        ("line 18, column 5", "name is missing or blank"),
        ("line 17, column 47", "the leader's unit 'b' is not a unit of 'cum-2'"),
    ]
    assert found[8][1].startswith("unknown role 'chairman' (use one of: leader, trưởng cụm")
    assert all(rows == [] for rows in (await _dump(sessions)).values())


def test_a_yaml_syntax_error_is_located(tmp_path: Path) -> None:
    path = tmp_path / "org.yml"
    path.write_text("province: x\nclusters: [\n  {code: a\n", encoding="utf-8")
    [error] = _errors(path)
    assert error.location.startswith("line 4, column 1")
    assert error.message.startswith("not valid YAML")


def test_a_broken_workbook_reports_every_error_by_sheet_and_cell(tmp_path: Path) -> None:
    path = tmp_path / "org.xlsx"
    write_org_file(read_org_file(EXAMPLE), path)
    book = load_workbook(path)
    units, leaders = book["Đơn vị"], book["Lãnh đạo"]
    assert tuple(c.value for c in units[1]) == (*UNIT_COLUMNS, *SHORT_COLUMNS)
    units["F3"] = "nhiều"
    units["D4"] = "So Y Te"
    units["B5"] = "cum"  # the same kind, spelt differently: fine
    units["C6"] = "Một tên khác"
    units["A7"], units["B7"], units["C7"] = None, None, None  # as merged cells read
    leaders["C3"] = "Chủ tịch"
    leaders["D2"] = "so-y-te"
    leaders["A12"] = "cum-khong-co"
    book.save(path)

    found = [(e.location, e.message) for e in _errors(path)]

    assert [location for location, _ in found] == [
        "Đơn vị!F3", "Đơn vị!D4", "Đơn vị!C6", "Lãnh đạo!C3", "Lãnh đạo!A12", "Lãnh đạo!D2",
    ]  # fmt: skip
    assert found[0][1] == "Biên chế must be a whole number ≥ 0, not 'nhiều'"
    assert found[2][1] == "Tên cụm differs from Đơn vị!C2"
    assert found[4][1] == "no cluster 'cum-khong-co' on the sheet 'Đơn vị'"
    assert found[5][1] == "the leader's unit 'so-y-te' is not a unit of 'cum-kinh-te' " + (
        "(it is in 'cum-van-hoa-xa-hoi')"
    )


def test_short_names_are_optional_and_checked(tmp_path: Path) -> None:
    path = tmp_path / "org.xlsx"
    write_org_file(read_org_file(EXAMPLE), path)
    book = load_workbook(path)
    units = book["Đơn vị"]
    assert (units["G2"].value, units["H3"].value) == ("Cụm Kinh tế", "Sở NN và MT")
    units["H4"] = "Sở Công Thương " * 6  # longer than a chart's label could ever be
    book.save(path)
    assert [(e.location, e.message) for e in _errors(path)] == [
        ("Đơn vị!H4", "Tên ngắn đơn vị is 89 characters long (at most 80)")
    ]
    units.delete_cols(7, 2)  # a workbook made before short names existed
    book.save(path)
    org = read_org_file(path)
    assert org.clusters[0].short_name is None and org.clusters[0].units[1].short_name is None
    assert org.clusters[0].units[1].name == "Sở Nông nghiệp và Môi trường"


def test_vietnamese_roles_and_kinds_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "org.xlsx"
    write_org_file(read_org_file(EXAMPLE), path)
    book = load_workbook(path)
    first_leader = ("cum-kinh-te", "Nguyễn Văn An", "Trưởng cụm", "so-tai-chinh")
    assert tuple(c.value for c in book["Lãnh đạo"][2]) == first_leader
    book["Lãnh đạo"]["C3"] = "phó trưởng khối"
    book["Lãnh đạo"]["C2"] = "LEADER"
    book["Đơn vị"]["B2"] = "Cụm"
    book.save(path)
    assert read_org_file(path).clusters[0].leaders[1].role is Role.DEPUTY


@pytest.mark.parametrize("suffix", [".yaml", ".xlsx"])
async def test_an_export_imports_into_a_fresh_database_unchanged(
    suffix: str, tmp_path: Path, sessions: SessionFactory
) -> None:
    org = read_org_file(EXAMPLE)
    await import_org(sessions=sessions, org=org)
    original = _content(await _dump(sessions))
    path = tmp_path / f"export{suffix}"
    write_org_file(await export_org(sessions=sessions), path)
    await _wipe(sessions)

    exported = read_org_file(path)
    report = await import_org(sessions=sessions, org=exported)

    assert exported == dataclasses.replace(org, demo=False)
    assert _content(await _dump(sessions)) == original
    assert report.changed == [] and report.left_alone == []


def _cli(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "org", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "DATABASE_URL": database_url},
    )  # fmt: skip


@pytest.mark.slow
async def test_the_cli_imports_reports_and_exports(
    tmp_path: Path, database_url: str, sessions: SessionFactory
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(BROKEN_YAML, encoding="utf-8")
    result = _cli(database_url, "import", str(broken))
    assert result.returncode == 1, result.stderr
    assert "line 4, column 11: unknown kind 'cun'" in result.stderr
    assert "line 9, column 9: name is missing or blank" in result.stderr
    assert "10 error(s), nothing imported" in result.stderr
    assert all(rows == [] for rows in (await _dump(sessions)).values())

    result = _cli(database_url, "import", str(EXAMPLE))
    assert result.returncode == 0, result.stderr
    assert "Added: 68" in result.stdout and "  unit so-tai-chinh (Sở Tài chính)" in result.stdout
    assert _cli(database_url, "import", str(EXAMPLE)).stdout.count("No changes") == 1

    exported = tmp_path / "org.xlsx"
    result = _cli(database_url, "export", str(exported))
    assert result.returncode == 0, result.stderr
    assert "7 clusters, 42 units, 16 leaders and 2 admins" in result.stdout
    assert read_org_file(exported) == dataclasses.replace(read_org_file(EXAMPLE), demo=False)

    result = _cli(database_url, "export", str(tmp_path / "org.csv"))
    assert result.returncode == 2 and "use a .yaml, .yml or .xlsx file" in result.stderr


def test_demo_marker_survives_a_yaml_export(tmp_path: Path) -> None:
    path = tmp_path / "demo.yaml"
    org: OrgFile = read_org_file(EXAMPLE)
    write_org_file(org, path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# DỮ LIỆU MẪU — không phải dữ liệu thật của tỉnh nào\ndemo: true\n")
    assert read_org_file(path) == org
