"""People's pages through the running bot: the search, a person's page, the forms with and
without their token, bad input worded, a leader kept to their cluster and signed out by a new
role, the export downloaded and the erasure confirmed."""

from __future__ import annotations

import re
from html import unescape

from sqlmodel import select

from domain.roles import Role
from storage.audit.models import AuditEntry
from storage.membership.models import Member
from tests.console.console_helpers import Console, client, named, sign_in

_TAG = re.compile(r"<[^>]+>")


def text(html: str) -> str:
    return " ".join(unescape(_TAG.sub(" ", html)).split())


async def test_the_pages_search_change_refuse_export_and_erase(console: Console) -> None:
    base = f"{console.base}/quantri/can-bo"
    async with console.both.app.sessions() as session:
        yen, an = await named(session, "Lý Thị Yến"), await named(session, "Đỗ Thị An")
    minh = console.world.org.people[Role.MEMBER]
    async with client() as http:
        html, csrf = await sign_in(http, await console.link(Role.ADMIN))
        assert 'href="/quantri/can-bo"' in html
        found = await (await http.get(base, params={"q": "ly thi yen"})).text()
        assert f'data-person="{yen}"' in found and f'data-person="{an}"' not in found
        page = await http.get(f"{base}/{yen}")
        assert page.status == 200
        shown = text(await page.text())
        assert "Sở Y tế" in shown and "Khối thi đua số 2" in shown and "700.000" in shown
        # A form without the token changes nothing.
        move = {"unit": str(console.world.units["so-xay-dung"]), "reason": "Điều động"}
        answer = await http.post(f"{base}/{yen}/don-vi", data=move, allow_redirects=False)
        assert answer.status == 403
        answer = await http.post(f"{base}/{yen}/don-vi", data={**move, "csrf": csrf},
                                 allow_redirects=False)  # fmt: skip
        assert answer.status == 303 and answer.headers["Location"] == f"/quantri/can-bo/{yen}"
        assert "Đã chuyển đơn vị" in await (await http.get(f"{base}/{yen}")).text()
        # Bad input: a clear message, nothing changed.
        dates = {"csrf": csrf, "kind": "leave", "start": "2026-12-31", "end": "2026-12-01"}
        bad = await http.post(f"{base}/{minh}/vang", data=dates)
        assert bad.status == 422
        assert "Ngày kết thúc phải từ ngày bắt đầu trở đi" in await bad.text()
        bad = await http.post(f"{base}/{minh}/vang", data={
            "csrf": csrf, "kind": "leave", "start": "31/12", "end": ""})  # fmt: skip
        assert bad.status == 422 and "Ngày nhập không hợp lệ" in await bad.text()
        bad = await http.post(f"{base}/{minh}/ngung", data={"csrf": csrf, "reason": ""})
        assert bad.status == 422 and "Vui lòng ghi lý do" in await bad.text()
        missing = await http.get(f"{base}/999999")
        assert missing.status == 404 and "Không tìm thấy cán bộ này" in await missing.text()
        export = await http.post(f"{base}/{an}/xuat", data={"csrf": csrf, "reason": "Theo đơn"})
        assert export.status == 200 and export.content_type == "application/json"
        assert (await export.json())["person"]["full_name"] == "Đỗ Thị An"
        confirmed = {"csrf": csrf, "confirm": "XOÁ", "reason": "Theo đơn"}
        erase = await http.post(f"{base}/{an}/xoa", data=confirmed, allow_redirects=False)
        assert erase.status == 303
        assert "Đã xoá dữ liệu cá nhân" in await (await http.get(f"{base}/{an}")).text()
    async with console.both.app.sessions() as session:
        member = await session.get(Member, yen)
        assert member is not None and member.unit_id == console.world.units["so-xay-dung"]
        minh_row = await session.get(Member, minh)
        assert minh_row is not None and minh_row.active
        actions = (await session.exec(select(AuditEntry.action).where(
            AuditEntry.kind == "console"))).all()  # fmt: skip
        assert actions == ["person_moved", "person_exported", "person_erased"]


async def test_a_leader_reaches_their_cluster_and_a_new_role_ends_their_session(
    console: Console,
) -> None:
    base = f"{console.base}/quantri/can-bo"
    async with console.both.app.sessions() as session:
        yen, cuc = await named(session, "Lý Thị Yến"), await named(session, "Hồ Thị Cúc")
    leader_id = console.world.org.people[Role.LEADER]
    async with client() as leader, client() as admin:
        _, csrf = await sign_in(leader, await console.link(Role.LEADER))
        found = await (await leader.get(base, params={"q": "thi"})).text()
        assert f'data-person="{cuc}"' in found and f'data-person="{yen}"' not in found
        assert (await leader.get(f"{base}/{yen}")).status == 403
        away = {"csrf": csrf, "kind": "study", "start": "2026-12-01", "end": "2026-12-31"}
        assert (await leader.post(f"{base}/{yen}/vang", data=away)).status == 403
        answer = await leader.post(f"{base}/{cuc}/vang", data=away, allow_redirects=False)
        assert answer.status == 303
        page = await leader.get(f"{base}/{cuc}")
        assert "đi học" in await page.text() and 'data-form="move"' not in await page.text()
        refused = await leader.post(f"{base}/{cuc}/ngung", data={"csrf": csrf, "reason": "Lý do"})
        assert refused.status == 403
        _, admin_csrf = await sign_in(admin, await console.link(Role.ADMIN))
        changed = await admin.post(f"{base}/{leader_id}/vai-tro", data={
            "csrf": admin_csrf, "role": "member", "reason": "Hết nhiệm kỳ"},
            allow_redirects=False)  # fmt: skip
        assert changed.status == 303
        ended = await leader.get(base)
        assert ended.status == 403 and 'data-reason="ended"' in await ended.text()
