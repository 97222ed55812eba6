"""Bank statements from the console: a cluster's statement read as the chat reads it, its lines
without a code matched by hand (as /doisoat); for treasurers who use Zalo only.

A leader reaches their cluster's statements only; a form without the CSRF token, a file of
the wrong kind, too large, with macros or formulas, or with a malformed line changes nothing;
each import and match is on the trail.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from html import unescape

import aiohttp
import pytest
from sqlmodel import col, func, select

from bot.config import Settings
from domain.pledge.payment_code import memo
from domain.roles import Role
from storage.audit.models import AuditEntry
from storage.membership.models import Member
from storage.pledge.models import Pledge
from storage.pledge.payment_models import BankTransaction
from tests.console.console_helpers import Console, client, running_console, sign_in
from tests.leader.summarydata import YEAR
from tests.pledge.statements import vietcombank, xlsx
from tests.support.fakeclock import FakeClock

_TAG = re.compile(r"<[^>]+>")
_LINE = re.compile(r'name="line" value="(\d+)"')


@pytest.fixture(params=["telegram", "zalo"])
async def console(
    settings: Settings, clock: FakeClock, request: pytest.FixtureRequest
) -> AsyncIterator[Console]:
    async with running_console(settings, request.param) as running:
        yield running


@pytest.fixture
async def one(settings: Settings, clock: FakeClock) -> AsyncIterator[Console]:
    """The console on one channel's sign-in path: the file checks do not depend on it."""
    async with running_console(settings, "telegram") as running:
        yield running


def text(html: str) -> str:
    return " ".join(unescape(_TAG.sub(" ", html)).split())


async def upload(
    http: aiohttp.ClientSession, address: str, csrf: str | None, name: str, data: bytes
) -> tuple[int, str]:
    form = aiohttp.FormData()
    if csrf is not None:
        form.add_field("csrf", csrf)
    form.add_field("file", data, filename=name)
    async with http.post(f"{address}/tai-len", data=form) as answer:
        return answer.status, await answer.text()


async def pledge_of(console: Console, name: str) -> int:
    async with console.both.app.sessions() as session:
        statement = select(Pledge.id).join(Member, col(Member.id) == col(Pledge.member_id))
        found = (await session.exec(statement.where(Member.full_name == name))).one()
        assert found is not None
        return found


async def state(console: Console) -> tuple[int, list[str]]:
    """The bank lines stored and the console's trail lines: what a refusal must not change."""
    async with console.both.app.sessions() as session:
        lines = (await session.exec(select(func.count()).select_from(BankTransaction))).one()
        entries = await session.exec(select(AuditEntry.action).where(AuditEntry.kind == "console"))
        return int(lines), list(entries.all())


