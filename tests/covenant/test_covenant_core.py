"""The covenant through the core, January 2027: opened, signed by every unit of cum-1 (its
heads and a reporter on the head's behalf), followed, nudged, recorded; the plan announced."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from bot.core.pipeline import Core
from bot.i18n import Catalogs
from bot.outbox.queue import NotifyService
from bot.services.covenant.covenant import CovenantService
from domain.messages import Attachment, Channel, EventKind, Reply
from domain.refusals import CovenantRefusal, Refused
from handlers import build_registry
from storage.covenant.models import Covenant, CovenantSignature
from storage.db.engine import SessionFactory
from storage.membership.people import get_person
from storage.outbox.models import Outbox
from tests.covenant.files import covenant_docx
from tests.drafting.draftdata import read_docx
from tests.support.corechat import CoreChat
from tests.support.fakeclock import FakeClock
from tests.support.shipped import SHIPPED
from tests.year.yearworld import moment, seed

TEXT = (
    "Các đơn vị thành viên Cụm thi đua số 1 cam kết thi đua hoàn thành xuất sắc nhiệm vụ chính "
    "trị năm 2027; mỗi cán bộ ủng hộ ít nhất một ngày lương vào Quỹ “Vì người nghèo”."
)


def _chat(
    sessions: SessionFactory,
    catalogs: Catalogs,
    clock: FakeClock,
    user: str,
    *,
    files: bool = True,
) -> CoreChat:
    """Talk to the core on Zalo; with `files`, as if it could hand over files (the emulator
    tests check the link a real Zalo chat gets)."""
    core = Core(sessions=sessions, registry=build_registry(), catalogs=catalogs, clock=clock,
                province=SHIPPED, choice_ttl=timedelta(days=3650))  # fmt: skip
    if files:
        core.file_channels.add("zalo")
    return CoreChat(core, user_id=user, channel=Channel.ZALO)


async def _sign_as(
    sessions: SessionFactory, catalogs: Catalogs, clock: FakeClock, member_id: int
) -> None:
    """Call the service as this member would through a button of cum-1's covenant."""
    async with sessions() as session, session.begin():
        person = await get_person(session=session, member_id=member_id)
        covenant = (await session.exec(select(Covenant))).one()
        notify = NotifyService(session, catalogs, clock.now())
        service = CovenantService(session, notify, clock.now(), SHIPPED,
                                  catalogs)  # fmt: skip
        await service.sign(person, covenant.id or 0)


def _labels(reply: Reply) -> list[str]:
    return [choice.label for choice in reply.choices]


async def _rows(sessions: SessionFactory, prefix: str) -> dict[str, str]:
    """Return the outbox's messages whose key starts with `prefix`, by chat."""
    async with sessions() as session:
        rows = (await session.exec(select(Outbox))).all()
    return {o.chat_id: o.text for o in rows if o.key.startswith(prefix)}


async def _opened(sessions: SessionFactory, catalogs: Catalogs, clock: FakeClock) -> CoreChat:
    leader = _chat(sessions, catalogs, clock, "z-an")
    [ask] = await leader.command("giaouoc")
    assert ask.text.startswith("Cụm thi đua số 1 chưa có giao ước thi đua năm 2027.")
    [short] = await leader.send("Thi đua tốt")
    assert short.text.startswith("Nội dung giao ước cần từ 20 đến 6.000 ký tự.")
    [draft] = await leader.send(TEXT)
    assert draft.text.split("\n")[:3] == ["Xem trước giao ước thi đua năm 2027:", "", TEXT]
    assert "Khi mở ký kết, tôi báo thủ trưởng, đầu mối của 3 đơn vị vào ký." in draft.text
    [opened] = await leader.press(draft, "Mở ký kết")
    # The heads of a and b (leader, deputy) and c's reporter, one account each.
    assert opened.text.startswith("Đã mở ký kết giao ước thi đua và báo tới 3 tài khoản")
    return leader


