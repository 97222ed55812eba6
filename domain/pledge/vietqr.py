"""VietQR payloads (NAPAS's profile of the EMVCo merchant-presented QR) for a bank transfer.

No Python library for VietQR is well kept (the PyPI candidates are single-release projects), so
the few fields of an account transfer are laid out here; the checksum is the standard library's
CRC-CCITT (`binascii.crc_hqx` started at 0xFFFF is CRC-16/CCITT-FALSE, the one EMVCo names).
"""

from __future__ import annotations

import binascii
import re
from dataclasses import dataclass

NAPAS_GUID = "A000000727"  # NAPAS's application id in the merchant account template
TO_ACCOUNT = "QRIBFTTA"  # the service code of an inter-bank transfer to an account
CURRENCY_VND = "704"
MAX_MEMO = 25  # the purpose of the transfer (62/08): at most 25 characters
_BIN = re.compile(r"^\d{6}$")
_ACCOUNT = re.compile(r"^[0-9A-Za-z]{1,19}$")
_MEMO = re.compile(r"^[ -~]*$")  # printable ASCII: every banking app keeps it as typed


@dataclass(frozen=True, slots=True)
class Transfer:
    """What the payer's banking app fills in: the account, the amount and the memo."""

    bank_bin: str  # NAPAS BIN of the receiving bank, e.g. 970436 (Vietcombank)
    account: str
    amount: int | None  # whole đồng; None lets the payer type it
    memo: str = ""
    static: bool = False  # "11": reusable; "12": one payment of this amount (the default)


def field(tag: str, value: str) -> str:
    """Return one EMVCo data object: its id, its length in two digits, its value."""
    if len(value) > 99:
        raise ValueError(f"field {tag} is longer than 99 characters")
    return f"{tag}{len(value):02d}{value}"


def crc(text: str) -> str:
    """Return the four hex digits of CRC-16/CCITT-FALSE over `text`."""
    return f"{binascii.crc_hqx(text.encode('ascii'), 0xFFFF):04X}"


def payload(transfer: Transfer) -> str:
    """Return the VietQR text for a transfer; refuse what a banking app would refuse."""
    if not _BIN.match(transfer.bank_bin):
        raise ValueError("the bank's NAPAS BIN has six digits")
    if not _ACCOUNT.match(transfer.account):
        raise ValueError("an account number has 1 to 19 letters or digits")
    if len(transfer.memo) > MAX_MEMO or not _MEMO.match(transfer.memo):
        raise ValueError(f"the memo is at most {MAX_MEMO} ASCII characters")
    if transfer.amount is not None and not 0 < transfer.amount <= 10**13 - 1:
        raise ValueError("the amount is a positive number of đồng of at most 13 digits")
    beneficiary = field("00", transfer.bank_bin) + field("01", transfer.account)
    account = field("00", NAPAS_GUID) + field("01", beneficiary) + field("02", TO_ACCOUNT)
    parts = [
        field("00", "01"),
        field("01", "11" if transfer.static or transfer.amount is None else "12"),
        field("38", account),
        field("53", CURRENCY_VND),
    ]
    if transfer.amount is not None:
        parts.append(field("54", str(transfer.amount)))
    parts.append(field("58", "VN"))
    if transfer.memo:
        parts.append(field("62", field("08", transfer.memo)))
    body = "".join(parts) + "6304"
    return body + crc(body)


def checks(text: str) -> bool:
    """Tell whether a payload ends with the right CRC (what a banking app verifies first)."""
    return len(text) > 8 and text[-8:-4] == "6304" and crc(text[:-4]) == text[-4:]
