"""Paying a pledge by VietQR and the statement matched to it, on both channels, end to end.

Telegram: the treasurer (the cluster's leader) sends the statement as a document. Zalo takes
no files from users, so there the statement comes through `python -m bot payments import`.
"""

from __future__ import annotations

import argparse
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr
from sqlmodel import col, select

from bot.cli.payments import run_payments_command
from bot.config import Settings
from domain.roles import Role
from storage.membership.models import Identity, Member
from storage.pledge.models import Pledge, PledgeEvent
from storage.pledge.payment_models import BankTransaction
from tests.pledge.pledgeworld import YEAR, V, World, pledge_500k, pledge_world, someone
from tests.pledge.statements import vietcombank
from tests.support.drivers import CHANNELS, TelegramDriver
from tests.support.ports import free_port

FUND = """
fund_account:
  bank_bin: "970436"
  bank_name: "Vietcombank"
  account: "0011001234567"
  account_name: "QUY VI NGUOI NGHEO"
"""
# The bot's web server (QR pictures) on a port of this process's own: a fixed one clashed when
# two xdist workers (or two clones on the machine) ran these tests at once.
PORT, SEPAY_PORT = free_port(), free_port()


@pytest.fixture
def payment_settings(settings: Settings, tmp_path: Path) -> Settings:
    config = tmp_path / "config"
    shutil.copytree("config", config)
    with (config / "campaign.yaml").open("a", encoding="utf-8") as file:
        file.write(FUND)
    return settings.model_copy(
        update={"config_dir": str(config), "public_base_url": f"http://127.0.0.1:{PORT}",
                "webhook_port": PORT, "exports_dir": str(tmp_path / "exports")}
    )  # fmt: skip


@pytest.fixture(params=CHANNELS)
async def world(
    request: pytest.FixtureRequest, payment_settings: Settings
) -> AsyncIterator[World]:
    async with pledge_world(request.param, payment_settings) as running:
        yield running


async def _import(world: World, content: bytes, tmp_path: Path, who: str = "leader") -> str:
    """Send the statement as the treasurer on Telegram; on Zalo, import it on the server."""
    driver = getattr(world, who).driver
    if isinstance(driver, TelegramDriver):
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        await driver.emu.send_document(driver.user, content, "sao-ke.xlsx", mime_type=mime)
        return (await driver._collect(1))[0].text
    path = tmp_path / "sao-ke.xlsx"
    path.write_bytes(content)
    code = await run_payments_command(
        argparse.Namespace(payments_command="import", file=path, cluster="cum-1"),
        world.running.app.settings,
    )
    assert code == 0
    world.running.app.outbox_sender.wake()
    return ""


def _line(ref: str, amount: str, memo: str) -> tuple[str, str, str, str, str]:
    return ("02/5/2026", ref, "", amount, memo)


async def _state(world: World) -> tuple[str, int | None, int]:
    async with world.running.app.sessions() as session:
        pledge = (await session.exec(select(Pledge))).one()
        count = len((await session.exec(select(BankTransaction))).all())
    return pledge.status, pledge.paid_amount, count


