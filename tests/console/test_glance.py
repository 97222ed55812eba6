"""The province at a glance: /tonghop's figures per cluster, sorted on the server,
downloadable; a leader sees their own cluster only, and odd addresses get a page, not a 500."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from domain.roles import Role
from tests.console.console_helpers import Console, client, csrf_of, sign_in

_ROW = re.compile(r'<tr data-cluster="([^"]+)">(.*?)</tr>', re.S)
_CELL = re.compile(r"<t[dh][^>]*>(.*?)</t[dh]>", re.S)
_TAG = re.compile(r"<[^>]+>")


def rows(html: str) -> dict[str, list[str]]:
    """Return the province table's cells by cluster code, as shown."""
    return {
        code: [_TAG.sub("", cell).strip() for cell in _CELL.findall(body)]
        for code, body in _ROW.findall(html)
    }


async def test_every_cluster_in_one_table(console: Console) -> None:
    async with client() as http:
        html, _ = await sign_in(http, await console.link(Role.ADMIN))
    shown = rows(html)
    # Units, joined/headcount, Đợt I, Đợt II, registered, pledged, paid, confirmed, houses.
    assert shown["cum-1"] == ["Cụm thi đua số 1", "3", "3/180", "1/3", "1/3", "2/3", "2.000.000",
                              "1.800.000", "1.500.000", "0/1", "Chưa có bảng điểm"]  # fmt: skip
    assert shown["khoi-2"] == ["Khối thi đua số 2", "1", "0/120", "0/1", "1/1", "1/1", "700.000",
                               "700.000", "700.000", "0/1", "Chưa có bảng điểm"]  # fmt: skip
    assert 'href="/quantri/cum/' in html


@pytest.mark.parametrize(
    ("query", "order"),
    [("", ["cum-1", "khoi-2"]), ("?sort=pledged", ["khoi-2", "cum-1"]),
     ("?sort=pledged&dir=desc", ["cum-1", "khoi-2"]),
     ("?sort=phase2&dir=desc", ["khoi-2", "cum-1"]), ("?sort=name&dir=desc", ["khoi-2", "cum-1"]),
     ("?sort=%3Cscript%3E", ["cum-1", "khoi-2"])],
)  # fmt: skip
async def test_sorted_on_the_server(console: Console, query: str, order: list[str]) -> None:
    async with client() as http:
        await sign_in(http, await console.link(Role.ADMIN))
        page = await http.get(f"{console.base}/quantri/tinh{query}")
        assert page.status == 200
        html = await page.text()
    assert list(rows(html)) == order
    assert "<script" not in html


async def test_the_table_downloads_as_csv_and_excel(console: Console) -> None:
    async with client() as http:
        await sign_in(http, await console.link(Role.ADMIN))
        csv = await http.get(f"{console.base}/quantri/tinh.csv?sort=pledged")
        assert csv.headers["content-disposition"].startswith("attachment;")
        text = (await csv.read()).decode("utf-8")
        xlsx = await http.get(f"{console.base}/quantri/tinh.xlsx")
        book = load_workbook(io.BytesIO(await xlsx.read()))
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[0].startswith('"Cụm, khối",Mã,Đơn vị,Đã tham gia,Biên chế,')
    assert lines[1].startswith("Khối thi đua số 2,khoi-2,1,0,120,0,1,1,700000,")
    assert lines[2] == ("Cụm thi đua số 1,cum-1,3,3,180,1,1,2,2000000,1800000,1500000,0,1,"
                        "Chưa có bảng điểm")  # fmt: skip
    sheet = book["Toàn tỉnh"]
    assert [c.value for c in sheet[2]][:5] == ["Cụm thi đua số 1", "cum-1", 3, 3, 180]
    assert sheet["I2"].value == 2_000_000


async def test_a_leader_sees_their_cluster_only(console: Console) -> None:
    own, other = console.world.org.cluster_a, console.world.org.cluster_b
    async with client() as http:
        html, csrf = await sign_in(http, await console.link(Role.LEADER))
        assert 'data-figure="joined">3/180<' in html
        for path in ("/quantri/tinh", "/quantri/tinh.csv", "/quantri/tinh.xlsx",
                     f"/quantri/cum/{other}", "/quantri/to-chuc", "/quantri/to-chuc.xlsx",
                     f"/quantri/nhat-ky?cluster={other}", f"/quantri/nhat-ky.csv?cluster={other}",
                     "/quantri/cum/999999"):  # fmt: skip
            page = await http.get(console.base + path)
            assert page.status == 403, path
            text = await page.text()
            assert "Đồng chí không có quyền xem trang này." in text
            assert "Khối thi đua số 2" not in text and "Sở Y tế" not in text
        page = await http.post(f"{console.base}/quantri/to-chuc/ap-dung", data={"csrf": csrf})
        assert page.status == 403
        assert (await http.get(f"{console.base}/quantri/cum/{own}")).status == 200
        page = await http.get(f"{console.base}/quantri/nhat-ky")
        assert page.status == 200 and csrf_of(await page.text()) == csrf


async def test_odd_addresses_get_a_page_never_a_500(console: Console) -> None:
    async with client() as http:
        await sign_in(http, await console.link(Role.ADMIN))
        for path, status in (("/quantri/cum/abc", 404), ("/quantri/khong-co", 404),
                             ("/quantri/cum/1/../../tinh%00", 404), ("/quantri/" + "a" * 400, 414),
                             ("/quantri/vao/" + "1." * 200, 414), ("/quantri/%ff%fe", 404),
                             ("/quantri/tinh.csv.bak", 404)):  # fmt: skip
            page = await http.get(console.base + path)
            assert page.status == status, path
            assert "Ban Thi đua - Khen thưởng" in await page.text()
        page = await http.delete(f"{console.base}/quantri/tinh")
        assert page.status == 405
        page = await http.get(console.base + "/quantri/" + "b" * 9000)
        assert 400 <= page.status < 500  # longer than a request line may be
