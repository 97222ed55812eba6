"""Scoring tables from the console: each cluster's table of a year, uploaded, downloaded, copied.

A draft is changed by the cluster's leader or the admin; once a unit has submitted only the
admin changes it and every unit's reporter is told; a published table is closed. A leader
never reaches another cluster's table; a form without the CSRF token and a bad file change
nothing; each change is on the trail with its reason.
"""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from html import unescape
from pathlib import Path

import aiohttp
import pytest
from openpyxl import load_workbook
from sqlmodel import col, select

from bot.config import Settings
from bot.scoringfile.yaml_format import parse_yaml, to_yaml
from domain.roles import Role
from storage.audit.models import AuditEntry
from storage.membership.models import Identity, Member
from storage.outbox.models import Outbox
from storage.scoring.models import ScoringTable, UnitAssessment
from storage.scoring.table import apply_table, find_table, read_table
from tests.console.console_helpers import Console, client, running_console, sign_in
from tests.leader.summarydata import YEAR
from tests.support.fakeclock import FakeClock

EXAMPLE = (Path(__file__).parents[2] / "examples" / "scoring.yaml").read_text(encoding="utf-8")
_TAG = re.compile(r"<[^>]+>")


@pytest.fixture
async def console(settings: Settings, clock: FakeClock) -> AsyncIterator[Console]:
    async with running_console(settings, "telegram") as running:
        yield running


def text(html: str) -> str:
    return " ".join(unescape(_TAG.sub(" ", html)).split())


def page(console: Console, cluster: int, year: int = YEAR) -> str:
    return f"{console.base}/quantri/bang-diem/{cluster}/{year}"


async def upload(
    http: aiohttp.ClientSession, address: str, csrf: str | None, name: str, data: bytes,
    reason: str = "",
) -> tuple[int, str]:  # fmt: skip
    form = aiohttp.FormData()
    if csrf is not None:
        form.add_field("csrf", csrf)
    form.add_field("reason", reason)
    form.add_field("file", data, filename=name)
    async with http.post(f"{address}/tai-len", data=form) as answer:
        return answer.status, await answer.text()


async def seed_table(console: Console, cluster: int, year: int, yaml: str = EXAMPLE) -> None:
    async with console.both.app.sessions() as session, session.begin():
        await apply_table(session=session, cluster_id=cluster, year=year,
                          table=parse_yaml(yaml), admin=True)  # fmt: skip


async def stored(console: Console, cluster: int, year: int = YEAR) -> str | None:
    """The table on record as YAML (None: no table): what must not change."""
    async with console.both.app.sessions() as session:
        row = await find_table(session=session, cluster_id=cluster, year=year)
        if row is None or row.id is None:
            return None
        return to_yaml(await read_table(session=session, table_id=row.id))


async def trail_lines(console: Console) -> list[tuple[str, str, str]]:
    async with console.both.app.sessions() as session:
        rows = await session.exec(select(AuditEntry).where(AuditEntry.kind == "console"))
        return [(r.action, r.subject, r.reason) for r in rows.all()]


async def submit(console: Console, cluster: int, unit: int) -> None:
    """A unit submits its self-assessment: the table is in use from now on."""
    async with console.both.app.sessions() as session, session.begin():
        row = await find_table(session=session, cluster_id=cluster, year=YEAR)
        assert row is not None and row.id is not None
        session.add(UnitAssessment(table_id=row.id, unit_id=unit, status="submitted",
                                   submitted_at=datetime(2026, 11, 20, tzinfo=UTC)))  # fmt: skip
        reporter = Member(full_name="Trần Thị Hoa", role=Role.REPORTER.value, unit_id=unit)
        session.add(reporter)
        await session.flush()
        assert reporter.id is not None
        session.add(Identity(member_id=reporter.id, channel="telegram", external_user_id="7100",
                             chat_id="7100", display_name="Trần Thị Hoa"))  # fmt: skip


