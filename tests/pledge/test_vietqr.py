"""VietQR payloads byte for byte against a published example; the PNG decodes back; memos."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from pyzbar.pyzbar import decode

from domain.pledge.payment_code import (
    GluedCode,
    PledgeCode,
    find_code,
    glued_codes,
    memo,
    name_agrees,
)
from domain.pledge.vietqr import Transfer, checks, payload
from handlers.pledge.pay import qr_png

# Published in the README of github.com/subiz/vietqr ("Sinh mã chuyển khoản 120.000 vào STK
# 0011001932418 ngân hàng Vietin với ghi chú “ủng hộ lũ lụt”"): one payment of that amount.
SUBIZ = (
    "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA5303704540612000"
    "05802VN62170813ung ho lu lut6304C15C"
)


def test_payload_equals_the_published_example_crc_included() -> None:
    built = payload(Transfer("970415", "0011001932418", 120_000, "ung ho lu lut"))
    assert built == SUBIZ
    assert checks(built)


def test_a_pledge_payload_is_dynamic_and_its_crc_checks() -> None:
    built = payload(Transfer("970436", "0011001234567", 500_000, "UH 2026 0042 NGUYEN M"))
    assert built.startswith("000201010212")  # one payment of this amount
    assert "5406500000" in built and "0821UH 2026 0042 NGUYEN M" in built
    assert checks(built) and not checks(built[:-1] + ("0" if built[-1] != "0" else "1"))


@pytest.mark.parametrize(
    "transfer",
    [
        Transfer("97043", "1", 1),
        Transfer("970436", "12 34", 1),
        Transfer("970436", "1", 1, "x" * 26),
        Transfer("970436", "1", 1, "ủng hộ"),
        Transfer("970436", "1", 0),
    ],
)
def test_what_a_banking_app_would_refuse_is_refused(transfer: Transfer) -> None:
    with pytest.raises(ValueError):
        payload(transfer)


def test_the_png_decodes_back_to_the_payload() -> None:
    image = Image.open(io.BytesIO(qr_png(SUBIZ)))
    found = decode(image)
    assert [symbol.data.decode("ascii") for symbol in found] == [SUBIZ]


def test_memo_is_short_ascii_and_typeable() -> None:
    assert memo(2026, 4821, "Nguyễn Văn An") == "UH 2026 4821 NGUYEN A"
    assert memo(2026, 7, "Đặng Thị Ánh") == "UH 2026 0007 DANG A"
    long = memo(2026, 123456, "Tôn Nữ Hoàng Phương Thảo Nguyên Khánh")
    assert len(long) <= 25 and long.isascii() and long.startswith("UH 2026 123456 ")


@pytest.mark.parametrize(
    "text",
    [
        "UH 2026 4821 NGUYEN A",
        "uh2026 4821 nguyen a",
        "MBVCB.3278907687.UH-2026-4821-NGUYEN A.CT tu 0123456789 toi 0011001234567",
        "UH20264821NGUYENA FT26123456789",
        "Chuyen tien ung ho: uh.2026.4821",
    ],
)
def test_the_code_is_found_whatever_the_bank_did_to_the_memo(text: str) -> None:
    assert find_code(text) == PledgeCode(2026, 4821)


@pytest.mark.parametrize("text", ["ung ho quy vi nguoi ngheo", "CHUH 2026 4821", "UH 26 4821"])
def test_no_code_is_invented(text: str) -> None:
    assert find_code(text) is None


def test_a_glued_code_is_a_candidate_and_the_name_letters_decide() -> None:
    assert find_code("CHUYENTIENUH20260005VOT") is None  # not on its own: only a candidate
    assert glued_codes("CHUYENTIENUH20260005VOT") == [GluedCode(2026, 5, "VOT")]
    assert [c.pledge_id for c in glued_codes("ck.UH2026000512")] == [5, 51, 512]
    assert name_agrees("VOT", "Võ Thị Thu") and name_agrees("VOTHITHU", "Võ Thị Thu")
    assert name_agrees("", "Võ Thị Thu") and name_agrees("123FT", "Võ Thị Thu")
    assert name_agrees("VO", "Võ Thị Thu")  # the bank cut the memo
    assert not name_agrees("TRANB", "Võ Thị Thu") and not name_agrees("CHUYENTIEN", "Võ Thị Thu")
