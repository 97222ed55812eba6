"""The organisation from the console: upload, preview, apply (or cancel), on the trail.

A file with mistakes shows each with its sheet, row and column; a file of the wrong kind,
too large, with macros or formulas is refused before reading; a file that drops a unit with
data is refused with the reason; a preview applied after the organisation changed is refused.
None of these changes anything.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import AsyncIterator
from html import unescape

import aiohttp
import pytest
from openpyxl import Workbook, load_workbook
from sqlmodel import col, select

from bot.config import Settings
from bot.orgfile.yaml_format import to_yaml
from domain.roles import Role
from storage.audit.models import AuditEntry
from storage.membership.models import Member, Unit
from storage.membership.org_import import export_org
from tests.console.console_helpers import Console, client, csrf_of, running_console, sign_in
from tests.support.fakeclock import FakeClock

_FIELD = re.compile(r'name="(payload|seen|seal|csrf)" value="([^"]*)"')
_TAG = re.compile(r"<[^>]+>")


@pytest.fixture
async def console(settings: Settings, clock: FakeClock) -> AsyncIterator[Console]:
    async with running_console(settings, "telegram") as running:
        yield running


async def _admin(console: Console, http: aiohttp.ClientSession) -> str:
    _, csrf = await sign_in(http, await console.link(Role.ADMIN))
    return csrf


async def upload(
    console: Console, http: aiohttp.ClientSession, csrf: str, name: str, data: bytes
) -> tuple[int, str]:
    form = aiohttp.FormData()
    form.add_field("csrf", csrf)
    form.add_field("file", data, filename=name)
    async with http.post(f"{console.base}/quantri/to-chuc/xem-truoc", data=form) as page:
        return page.status, await page.text()


async def workbook(console: Console, http: aiohttp.ClientSession) -> Workbook:
    async with http.get(f"{console.base}/quantri/to-chuc.xlsx") as page:
        assert page.status == 200
        return load_workbook(io.BytesIO(await page.read()))


def saved(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def text(html: str) -> str:
    return " ".join(unescape(_TAG.sub(" ", html)).split())


async def _state(console: Console) -> tuple[str, list[tuple[str, str]]]:
    """The organisation on record and the trail's organisation lines: what must not change."""
    org = to_yaml(await export_org(sessions=console.both.app.sessions))
    async with console.both.app.sessions() as session:
        rows = await session.exec(select(AuditEntry).where(AuditEntry.kind == "organisation"))
        return org, [(r.action, r.subject) for r in rows.all()]


async def test_preview_then_apply_and_find_it_on_the_trail(console: Console) -> None:
    async with client() as http, client() as deputy:
        await sign_in(deputy, await console.link(Role.DEPUTY))
        csrf = await _admin(console, http)
        book = await workbook(console, http)
        units, leaders = book["Đơn vị"], book["Lãnh đạo"]
        for row in units.iter_rows(min_row=2):
            if row[3].value == "so-tai-chinh":
                row[5].value = 85
        units.append(("khoi-2", "Khối", "Khối thi đua số 2", "so-cong-thuong", "Sở Công Thương",
                      45))  # fmt: skip
        for row in leaders.iter_rows(min_row=2):
            if row[1].value == "Lê Văn Phó":
                row[1].value = "Đinh Văn Mới"
        status, html = await upload(console, http, csrf, "to-chuc.xlsx", saved(book))
        assert status == 200, text(html)
        shown = text(html)
        assert "Thêm mới (1) Đơn vị Sở Công Thương (so-cong-thuong) — khoi-2" in shown
        assert "Đơn vị Sở Tài chính (so-tai-chinh), biên chế: 80 → 85" in shown
        assert "Phó Trưởng cụm, khối cum-1: Lê Văn Phó → Đinh Văn Mới" in shown
        assert await _state(console) == (await _state(console))  # (read twice: stable)
        fields = dict(_FIELD.findall(html))
        async with http.post(
            f"{console.base}/quantri/to-chuc/ap-dung",
            data=fields | {"reason": "Quyết định số 12/QĐ-UBND"},
        ) as page:
            assert page.status == 200 and str(page.url).endswith("/quantri/to-chuc")
            assert "Đã áp dụng tệp tổ chức: thêm 1, sửa 1, chuyển 0, thay người 1, bỏ 0." in text(
                await page.text()
            )
        # The deputy replaced: their session ends with their role.
        page = await deputy.get(f"{console.base}/quantri/cum/{console.world.org.cluster_a}")
        assert page.status == 403 and "Phiên làm việc đã kết thúc" in await page.text()
        trail = text(
            await (await http.get(f"{console.base}/quantri/nhat-ky?kind=organisation")).text()
        )
    assert (
        "Tổ chức thêm Võ Thị Quản Khối thi đua số 2 Đơn vị so-cong-thuong Sở Công Thương" in trail
    )
    assert "Quyết định số 12/QĐ-UBND" in trail
    replaced = "Phó Trưởng cụm, khối cum-1 Lê Văn Phó Đinh Văn Mới"
    assert f"thay người Võ Thị Quản Cụm thi đua số 1 {replaced}" in trail
    async with console.both.app.sessions() as session:
        unit = (await session.exec(select(Unit).where(Unit.code == "so-cong-thuong"))).one()
        assert unit.headcount == 45
        old = (await session.exec(select(Member).where(Member.full_name == "Lê Văn Phó"))).one()
        assert old.role == "member" and old.cluster_id is None and old.unit_id is not None