async def test_the_admin_copies_last_years_table_downloads_it_and_uploads_a_change(
    console: Console,
) -> None:
    cluster = console.world.org.cluster_a
    await seed_table(console, cluster, YEAR - 1)
    async with client() as http:
        _, csrf = await sign_in(http, await console.link(Role.ADMIN))
        overview = await (await http.get(f"{console.base}/quantri/bang-diem")).text()
        assert "Cụm thi đua số 1 Chưa có bảng điểm" in text(overview)
        assert "Khối thi đua số 2 Chưa có bảng điểm" in text(overview)
        async with http.post(
            f"{page(console, cluster)}/sao-chep",
            data={"csrf": csrf, "reason": "Giữ như năm trước"},
        ) as answer:
            assert answer.status == 200 and str(answer.url) == page(console, cluster)
            shown = text(await answer.text())
        assert "Đã sao chép bảng điểm năm trước làm dự thảo năm 2026." in shown
        assert "Tình trạng: Dự thảo" in shown
        assert "1.1 Hoàn thành các chỉ tiêu, nhiệm vụ chuyên môn theo kế hoạch năm" in shown
        assert await stored(console, cluster) == await stored(console, cluster, YEAR - 1)
        async with http.get(f"{page(console, cluster)}.yaml") as answer:
            assert answer.status == 200
            yaml = await answer.text()
        async with http.get(f"{page(console, cluster)}.xlsx") as answer:
            book = load_workbook(io.BytesIO(await answer.read()))
            assert book.sheetnames
        changed = yaml.replace("max: 30", "max: 25", 1)
        status, html = await upload(http, page(console, cluster), csrf, "bang-diem.yaml",
                                    changed.encode(), "Theo Kế hoạch số 5/KH-BTĐKT")  # fmt: skip
        assert status == 200, text(html)
        assert "Đã cập nhật bảng điểm: 1 thay đổi." in text(html)
        trail = text(await (await http.get(f"{console.base}/quantri/nhat-ky?kind=console")).text())
    assert "cập nhật bảng điểm thi đua Võ Thị Quản Cụm thi đua số 1" in trail
    assert "Theo Kế hoạch số 5/KH-BTĐKT" in trail
    assert "sao chép bảng điểm năm trước" in trail and "Giữ như năm trước" in trail
    assert "max: 25" in (await stored(console, cluster) or "")


async def test_a_leader_changes_their_draft_but_never_another_clusters_table(
    console: Console,
) -> None:
    own, other = console.world.org.cluster_a, console.world.org.cluster_b
    await seed_table(console, other, YEAR)
    before = await stored(console, other)
    async with client() as http:
        _, csrf = await sign_in(http, await console.link(Role.LEADER))
        overview = text(await (await http.get(f"{console.base}/quantri/bang-diem")).text())
        assert "Cụm thi đua số 1" in overview and "Khối thi đua số 2" not in overview
        assert (await http.get(page(console, other))).status == 403
        assert (await http.get(f"{page(console, other)}.yaml")).status == 403
        status, html = await upload(http, page(console, other), csrf, "b.yaml", EXAMPLE.encode())
        assert status == 403 and "Không có quyền truy cập" in text(html)
        copied = await http.post(f"{page(console, other)}/sao-chep", data={"csrf": csrf})
        assert copied.status == 403
        status, html = await upload(http, page(console, own), csrf, "a.yaml", EXAMPLE.encode())
        assert status == 200 and "Tình trạng: Dự thảo" in text(html)
    assert await stored(console, other) == before
    assert await stored(console, own) == to_yaml(parse_yaml(EXAMPLE))


