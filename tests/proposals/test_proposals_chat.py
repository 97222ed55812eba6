"""/denghi on the fake clock, both channels: 2026 published in two clusters → the admin
forwards and declines proposals (leaders told, once) → the list and the submission, whose
figures read back equal the published results."""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from docx import Document
from openpyxl import load_workbook

from bot.config import Settings
from tests.activity.activity_helpers import fix_clock
from tests.proposals.proposalworld import (
    ADMIN_TELEGRAM,
    RULES,
    published,
    seed_published,
    told,
)
from tests.scoring.scoringchat import pick, say, shown
from tests.support.drivers import CHANNELS, Both, TelegramDriver, ZaloDriver, running_both
from tests.support.ports import free_port
from tests.year.yearworld import World, moment

NOW = moment(2026, 12, 10, 9)
LINK = re.compile(r"(http://127\.0\.0\.1:\d+/files/\S+)")
Driver = TelegramDriver | ZaloDriver
FLAG, MERIT = "Cờ thi đua của UBND tỉnh", "Bằng khen của Chủ tịch UBND tỉnh"


@pytest.fixture
async def both(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> AsyncIterator[Both]:
    """Both channels, the province's award rules, files as links on Zalo, the clock on 10/12."""
    fix_clock(monkeypatch, NOW)
    folder = tmp_path / "config"
    shutil.copytree("config", folder)
    (folder / "scoring.yaml").write_text(RULES, encoding="utf-8")
    port = free_port()
    update = {"config_dir": str(folder), "public_base_url": f"http://127.0.0.1:{port}",
              "webhook_port": port, "exports_dir": str(tmp_path / "exports")}  # fmt: skip
    async with running_both(settings.model_copy(update=update)) as running:
        yield running


def admin(channel: str, both: Both) -> Driver:
    if channel == "telegram":
        return TelegramDriver(both.telegram, ADMIN_TELEGRAM, "vi")
    driver = ZaloDriver(both.zalo)
    driver.user = both.zalo.user("Mai Thị Lan", user_id="z-lan")
    return driver


async def _file(driver: Driver, label: str) -> tuple[str, bytes]:
    """Choose a download; return the answer's text and the file (a document or a link)."""
    if isinstance(driver, TelegramDriver):
        assert driver.last_options is not None
        await driver.emu.press(driver.user, driver.last_options, label)
        [message] = await driver.emu.wait_messages(driver.user.id, 1)
        if "document" not in message:
            [document] = await driver.emu.wait_messages(driver.user.id, 1)
        else:
            document = message
        text = message.get("text") or message.get("caption", "")
        return text, driver.emu.file_bytes(document["document"]["file_id"])
    answer = await say(driver, str(driver.last_options.index(label) + 1))
    found = LINK.search(answer.text)
    assert found is not None, answer.text
    async with httpx.AsyncClient() as client:
        served = await client.get(found.group(1))
    assert served.status_code == 200
    return answer.text, served.content


@pytest.mark.parametrize("channel", CHANNELS)
async def test_the_office_weighs_the_proposals_and_drafts_the_submission(
    both: Both, channel: str
) -> None:
    app = both.app
    world = await seed_published(app.sessions, app.catalogs, app.province)
    office = admin(channel, both)
    board = await say(office, "/denghi")
    assert board.text.startswith(
        "Đề nghị khen thưởng của các cụm, khối năm 2026: 2/2 cụm, khối đã công bố kết quả; 4 đề "
        "nghị, đã trình Hội đồng 0, không trình 0, chưa xét 4."
    ), board.text
    assert (
        "Cụm thi đua số 1 (công bố 03/12/2026):\n"
        f"• Đơn vị A — {FLAG}: hạng 1/3, 95 điểm; chưa xét\n"
        f"• Đơn vị B — {MERIT}: hạng 2/3, 87,5 điểm; chưa xét\n\n"
        "Khối thi đua số 2 (công bố 03/12/2026):\n"
        f"• Đơn vị D — {FLAG}: hạng 1/2, 91,5 điểm; chưa xét\n"
        f"• Đơn vị E — {MERIT}: hạng 2/2, 79 điểm; chưa xét"
    ) in board.text
    assert "Đơn vị C" not in board.text  # the leader took it off the list
    assert board.options == ["Cụm thi đua số 1", "Khối thi đua số 2", "Tải danh sách (Excel)",
                             "Tải dự thảo tờ trình (Word)"]  # fmt: skip
    await decide(office, world)
    before = await told(app.sessions)
    await check_told(before, world)
    # The same decision again changes nothing and tells nobody.
    await say(office, "/denghi")
    await pick(office, "Khối thi đua số 2")
    await pick(office, f"Đơn vị D — {FLAG}")
    await pick(office, "Trình Hội đồng")
    again = await pick(office, "Trình, không ghi chú", expect=2)
    assert again.text.startswith(
        "Đề nghị này đã được xét như vậy từ trước; không có gì thay đổi."
    ), again.text
    assert await told(app.sessions) == before
    await downloads(office, both, world)


async def decide(office: Driver, world: World) -> None:
    cluster = await pick(office, "Cụm thi đua số 1")
    assert cluster.text.startswith(
        "Kết quả xếp hạng thi đua năm 2026 của Cụm thi đua số 1:\n"
        "Hạng 1: Đơn vị A, 95 điểm\nHạng 2: Đơn vị B, 87,5 điểm\nHạng 3: Đơn vị C, 72 điểm"
    ), cluster.text
    assert cluster.options == [shown(office, label) for label in (
        f"Đơn vị A — {FLAG}", f"Đơn vị B — {MERIT}", "Trình mọi đề nghị chưa xét",
        "Quay lại")]  # fmt: skip
    entry = await pick(office, f"Đơn vị A — {FLAG}")
    assert entry.text == (
        f"Đơn vị A (Cụm thi đua số 1): đề nghị tặng {FLAG}; hạng 1/3, 95 điểm. Ý kiến của Ban "
        "Thi đua - Khen thưởng: chưa xét."
    )
    asked = await pick(office, "Trình Hội đồng")
    assert asked.options == ["Trình, không ghi chú"]
    done = await say(office, "Đủ điều kiện theo Quy chế", expect=2)
    assert done.text.startswith(
        f"Đã trình Hội đồng đề nghị tặng {FLAG} cho Đơn vị A. Lãnh đạo Cụm thi đua số 1 đã được "
        "báo."
    ), done.text
    await pick(office, f"Đơn vị B — {MERIT}")
    await pick(office, "Không trình")
    assert (await say(office, "x")).text.startswith("Vui lòng nhập lý do không trình, ít nhất 3")
    declined = await say(office, "Chưa đủ hai năm liên tục hoàn thành xuất sắc", expect=2)
    assert declined.text.startswith(
        f"Đã ghi không trình đề nghị tặng {MERIT} cho Đơn vị B. Lãnh đạo Cụm thi đua số 1 đã "
        "được báo lý do."
    ), declined.text
    assert f"• Đơn vị B — {MERIT}: hạng 2/3, 87,5 điểm; không trình (Chưa đủ hai năm" in (
        declined.text
    )
    await pick(office, "Quay lại")
    await pick(office, "Khối thi đua số 2")
    rest = await pick(office, "Trình mọi đề nghị chưa xét", expect=2)
    assert rest.text.startswith("Đã trình Hội đồng 2 đề nghị chưa xét;"), rest.text
    del world


async def check_told(sent: dict[str, str], world: World) -> None:
    """The leaders and deputies of each cluster, once per decision, on their accounts."""
    by_chat = {key.rsplit(":", 2)[-1] + ":" + key.split(":")[3]: text
               for key, text in sent.items()}  # fmt: skip
    units = world.units
    assert len(sent) == 6  # cum-1: An and Bình, twice; khoi-2: Giang, twice
    assert by_chat[f"z-an:{units['a']}"] == (
        f"Ban Thi đua - Khen thưởng đã trình Hội đồng Thi đua - Khen thưởng tỉnh đề nghị tặng "
        f"{FLAG} cho Đơn vị A (Cụm thi đua số 1, năm 2026: hạng 1, 95 điểm). Ghi chú: Đủ điều "
        "kiện theo Quy chế"
    )
    assert by_chat[f"z-binh:{units['b']}"] == (
        f"Ban Thi đua - Khen thưởng không trình đề nghị tặng {MERIT} cho Đơn vị B (Cụm thi đua "
        "số 1, năm 2026). Lý do: Chưa đủ hai năm liên tục hoàn thành xuất sắc"
    )
    assert {f"z-giang:{units['d']}", f"z-giang:{units['e']}"} <= set(by_chat)


async def downloads(office: Driver, both: Both, world: World) -> None:
    app = both.app
    await say(office, "/denghi")
    text, content = await _file(office, "Tải danh sách (Excel)")
    assert text.startswith(
        "Danh sách đề nghị khen thưởng năm 2026: 4 đề nghị của 2 cụm, khối (đã trình Hội đồng "
        "3, không trình 1, chưa xét 0)."
    ), text
    book = load_workbook(io.BytesIO(content))
    listed = [[c.value for c in row] for row in book["Đề nghị khen thưởng"].iter_rows(min_row=3)]
    ranking = [[c.value for c in row] for row in book["Xếp hạng"].iter_rows(min_row=3)]
    expected_list, expected_ranking = [], []
    decisions = {"Đơn vị A": "Trình khen thưởng", "Đơn vị B": "Không trình",
                 "Đơn vị D": "Trình khen thưởng", "Đơn vị E": "Trình khen thưởng"}  # fmt: skip
    awards = {"flag": FLAG, "merit": MERIT}
    for code in ("cum-1", "khoi-2"):
        found = await published(app.sessions, app.catalogs, app.province, world.clusters[code])
        expected_ranking += [[found.cluster_name, s.rank, s.unit_name, s.total / 2]
                             for s in found.standings]  # fmt: skip
        kept = sorted((p for p in found.proposals if p.status != "removed"),
                      key=lambda p: (p.award != "flag", p.rank))  # fmt: skip
        expected_list += [[found.cluster_name, p.unit_name, p.total / 2, p.rank,
                           len(found.standings), awards[p.award], decisions[p.unit_name]]
                          for p in kept]  # fmt: skip
    assert [row[1:8] for row in listed] == expected_list
    assert [row[0] for row in listed] == [1, 2, 3, 4]
    assert listed[1][8] == "Chưa đủ hai năm liên tục hoàn thành xuất sắc"
    assert ranking == expected_ranking
    await say(office, "/denghi")
    text, content = await _file(office, "Tải dự thảo tờ trình (Word)")
    assert text.startswith(
        "Dự thảo tờ trình đề nghị khen thưởng năm 2026: 3 tập thể được trình Hội đồng Thi đua - "
        "Khen thưởng tỉnh;"
    ), text
    document = Document(io.BytesIO(content))
    tables = [[[cell.text for cell in row.cells] for row in t.rows] for t in document.tables]
    flag, merit, annex = tables[1], tables[2], tables[4]
    assert flag[1:] == [["1", "Đơn vị A", "Cụm thi đua số 1", "95", "1/3"],
                        ["2", "Đơn vị D", "Khối thi đua số 2", "91,5", "1/2"]]  # fmt: skip
    assert merit[1:] == [["1", "Đơn vị E", "Khối thi đua số 2", "79", "2/2"]]
    rows = [row for row in annex[1:] if row[0] != row[-1]]  # the clusters' rows span the table
    assert [row[1:5] for row in rows] == [
        ["Đơn vị A", "95", "1/3", FLAG], ["Đơn vị B", "87,5", "2/3", MERIT],
        ["Đơn vị D", "91,5", "1/2", FLAG], ["Đơn vị E", "79", "2/2", MERIT]]  # fmt: skip
    assert rows[1][5] == "Không trình: Chưa đủ hai năm liên tục hoàn thành xuất sắc"