async def test_a_file_with_mistakes_shows_row_and_column_and_changes_nothing(
    console: Console,
) -> None:
    before = await _state(console)
    async with client() as http:
        csrf = await _admin(console, http)
        book = await workbook(console, http)
        book["Đơn vị"]["F3"] = "nhiều"
        book["Đơn vị"]["D4"] = "Sở Y Tế"
        status, html = await upload(console, http, csrf, "to-chuc.xlsx", saved(book))
        assert status == 422
        shown = text(html)
        assert "Tệp to-chuc.xlsx có 2 lỗi, chưa được áp dụng." in shown
        assert "Đơn vị 3 F “Biên chế” phải là số nguyên không âm, không phải 'nhiều'." in shown
        assert "Đơn vị 4 D “Mã đơn vị” 'Sở Y Tế' chỉ được dùng chữ thường a-z" in shown
        yaml = to_yaml(await export_org(sessions=console.both.app.sessions))
        broken = yaml.replace("headcount: 60", "headcount: -3", 1)
        status, html = await upload(console, http, csrf, "to-chuc.yaml", broken.encode())
        assert status == 422
        line = next(i for i, t in enumerate(broken.splitlines(), 1) if "headcount: -3" in t)
        assert re.search(rf'<td class="n">{line}</td><td>\d+</td><td>“headcount” phải là', html)
    assert await _state(console) == before


@pytest.mark.parametrize(
    ("name", "data", "status", "says"),
    [
        ("to-chuc.txt", b"hello", 415, "Tệp không đúng loại"),
        ("to-chuc.xlsx", b"this is no workbook", 415, "Tệp không đúng loại"),
        ("to-chuc.xlsm", b"PK\x03\x04", 415, "Tệp có macro"),
        ("to-chuc.yaml", b"", 422, "Chưa chọn tệp, hoặc tệp trống"),
        ("to-chuc.yaml", b"\xff\xfe\x00b\x00a\x00d", 415, "Tệp không đúng loại"),
        ("to-chuc.yaml", b"province: x\n" + b"#" * (2 * 1024 * 1024), 413, "lớn hơn 2 MB"),
    ],
)  # fmt: skip
async def test_a_file_refused_before_reading_changes_nothing(
    console: Console, name: str, data: bytes, status: int, says: str
) -> None:
    before = await _state(console)
    async with client() as http:
        csrf = await _admin(console, http)
        got, html = await upload(console, http, csrf, name, data)
    assert (got, says in text(html)) == (status, True), text(html)
    assert await _state(console) == before


def _with(
    book_bytes: bytes, extra: dict[str, bytes], replace: dict[str, bytes] | None = None
) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(book_bytes))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, (replace or {}).get(item.filename, source.read(item.filename)))
        for name, data in extra.items():
            target.writestr(name, data)
    return out.getvalue()