async def test_a_treasurer_imports_a_statement_and_matches_a_line_without_a_code(
    console: Console,
) -> None:
    cluster = console.world.org.cluster_a
    address = f"{console.base}/quantri/sao-ke/{cluster}"
    cuc = await pledge_of(console, "Hồ Thị Cúc")
    statement = vietcombank([
        ("20/11/2026", "FT001", "", "100.000", memo(YEAR, cuc, "Hồ Thị Cúc")),
        ("21/11/2026", "FT002", "", "100.000", "CUC CHUYEN TIEN UNG HO QUY"),
    ])  # fmt: skip
    async with client() as http:
        _, csrf = await sign_in(http, await console.link(Role.LEADER))
        listed = text(await (await http.get(f"{console.base}/quantri/sao-ke")).text())
        assert "Cụm thi đua số 1" in listed and "Khối thi đua số 2" not in listed
        status, html = await upload(http, address, csrf, "sao-ke.xlsx", statement)
        assert status == 200, text(html)
        shown = text(html)
        assert "Đã đối chiếu sao kê: 1 khoản khớp với đăng ký ủng hộ." in shown
        assert "• Hồ Thị Cúc: đã nhận 100.000 đồng trên 200.000 đồng." in shown
        assert "Giao dịch chưa có mã ủng hộ (1)" in shown
        assert "100.000 CUC CHUYEN TIEN UNG HO QUY" in shown
        line = _LINE.search(html)
        assert line is not None
        async with http.post(f"{address}/ghep", data={
            "csrf": csrf, "line": line.group(1), "code": memo(YEAR, cuc, "Hồ Thị Cúc"),
            "reason": "Đồng chí Cúc xác nhận qua điện thoại",
        }) as answer:  # fmt: skip
            assert answer.status == 200 and str(answer.url) == address
            shown = text(await answer.text())
        assert "Đã ghép: Hồ Thị Cúc đã nhận 200.000 đồng trên 200.000 đồng." in shown
        assert "Giao dịch chưa có mã ủng hộ (0)" in shown
        trail = text(await (await http.get(f"{console.base}/quantri/nhat-ky?kind=console")).text())
    assert "nhập sao kê (khớp / chờ ghép / đã nhập trước) Phạm Văn Trưởng" in trail
    assert "ghép giao dịch với khoản ủng hộ Phạm Văn Trưởng" in trail
    assert "Đồng chí Cúc xác nhận qua điện thoại" in trail
    async with console.both.app.sessions() as session:
        pledge = await session.get(Pledge, cuc)
        assert pledge is not None and pledge.status == "paid"


async def test_another_clusters_statements_and_a_form_without_the_token_are_refused(
    console: Console,
) -> None:
    other = f"{console.base}/quantri/sao-ke/{console.world.org.cluster_b}"
    own = f"{console.base}/quantri/sao-ke/{console.world.org.cluster_a}"
    statement = vietcombank([("21/11/2026", "FT009", "", "50.000", "UNG HO")])
    before = await state(console)
    async with client() as http:
        _, csrf = await sign_in(http, await console.link(Role.LEADER))
        assert (await http.get(other)).status == 403
        status, html = await upload(http, other, csrf, "sao-ke.xlsx", statement)
        assert status == 403 and "Không có quyền truy cập" in text(html)
        status, html = await upload(http, own, None, "sao-ke.xlsx", statement)
        assert status == 403 and "Biểu mẫu không hợp lệ" in text(html)
        matched = await http.post(f"{own}/ghep", data={"line": "1", "code": "UH 2026 0001"})
        assert matched.status == 403
    assert await state(console) == before


@pytest.mark.parametrize(
    ("name", "data", "status", "says"),
    [
        ("sao-ke.txt", b"hello", 415, "Tệp không đúng loại"),
        ("sao-ke.xlsm", b"PK\x03\x04", 415, "Tệp có macro"),
        ("sao-ke.xlsx", xlsx([["Ngày giao dịch", "Số tiền ghi có"], ["1/1/2026", "=1+1"]]), 422,
         "có ô chứa công thức"),
        ("sao-ke.csv", b"x" * (5 * 1024 * 1024 + 1), 413, "lớn hơn 5 MB"),
        ("sao-ke.xlsx", vietcombank([("21/11/2026", "FT010", "", "nhiều", "UNG HO")]), 422,
         "Dòng 6, cột E: số tiền không hợp lệ (“nhiều”)."),
        ("sao-ke.csv", b"a,b\n1,2\n", 422, "Tôi không tìm thấy bảng giao dịch trong tệp"),
    ],
)  # fmt: skip
async def test_a_bad_statement_changes_nothing(
    one: Console, name: str, data: bytes, status: int, says: str
) -> None:
    console = one
    own = f"{console.base}/quantri/sao-ke/{console.world.org.cluster_a}"
    before = await state(console)
    async with client() as http:
        _, csrf = await sign_in(http, await console.link(Role.ADMIN))
        got, html = await upload(http, own, csrf, name, data)
    assert (got, says in text(html)) == (status, True), text(html)
    assert await state(console) == before