async def test_every_unit_signs_once_and_the_record_lists_them(
    sessions: SessionFactory, catalogs: Catalogs
) -> None:
    world = await seed(sessions, table=False)
    clock = FakeClock(moment(2027, 1, 4, 9))
    leader = await _opened(sessions, catalogs, clock)
    told = await _rows(sessions, "cov-open:")
    assert sorted(told) == ["z-an", "z-binh", "z-cuong"]  # not members, not khoi-2
    assert told["z-binh"].startswith("Cụm thi đua số 1 đã mở ký kết giao ước thi đua năm 2027")
    assert told["z-cuong"].startswith("Cụm thi đua số 1 has opened")  # in his language

    clock.set(moment(2027, 1, 5, 8) + timedelta(minutes=15))
    reporter = _chat(sessions, catalogs, clock, "z-cuong")  # c's reporter, in English
    [view] = await reporter.command("giaouoc")
    assert TEXT in view.text
    assert "Đơn vị C has not signed. You sign as the unit's reporter, on behalf of its head." in (
        view.text
    )
    [signed] = await reporter.press(view, "Sign the covenant")
    assert signed.text == (
        "Signed the emulation covenant on behalf of Đơn vị C at 08:15 on 5 Jan 2027. Thank you."
    )
    # The same button again: the dialog has moved on, so nothing is signed twice.
    [again] = await reporter.press(view, "Sign the covenant")
    assert "Sign" not in _labels(again)
    [view] = await reporter.command("giaouoc")
    assert "Đơn vị C signed at 08:15 on 5 Jan 2027" in view.text and not view.choices

    outsider = _chat(sessions, catalogs, clock, "z-ha")  # khoi-2's reporter
    [none] = await outsider.command("giaouoc")
    assert none.text == (
        "Cụm, khối của đồng chí chưa mở ký kết giao ước và chưa phát động phong trào thi đua năm "
        "2027."
    )
    # Even with cum-1's covenant in hand (a forged button), khoi-2's reporter signs nothing.
    with pytest.raises(Refused) as refused:
        await _sign_as(sessions, catalogs, clock, world.people["Huỳnh Thị Hà"])
    assert refused.value.reason is CovenantRefusal.NOT_SIGNER
    with pytest.raises(Refused):  # nor does a member of cum-1
        await _sign_as(sessions, catalogs, clock, world.people["Võ Văn Em"])

    clock.set(moment(2027, 1, 5, 10))
    [status] = await leader.command("giaouoc")
    lines = status.text.split("\n")
    assert lines[0] == "Giao ước thi đua năm 2027 của Cụm thi đua số 1: đã ký 1/3 đơn vị."
    assert ("• Đơn vị C: Phạm Văn Cường (đầu mối đơn vị, ký thay thủ trưởng), 08:15 ngày "
            "05/01/2027") in lines  # fmt: skip
    assert lines[-3:] == ["Chưa ký:", "• Đơn vị A", "• Đơn vị B"]
    assert _labels(status) == ["Ký cho Đơn vị A", "Xem nội dung giao ước", "Nhắc đơn vị chưa ký",
                               "Biên bản ký kết", "Kế hoạch phát động"]  # fmt: skip
    [nudged] = await leader.press(status, "Nhắc đơn vị chưa ký")
    assert nudged.text == "Đã gửi nhắc tới 2 tài khoản của các đơn vị chưa ký."
    nudges = await _rows(sessions, "cov-nudge:")
    assert sorted(nudges) == ["z-an", "z-binh"]  # c signed: its reporter is left alone
    [status] = await leader.command("giaouoc")
    [twice] = await leader.press(status, "Nhắc đơn vị chưa ký")
    assert twice.text == "Những người này đã được nhắc hôm nay; không gửi lại."
    assert len(await _rows(sessions, "cov-nudge:")) == 2  # each told once

    [status] = await leader.command("giaouoc")
    [mine] = await leader.press(status, "Ký cho Đơn vị A")
    assert mine.text == (
        "Đã ký giao ước thi đua thay mặt Đơn vị A lúc 10:00 ngày 05/01/2027. Cảm ơn đồng chí."
    )
    clock.set(moment(2027, 1, 6, 14) + timedelta(minutes=30))
    deputy = _chat(sessions, catalogs, clock, "z-binh")  # the deputy heads unit b
    [status] = await deputy.command("giaouoc")
    [done] = await deputy.press(status, "Ký cho Đơn vị B")
    assert done.text.startswith("Đã ký giao ước thi đua thay mặt Đơn vị B lúc 14:30")
    everyone = await _rows(sessions, "cov-done:")
    assert sorted(everyone) == ["z-an", "z-binh"]  # the leaders hear that all have signed

    async with sessions() as session:
        rows = (await session.exec(select(CovenantSignature))).all()
    units = world.units
    assert sorted((r.unit_id, r.signer) for r in rows) == [
        (units["a"], "head"), (units["b"], "head"), (units["c"], "reporter")]  # fmt: skip

    [status] = await leader.command("giaouoc")
    assert status.text.split("\n")[0].endswith("đã ký 3/3 đơn vị.")
    [record] = await leader.press(status, "Biên bản ký kết")
    assert record.text.startswith(
        "Dự thảo biên bản ký kết giao ước thi đua năm 2027 của Cụm thi đua số 1: 3/3 đơn vị đã ký."
    )
    assert record.file is not None
    assert record.file.filename == "bien-ban-giao-uoc-2027-cum-1.docx"
    read = read_docx(record.file.content)
    assert read.paragraphs[:2] == [
        "BIÊN BẢN", "Ký kết giao ước thi đua năm 2027 của Cụm thi đua số 1"]  # fmt: skip
    assert read.tables[1] == [
        ["TT", "Đơn vị", "Người ký", "Thời điểm ký"],
        ["1", "Đơn vị A", "Lê Văn An", "10 giờ 00 phút\nngày 05/01/2027"],
        ["2", "Đơn vị B", "Trần Thị Bình", "14 giờ 30 phút\nngày 06/01/2027"],
        ["3", "Đơn vị C", "Phạm Văn Cường\n(đầu mối đơn vị, ký thay thủ trưởng)",
         "08 giờ 15 phút\nngày 05/01/2027"],
    ]  # fmt: skip
    assert TEXT in read.paragraphs
    assert read.tables[0][1] == ["Số: …/BB-CTĐ1", "Gia Lai, ngày … tháng … năm 2027"]