async def test_a_table_in_use_is_the_admins_to_change_and_every_unit_is_told(
    console: Console,
) -> None:
    cluster = console.world.org.cluster_a
    await seed_table(console, cluster, YEAR)
    await submit(console, cluster, console.world.units["so-tai-chinh"])
    before = await stored(console, cluster)
    changed = EXAMPLE.replace("max: 30", "max: 20", 1).encode()
    async with client() as leader, client() as admin:
        _, csrf = await sign_in(leader, await console.link(Role.LEADER))
        status, html = await upload(leader, page(console, cluster), csrf, "a.yaml", changed)
        assert status == 409
        assert "chỉ Ban Thi đua - Khen thưởng được điều chỉnh. Không có thay đổi" in text(html)
        assert await stored(console, cluster) == before
        _, csrf = await sign_in(admin, await console.link(Role.ADMIN))
        status, html = await upload(admin, page(console, cluster), csrf, "a.yaml", changed)
        assert status == 200
        assert "Các đơn vị đã được thông báo về việc điều chỉnh." in text(html)
        assert "Tình trạng: Đang áp dụng" in text(html)
    async with console.both.app.sessions() as session:
        told = (await session.exec(
            select(Outbox).where(col(Outbox.key).startswith("scoring-table:"))
        )).all()  # fmt: skip
    assert [(o.chat_id, "Bảng điểm thi đua năm 2026" in o.text) for o in told] == [("7100", True)]
    assert "max: 20" in (await stored(console, cluster) or "")


async def test_a_published_table_is_closed(console: Console) -> None:
    cluster = console.world.org.cluster_a
    await seed_table(console, cluster, YEAR)
    async with console.both.app.sessions() as session, session.begin():
        row = (await session.exec(select(ScoringTable))).one()
        row.published_at = datetime(2026, 11, 1, tzinfo=UTC)
        session.add(row)
    before = await stored(console, cluster)
    async with client() as http:
        _, csrf = await sign_in(http, await console.link(Role.ADMIN))
        shown = text(await (await http.get(page(console, cluster))).text())
        assert "Tình trạng: Đã khóa (đã công bố kết quả)" in shown and "Tải lên" not in shown
        changed = EXAMPLE.replace("max: 30", "max: 20", 1).encode()
        status, html = await upload(http, page(console, cluster), csrf, "a.yaml", changed)
        assert status == 409 and "bảng điểm đã khóa" in text(html)
    assert await stored(console, cluster) == before


async def test_a_form_without_the_token_and_bad_files_change_nothing(console: Console) -> None:
    cluster = console.world.org.cluster_a
    await seed_table(console, cluster, YEAR - 1)
    async with client() as http:
        _, csrf = await sign_in(http, await console.link(Role.ADMIN))
        status, html = await upload(http, page(console, cluster), None, "a.yaml", EXAMPLE.encode())
        assert status == 403 and "Biểu mẫu không hợp lệ" in text(html)
        status, html = await upload(http, page(console, cluster), "forged", "a.yaml", b"x: 1")
        assert status == 403
        copied = await http.post(f"{page(console, cluster)}/sao-chep", data={"reason": "x"})
        assert copied.status == 403
        broken = EXAMPLE.replace("kind: graded, max: 30", "kind: graded, max: nhiều", 1)
        status, html = await upload(http, page(console, cluster), csrf, "a.yaml", broken.encode())
        assert status == 422, text(html)
        line = next(i for i, t in enumerate(broken.splitlines(), 1) if "max: nhiều" in t)
        assert re.search(rf'<td class="n">{line}</td><td>\d+</td>', html)
        assert "Tệp a.yaml có 1 lỗi, chưa được áp dụng." in text(html)
        status, html = await upload(http, page(console, cluster), csrf, "a.txt", b"hello")
        assert status == 415 and "Tệp không đúng loại" in text(html)
        status, html = await upload(http, page(console, cluster), csrf, "a.xlsm", b"PK\x03\x04")
        assert status == 415 and "Tệp có macro" in text(html)
        big = b"title: x\n" + b"#" * (2 * 1024 * 1024)
        status, html = await upload(http, page(console, cluster), csrf, "a.yaml", big)
        assert status == 413 and "lớn hơn 2 MB" in text(html)
        assert (await http.get(f"{console.base}/quantri/bang-diem/{cluster}/1999")).status == 404
    assert await stored(console, cluster) is None
    assert await trail_lines(console) == []
