"""The fund's bank account, as the campaign configuration gives it."""

from __future__ import annotations

import re

from pydantic import BaseModel, field_validator


class FundAccount(BaseModel):
    """Where members transfer their pledges: the bank's NAPAS BIN, the account, its name."""

    bank_bin: str  # e.g. 970436 for Vietcombank
    bank_name: str = ""
    account: str
    account_name: str

    @field_validator("bank_bin")
    @classmethod
    def _bin(cls, value: str) -> str:
        if not re.fullmatch(r"\d{6}", value.strip()):
            raise ValueError("bank_bin: the bank's six-digit NAPAS BIN, e.g. 970436")
        return value.strip()

    @field_validator("account")
    @classmethod
    def _account(cls, value: str) -> str:
        if not re.fullmatch(r"[0-9A-Za-z]{1,19}", value.strip()):
            raise ValueError("account: 1 to 19 letters or digits, no spaces or dots")
        return value.strip()