async def test_macros_and_formulas_are_refused(console: Console) -> None:
    before = await _state(console)
    async with client() as http:
        csrf = await _admin(console, http)
        book = await workbook(console, http)
        plain = saved(book)
        macro = _with(plain, {"xl/vbaProject.bin": b"\x00" * 64})
        status, html = await upload(console, http, csrf, "to-chuc.xlsx", macro)
        assert status == 415 and "Tệp có macro" in text(html)
        book["Đơn vị"]["F2"] = "=40+40"
        status, html = await upload(console, http, csrf, "to-chuc.xlsx", saved(book))
        assert status == 422 and "có ô chứa công thức" in text(html)
    assert await _state(console) == before


async def test_dropping_a_unit_with_data_is_refused_with_the_reason(console: Console) -> None:
    before = await _state(console)
    async with client() as http:
        csrf = await _admin(console, http)
        org = await export_org(sessions=console.both.app.sessions)
        org.clusters[0].units = [u for u in org.clusters[0].units if u.code != "so-xay-dung"]
        status, html = await upload(console, http, csrf, "to-chuc.yaml", to_yaml(org).encode())
        assert status == 200
        shown = text(html)
        assert (
            "Đơn vị Sở Xây dựng (so-xay-dung) đã có: 1 người, 1 báo cáo hoạt động, "
            "1 khoản ủng hộ, 1 khoản thu của đơn vị, 1 bản đăng ký thi đua."
        ) in shown
        assert re.search(r'<button type="submit" class="primary" disabled>Áp dụng', html)
        fields = dict(_FIELD.findall(html))  # a hand-made POST is refused all the same
        page = await http.post(f"{console.base}/quantri/to-chuc/ap-dung", data=fields)
        assert page.status == 409
        assert "Tệp bỏ so-xay-dung, đã có dữ liệu" in text(await page.text())
    assert await _state(console) == before


async def test_an_empty_unit_is_removed(console: Console) -> None:
    async with console.both.app.sessions() as session, session.begin():
        session.add(Unit(code="so-trong", name="Sở Trống", cluster_id=console.world.org.cluster_b,
                         headcount=5))  # fmt: skip
    async with client() as http:
        csrf = await _admin(console, http)
        org = await export_org(sessions=console.both.app.sessions)
        org.clusters[1].units = [u for u in org.clusters[1].units if u.code != "so-trong"]
        _, html = await upload(console, http, csrf, "to-chuc.yaml", to_yaml(org).encode())
        assert "Bỏ khỏi tổ chức (1) Đơn vị Sở Trống (so-trong) — khoi-2" in text(html)
        page = await http.post(f"{console.base}/quantri/to-chuc/ap-dung",
                               data=dict(_FIELD.findall(html)))  # fmt: skip
        assert page.status == 200
    async with console.both.app.sessions() as session:
        codes = (await session.exec(select(col(Unit.code)))).all()
    assert "so-trong" not in codes and "so-y-te" in codes


async def test_a_preview_of_an_organisation_that_changed_since_is_refused(
    console: Console,
) -> None:
    async with client() as http:
        csrf = await _admin(console, http)
        org = await export_org(sessions=console.both.app.sessions)
        org.clusters[1].name = "Khối các sở"
        _, html = await upload(console, http, csrf, "to-chuc.yaml", to_yaml(org).encode())
        fields = dict(_FIELD.findall(html))
        async with console.both.app.sessions() as session, session.begin():
            unit = (await session.exec(select(Unit).where(Unit.code == "so-y-te"))).one()
            unit.headcount = 121  # someone else changed the organisation meanwhile
            session.add(unit)
        before = await _state(console)
        page = await http.post(f"{console.base}/quantri/to-chuc/ap-dung", data=fields)
        assert page.status == 409
        assert "Tổ chức đã thay đổi kể từ khi xem trước" in text(await page.text())
        forged = fields | {"payload": fields["payload"][:-4] + "AAAA"}
        page = await http.post(f"{console.base}/quantri/to-chuc/ap-dung", data=forged)
        assert page.status == 400 and "Bản xem trước không hợp lệ" in text(await page.text())
        same = to_yaml(await export_org(sessions=console.both.app.sessions)).encode()
        _, html = await upload(console, http, csrf, "to-chuc.yaml", same)
        assert "Tệp không thay đổi gì so với tổ chức hiện tại." in text(html)
        assert csrf_of(html) == csrf
    assert await _state(console) == before
