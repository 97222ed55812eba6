"""Where the header's and signature's names break: never one word alone on a line."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.documents.lines import balanced, greedy, phrases
from bot.documents.render import CLUSTER_LINE, COUNCIL_LINE, SIGNATURE_LINE, TITLE_LINE

EXAMPLE_ORG = Path(__file__).resolve().parents[2] / "examples" / "org.yaml"


def test_the_council_keeps_its_name_on_the_first_line() -> None:
    assert greedy("HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG TỈNH GIA LAI", COUNCIL_LINE).split("\n") == [
        "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG", "TỈNH GIA LAI"]  # fmt: skip
    assert greedy("HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG THÀNH PHỐ HỒ CHÍ MINH", COUNCIL_LINE).split(
        "\n"
    ) == ["HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG", "THÀNH PHỐ HỒ CHÍ MINH"]


def test_no_cluster_of_the_example_leaves_a_word_alone() -> None:
    clusters = yaml.safe_load(EXAMPLE_ORG.read_text(encoding="utf-8"))["clusters"]
    names = [str(c["name"]) for c in clusters]
    assert len(names) >= 5
    for name in names:
        for text, width in ((name.upper(), CLUSTER_LINE), (f"TM. {name.upper()}", SIGNATURE_LINE)):
            lines = balanced(text, width).split("\n")
            assert " ".join(lines) == text
            assert all(len(line) <= width for line in lines), lines
            assert all(" " in line for line in lines) or len(lines) == 1, lines
            # Even: the lines differ by less than a long word, none a stub under a full one.
            assert max(map(len, lines)) - min(map(len, lines)) <= 12, lines
    assert balanced("CỤM THI ĐUA CÁC SỞ, NGÀNH VĂN HÓA - XÃ HỘI", CLUSTER_LINE).split("\n") == [
        "CỤM THI ĐUA CÁC SỞ,", "NGÀNH VĂN HÓA - XÃ HỘI"]  # fmt: skip


def test_the_title_breaks_between_its_phrases() -> None:
    bloc = "của Khối các cơ quan Đảng, Mặt trận và đoàn thể tỉnh"
    assert phrases(["Sơ kết phong trào thi đua Đợt I năm 2026", bloc], TITLE_LINE).split("\n") == [
        "Sơ kết phong trào thi đua Đợt I năm 2026", bloc]  # fmt: skip
    short = ["Sơ kết phong trào thi đua Đợt I năm 2026", "của Cụm thi đua số 1"]
    assert phrases(short, TITLE_LINE) == " ".join(short)  # one line when it fits