async def test_pledge_qr_statement_paid_and_told(world: World, tmp_path: Path) -> None:
    member = world.member
    await pledge_500k(world)
    menu = await member.send("/ungho")
    assert "Chuyển khoản bằng mã QR" in menu.options
    await member.driver.choose("Chuyển khoản bằng mã QR", expect=2)
    sent = world.running.telegram or world.running.zalo
    assert sent is not None
    messages = sent.messages(member.driver.user.id if world.running.telegram else
                             member.driver.user.chat_id)[-2:]  # fmt: skip
    details, picture = messages
    assert "Số tài khoản: 0011001234567" in details["text"]
    assert f"Số tiền: 500.000{V}" in details["text"]
    async with world.running.app.sessions() as session:
        pledge_id = (await session.exec(select(Pledge.id))).one()
    memo = f"UH {YEAR} {pledge_id:04d} NGUYEN M"
    assert f"Nội dung: {memo}" in details["text"]
    if world.running.telegram is not None:
        assert "photo" in picture
    else:
        assert picture["photo"].startswith(f"http://127.0.0.1:{PORT}/files/")

    # Part of it, then a line with no code: the pledge is partly paid, the line waits.
    first = vietcombank([_line("FT1", "200.000", f"MBVCB.1.{memo.lower()}.CT tu 0123"),
                         _line("FT2", "50.000", "ung ho quy")])  # fmt: skip
    report = await _import(world, first, tmp_path)
    if report:
        assert "1 khoản khớp" in report and "(nộp một phần)" in report
        assert "1 giao dịch chưa có mã ủng hộ hợp lệ" in report and "ung ho quy" in report
    told = await member.told()
    assert "Đây là khoản nộp một phần: đã nhận 200.000" in told.text
    assert await _state(world) == ("pledged", 200_000, 2)
    mine = await member.send("/cuatoi")
    assert f"Đã chuyển khoản: 200.000{V}; còn lại: 300.000{V}." in mine.text

    # The same file again changes nothing.
    again = await _import(world, first, tmp_path)
    if again:
        assert "2 giao dịch đã nhập trước đây, bỏ qua." in again
    assert await _state(world) == ("pledged", 200_000, 2)

    # The rest: the pledge is paid, the member told; the event keeps the bank line.
    await _import(world, vietcombank([_line("FT3", "300.000", memo)]), tmp_path)
    assert "Đồng chí đã nộp đủ" in (await member.told()).text
    assert await _state(world) == ("paid", 500_000, 3)
    async with world.running.app.sessions() as session:
        bank = (await session.exec(
            select(PledgeEvent).where(col(PledgeEvent.action) == "bank")
            .order_by(col(PledgeEvent.id)))).all()  # fmt: skip
        line = await session.get(BankTransaction, bank[-1].bank_transaction_id)
    assert [(e.old_amount, e.new_amount) for e in bank] == [(None, 200_000), (200_000, 500_000)]
    assert line is not None and line.source == "sao-ke.xlsx, dòng 6"

    # /tonghop answers with its text, then the chart as a picture.
    summary, _chart = await world.leader.driver.send("/tonghop", expect=2)
    assert f"đã nộp 500.000{V}" in summary.text

    # The unmatched line is matched by hand in the chat (on both channels).
    listing = await world.leader.send("/doisoat")
    assert listing.text.startswith("1 giao dịch chờ ghép")
    await world.leader.choose(listing.options[0])
    done = await world.leader.send(memo)
    assert done.text == f"Đã ghép: Nguyễn Văn Minh đã nhận 550.000{V} trên 500.000{V}."
    assert "nhiều hơn số đã đăng ký" in (await member.told()).text


async def _other_cluster_leader(world: World) -> str:
    channel = world.running.channel
    user_id = "7010" if channel == "telegram" else "zotherleader"
    async with world.running.app.sessions() as session, session.begin():
        unit, cluster = world.org.units["so-y-te"], world.org.cluster_b
        leader = Member(full_name="Hồ Văn Khối", role=Role.LEADER.value, unit_id=unit,
                        cluster_id=cluster)  # fmt: skip
        session.add(leader)
        await session.flush()
        assert leader.id is not None
        session.add(Identity(member_id=leader.id, channel=channel, external_user_id=user_id,
                             chat_id=user_id))  # fmt: skip
    return user_id


async def test_the_confirmed_pledge_and_its_edit_offer_the_qr_at_once(world: World) -> None:
    member = world.member
    await member.send("/ungho 500k")
    done = await member.choose("Xác nhận")
    assert done.text.startswith(f"Đã ghi nhận khoản ủng hộ 500.000{V}.")
    assert done.options == ["Chuyển khoản bằng mã QR"]
    await member.send("/ungho")
    await member.choose("Sửa số tiền")
    await member.send("600k")
    edited = await member.choose("Xác nhận")
    assert edited.text.startswith(f"Đã sửa khoản ủng hộ thành 600.000{V}.")
    assert edited.options == ["Chuyển khoản bằng mã QR"]


async def test_members_and_another_clusters_treasurer_are_refused(world: World) -> None:
    await pledge_500k(world)
    async with world.running.app.sessions() as session:
        pledge_id = (await session.exec(select(Pledge.id))).one()
    content = vietcombank([_line("FT9", "500.000", f"UH {YEAR} {pledge_id:04d}")])
    outsider = someone(world.running, await _other_cluster_leader(world))
    refused = await outsider.send("/doisoat")
    assert refused.text.startswith("Không có giao dịch nào chờ ghép")
    if isinstance(world.member.driver, TelegramDriver):
        driver = world.member.driver
        await driver.emu.send_document(driver.user, content, "sao-ke.xlsx")
        answer = (await driver._collect(1))[0].text
        assert answer.startswith("Chỉ Trưởng, Phó Trưởng cụm, khối và quản trị viên")
        other = outsider.driver
        assert isinstance(other, TelegramDriver)
        await other.emu.send_document(other.user, content, "sao-ke.xlsx")
        answer = (await other._collect(1))[0].text
        assert "1 giao dịch thuộc cụm, khối khác" in answer
    else:
        assert (await world.member.send("/doisoat")).text.startswith(
            "Đồng chí không có quyền dùng lệnh /doisoat"
        )
    assert await _state(world) == ("pledged", None, 0)