async def test_the_plan_is_drafted_then_announced_to_the_whole_cluster_once(
    sessions: SessionFactory, catalogs: Catalogs
) -> None:
    await seed(sessions, table=False)
    clock = FakeClock(moment(2027, 1, 7, 9))
    leader = _chat(sessions, catalogs, clock, "z-an")
    [ask] = await leader.command("giaouoc")
    [drafted] = await leader.press(ask, "Soạn kế hoạch phát động")
    assert drafted.text.startswith(
        "Dự thảo Kế hoạch phát động phong trào thi đua năm 2027 của Cụm thi đua số 1."
    )
    assert drafted.file is not None
    read = read_docx(drafted.file.content)
    assert read.paragraphs[:2] == [
        "KẾ HOẠCH", "Phát động phong trào thi đua năm 2027 của Cụm thi đua số 1"]  # fmt: skip
    first = next(p for p in read.paragraphs if p.startswith("- Đợt I, "))
    party = "Kỷ niệm 97 năm Ngày thành lập Đảng Cộng sản Việt Nam (03/02/1930 - 03/02/2027)"
    assert party in first
    assert _labels(drafted) == ["Phát động", "Để sau"]
    assert await _rows(sessions, "plan:") == {}  # nothing goes out before the leader confirms
    [announced] = await leader.press(drafted, "Phát động")
    # Every member of cum-1 (five people, one account each), none of khoi-2.
    assert announced.text.startswith("Đã phát động: thông báo đang được gửi tới 5 nơi nhận.")
    sent = await _rows(sessions, "plan:")
    assert sorted(sent) == ["z-an", "z-binh", "z-cuong", "z-dung", "z-em"]
    assert sent["z-em"].startswith("Cụm thi đua số 1 phát động phong trào thi đua năm 2027.")
    assert "Gõ /giaouoc để nhận toàn văn Kế hoạch (tệp Word)." in sent["z-em"]
    member = _chat(sessions, catalogs, clock, "z-em")
    [plan] = await member.command("giaouoc")
    assert plan.text == "Kế hoạch phát động phong trào thi đua năm 2027 của cụm, khối."
    assert plan.file is not None and read_docx(plan.file.content).paragraphs == read.paragraphs
    [ask] = await leader.command("giaouoc")
    [again] = await leader.press(ask, "Soạn kế hoạch phát động")
    assert again.text.startswith(
        "Kế hoạch phát động đã gửi tới cụm, khối lúc 09:00 ngày 07/01/2027"
    )
    assert not again.choices and len(await _rows(sessions, "plan:")) == 5


async def test_a_docx_becomes_the_covenant_and_signers_receive_it(
    sessions: SessionFactory, catalogs: Catalogs
) -> None:
    await seed(sessions, table=False)
    clock = FakeClock(moment(2027, 1, 4, 9))
    leader = _chat(sessions, catalogs, clock, "z-an")
    await leader.command("giaouoc")
    sent = leader._incoming(kind=EventKind.DOCUMENT, attachments=(
        Attachment("document", "file-1", "giao-uoc-2027.docx", covenant_docx(TEXT)),))  # fmt: skip
    [draft] = await leader.deliver(sent)
    assert TEXT in draft.text and "Tệp gửi kèm: giao-uoc-2027.docx." in draft.text
    await leader.press(draft, "Mở ký kết")
    deputy = _chat(sessions, catalogs, clock, "z-binh")
    [status] = await deputy.command("giaouoc")
    [view] = await deputy.press(status, "Xem nội dung giao ước")
    assert TEXT in view.text and "Ký cho Đơn vị B" in _labels(view)
    assert view.file is not None and view.file.filename == "giao-uoc-2027.docx"
    # Zalo without a public address takes no file: the text is still there to sign.
    reporter = _chat(sessions, catalogs, clock, "z-cuong", files=False)
    [view] = await reporter.command("giaouoc")
    assert TEXT in view.text and view.file is None
    assert "I cannot send Word files on this channel yet." in view.text
    other = _chat(sessions, catalogs, clock, "z-giang")  # khoi-2's leader, still writing
    [ask] = await other.command("giaouoc")
    assert ask.text.startswith("Khối thi đua số 2 chưa có giao ước thi đua năm 2027.")
    broken = other._incoming(kind=EventKind.DOCUMENT, attachments=(
        Attachment("document", "file-2", "giao-uoc.doc", b"not a zip"),))  # fmt: skip
    [refused] = await other.deliver(broken)
    assert refused.text.startswith("Tệp này không phải văn bản Word (.docx) đọc được.")
    [draft] = await other.send(TEXT)  # the step still waits for the covenant
    assert draft.text.startswith("Xem trước giao ước thi đua năm 2027:")
