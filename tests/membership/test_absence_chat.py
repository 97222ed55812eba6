"""/vangmat on both channels: a unit's reporter marks a member away, ends it early, is refused."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime

import pytest
from sqlmodel import col, select

from bot.config import Settings
from domain.roles import Role
from storage.membership.models import Absence, Member
from tests.activity.activity_helpers import VN, fix_clock, inbox, person, seed
from tests.membership.orgdata import Org
from tests.support.drivers import CHANNELS, Running, running_bot
from tests.support.fakeclock import FakeClock

pytestmark = pytest.mark.parametrize("channel", CHANNELS)

NOW = datetime(2026, 11, 30, 10, 0, tzinfo=VN)  # a Monday, the day before the absence begins
WHOM = "Ghi nhận vắng cho ai? Chọn trong danh sách, hoặc gõ một phần họ tên."
REASONS = ["nghỉ phép", "nghỉ thai sản", "đi học", "đi công tác"]
DATES_HINT = "Gõ ngày/tháng, ví dụ 01/12 hoặc 01/12/2026."


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    return fix_clock(monkeypatch, NOW)


@pytest.fixture
async def bot(channel: str, settings: Settings, clock: FakeClock) -> AsyncIterator[Running]:
    async with running_bot(channel, settings) as running:
        yield running


@pytest.fixture
async def org(bot: Running) -> Org:
    roles = (Role.MEMBER, Role.REPORTER, Role.LEADER)
    found = await seed(bot.app.sessions, dict.fromkeys(roles, bot.channel))
    async with bot.app.sessions() as session, session.begin():
        # Another unit's member: never offered to Sở Tài chính's reporter.
        session.add(Member(full_name="Hồ Thị Cúc", role="member", unit_id=found.units["so-y-te"]))
    return found


async def _absences(bot: Running) -> list[Absence]:
    async with bot.app.sessions() as session:
        return list((await session.exec(select(Absence).order_by(col(Absence.id)))).all())


async def test_the_reporter_marks_a_member_away_and_the_member_is_told(
    bot: Running, org: Org, clock: FakeClock
) -> None:
    reporter = person(bot.channel, Role.REPORTER, bot.telegram, bot.zalo)
    member = person(bot.channel, Role.MEMBER, bot.telegram, bot.zalo)
    whom = (await reporter.send("/vangmat"))[0]
    assert whom.text.startswith(WHOM)
    # The unit's people, by name: the leader heads Sở Tài chính too; nobody of Sở Y tế.
    assert whom.options == ["Nguyễn Văn Minh", "Phạm Văn Trưởng", "Trần Thị Hoa"]
    why = (await reporter.choose("Nguyễn Văn Minh"))[0]
    assert why.text.startswith("Lý do vắng của Nguyễn Văn Minh?")
    assert why.options == REASONS
    start = (await reporter.choose("nghỉ thai sản"))[0]
    assert start.text == f"Vắng từ ngày nào? {DATES_HINT}"
    assert (await reporter.send("31/11"))[0].text == (
        f"Không đọc được ngày “31/11”. {DATES_HINT} Hoặc gõ /huy để hủy."
    )
    assert (await reporter.send("1/12"))[0].text == f"Vắng đến hết ngày nào? {DATES_HINT}"
    before = (await reporter.send("20/11/2026"))[0].text
    assert before == "Ngày kết thúc phải từ ngày bắt đầu trở đi. Vui lòng gõ lại ngày kết thúc."
    too_long = (await reporter.send("1/12/2027"))[0].text
    assert too_long.startswith("Mỗi lần ghi nhận vắng tối đa một năm.")
    summary = (await reporter.send("31/12"))[0]
    assert summary.text.startswith(
        "Ghi nhận vắng:\nHọ và tên: Nguyễn Văn Minh\nLý do: nghỉ thai sản\n"
        "Thời gian: từ 01/12/2026 đến 31/12/2026 (31 ngày)\n"
    )
    assert summary.options == ["Xác nhận", "Hủy"]
    assert await _absences(bot) == []  # nothing until confirmed
    done = (await reporter.choose("Xác nhận"))[0].text
    assert done == (
        "Đã ghi nhận Nguyễn Văn Minh vắng (nghỉ thai sản) từ ngày 01/12/2026 đến ngày "
        "31/12/2026. Người này đã được thông báo."
    )
    told = (await inbox(member))[0].text
    assert told.startswith(
        "Đồng chí được ghi nhận vắng (nghỉ thai sản) từ ngày 01/12/2026 đến ngày 31/12/2026."
    )
    [row] = await _absences(bot)
    assert (row.member_id, row.reason, row.start, row.end, row.set_by) == (
        org.people[Role.MEMBER], "maternity", date(2026, 12, 1), date(2026, 12, 31),
        org.people[Role.REPORTER],
    )  # fmt: skip

    # Ten days on, the member is back early: the absence ends yesterday.
    clock.set(datetime(2026, 12, 10, 9, 0, tzinfo=VN))
    menu = (await reporter.send("/vangmat"))[0]
    assert menu.text == (
        "Cán bộ vắng của đơn vị (hiện tại và sắp tới):\n"
        "• Nguyễn Văn Minh: nghỉ thai sản, từ 01/12/2026 đến 31/12/2026"
    ) or menu.text.startswith(  # Zalo lists the options under the text
        "Cán bộ vắng của đơn vị (hiện tại và sắp tới):\n"
        "• Nguyễn Văn Minh: nghỉ thai sản, từ 01/12/2026 đến 31/12/2026\n"
    )
    assert menu.options == ["Ghi nhận người vắng", "Kết thúc sớm: Nguyễn Văn Minh"]
    ask = (await reporter.choose("Kết thúc sớm: Nguyễn Văn Minh"))[0]
    assert ask.text.startswith("Kết thúc sớm lịch vắng của Nguyễn Văn Minh (nghỉ thai sản,")
    assert ask.options == ["Xác nhận kết thúc", "Hủy"]
    ended = (await reporter.choose("Xác nhận kết thúc"))[0].text
    assert ended == (
        "Đã kết thúc lịch vắng của Nguyễn Văn Minh từ ngày 10/12/2026. Người này đã được "
        "thông báo."
    )
    assert (await inbox(member))[0].text.startswith(
        "Lịch vắng (nghỉ thai sản) từ ngày 01/12/2026 đến ngày 31/12/2026 của đồng chí đã kết "
        "thúc từ ngày 10/12/2026."
    )
    [row] = await _absences(bot)
    assert row.end == date(2026, 12, 9)


async def test_cancel_overlap_and_who_may_mark(bot: Running, org: Org) -> None:
    reporter = person(bot.channel, Role.REPORTER, bot.telegram, bot.zalo)
    await reporter.send("/vangmat")
    await reporter.choose("Nguyễn Văn Minh")
    assert (await reporter.send("/huy"))[0].text.startswith("Đã hủy")
    assert await _absences(bot) == []

    async with bot.app.sessions() as session, session.begin():
        session.add(Absence(member_id=org.people[Role.MEMBER], reason="study",
                            start=date(2026, 12, 20), end=date(2027, 1, 10)))  # fmt: skip
    menu = (await reporter.send("/vangmat"))[0]
    await reporter.choose("Ghi nhận người vắng")
    await reporter.choose("Nguyễn Văn Minh")
    await reporter.choose("nghỉ phép")
    await reporter.send("1/12")
    overlap = (await reporter.send("31/12"))[0].text
    assert overlap == (
        "Nguyễn Văn Minh đã có lịch vắng trùng với khoảng thời gian này (từ ngày 20/12/2026). "
        "Vui lòng kết thúc lịch cũ trước (gõ /vangmat), rồi ghi nhận lại."
    )
    assert len(await _absences(bot)) == 1
    assert "• Nguyễn Văn Minh: đi học, từ 20/12/2026 đến 10/01/2027" in menu.text

    # A member may not use the command; a name typed finds the person among many.
    member = person(bot.channel, Role.MEMBER, bot.telegram, bot.zalo)
    assert (await member.send("/vangmat"))[0].text == "Đồng chí không có quyền dùng lệnh /vangmat."
    await reporter.send("/vangmat")
    await reporter.choose("Ghi nhận người vắng")
    found = (await reporter.send("thi hoa"))[0]  # part of a name, without diacritics
    assert found.options == ["Trần Thị Hoa"]
    nobody = (await reporter.send("Cúc"))[0].text  # of another unit
    assert nobody.startswith("Không tìm thấy ai trong đơn vị có tên chứa “Cúc”.")