async def test_a_malformed_statement_is_refused_with_line_and_column(
    payment_settings: Settings,
) -> None:
    async with pledge_world("telegram", payment_settings) as world:
        await pledge_500k(world)
        bad = vietcombank([_line("FT1", "500.000", "UH"), _line("FT2", "1.5", "x")])
        driver = world.leader.driver
        assert isinstance(driver, TelegramDriver)
        await driver.emu.send_document(driver.user, bad, "sao-ke.xlsx")
        answer = (await driver._collect(1))[0].text
        assert answer == "Dòng 7, cột E: số tiền không hợp lệ (“1.5”). Không có gì được ghi nhận."
        assert await _state(world) == ("pledged", None, 0)


async def test_sepay_webhook_forged_key_gets_403_and_a_good_one_pays(
    payment_settings: Settings,
) -> None:
    settings = payment_settings.model_copy(
        update={"sepay_api_key": SecretStr("s3cret-key"), "webhook_port": SEPAY_PORT}
    )
    async with pledge_world("zalo", settings) as world:
        await pledge_500k(world)
        async with world.running.app.sessions() as session:
            pledge_id = (await session.exec(select(Pledge.id))).one()
        body = {"id": 92704, "gateway": "Vietcombank", "transactionDate": "2026-05-02 14:02:37",
                "accountNumber": "0011001234567", "code": None,
                "content": f"UH {YEAR} {pledge_id:04d} NGUYEN M", "transferType": "in",
                "transferAmount": 500000, "accumulated": 19077000, "subAccount": None,
                "referenceCode": "MBVCB.3278907687", "description": ""}  # fmt: skip
        url = f"http://127.0.0.1:{SEPAY_PORT}/webhooks/sepay"
        async with httpx.AsyncClient() as client:
            for header in ({"Authorization": "Apikey wrong"}, {}, {"Authorization": "s3cret-key"}):
                forged = await client.post(url, json=body, headers=header)
                assert forged.status_code == 403
            assert await _state(world) == ("pledged", None, 0)
            good = await client.post(
                url, json=body, headers={"Authorization": "Apikey s3cret-key"}
            )
            assert good.status_code == 200 and good.json() == {"success": True}
            out = await client.post(url, json={**body, "transferType": "out", "id": 1,
                                               "referenceCode": "X"},
                                    headers={"Authorization": "Apikey s3cret-key"})  # fmt: skip
            assert out.status_code == 200
        assert await _state(world) == ("paid", 500_000, 1)
        assert "Đồng chí đã nộp đủ" in (await world.member.told()).text


async def test_a_code_glued_to_other_words_is_found_and_a_false_one_is_not(
    world: World, tmp_path: Path
) -> None:
    """Banks that drop spaces write «CHUYENTIENUH20260005NGUYENM»: the code is found there,
    but only for a pledge that exists, of that year, whose name letters agree when present."""
    await pledge_500k(world)
    async with world.running.app.sessions() as session:
        pledge_id = (await session.exec(select(Pledge.id))).one()
    assert pledge_id is not None
    code, other = f"UH{YEAR}{pledge_id:04d}", f"UH{YEAR}{pledge_id + 1:04d}"
    lines = [
        _line("G1", "200.000", f"CHUYENTIEN{code}NGUYENM"),  # glued on both sides
        _line("G2", "100.000", f"MBVCB.88.IBFT{code}"),  # no name letters: the code alone
        _line("G3", "10.000", f"CHUYENTIEN{code}TRANB"),  # another person's name letters
        _line("G4", "20.000", f"CHUYENTIENUH{YEAR - 1}{pledge_id:04d}NGUYENM"),  # another year
        _line("G5", "30.000", f"CHUYENTIEN{other}NGUYENM"),  # no such pledge
    ]
    report = await _import(world, vietcombank(lines), tmp_path)
    if report:
        assert "2 khoản khớp" in report and "3 giao dịch chưa có mã ủng hộ hợp lệ" in report
    assert await _state(world) == ("pledged", 300_000, 5)
    async with world.running.app.sessions() as session:
        rows = (await session.exec(select(BankTransaction))).all()
    assert sorted((row.reference, row.pledge_id) for row in rows) == [
        ("G1", pledge_id), ("G2", pledge_id), ("G3", None), ("G4", None), ("G5", None)
    ]  # fmt: skip
