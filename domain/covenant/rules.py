"""Who signs a cluster's covenant for a unit, what a covenant's text may be, and its symbols.

A unit signs through its head: the cluster's leader or deputy who belongs to it, or its unit
reporter (đầu mối đơn vị), who signs on the head's behalf. Each unit signs once.
"""

from __future__ import annotations

from enum import StrEnum

from domain.people import Person
from domain.roles import LEADERSHIP, Role

MIN_TEXT = 20  # characters: «Giao ước thi đua» alone is no covenant
MAX_TEXT = 6000  # a typed covenant fits three Telegram messages, or a page of the record
MAX_FILE = 5 * 1024 * 1024  # a .docx sent as the covenant (the adapters fetch at most this)
MAX_FILE_TEXT = 4 * MAX_TEXT  # of a .docx, the text kept for chat and the record


class Signer(StrEnum):
    HEAD = "head"  # the unit's head: the cluster's leader or deputy from that unit
    REPORTER = "reporter"  # the unit's reporter, on the head's behalf


def signer_kind(person: Person | None, unit_cluster_id: int | None) -> Signer | None:
    """Say how this person may sign for their own unit, whose cluster is `unit_cluster_id`.

    None: they may not (no unit, a member, an admin, a leader of another cluster).
    """
    if person is None or not person.is_member or person.unit_id is None:
        return None
    if unit_cluster_id is None:
        return None
    if person.role is Role.REPORTER:
        return Signer.REPORTER
    if person.role in LEADERSHIP and person.led_cluster_id == unit_cluster_id:
        return Signer.HEAD
    return None


def text_fits(text: str) -> bool:
    """Tell whether a typed covenant's text is of a length the record can hold."""
    return MIN_TEXT <= len(text.strip()) <= MAX_TEXT


def symbol_for(report_symbol: str, kind: str) -> str:
    """Return the symbol of another kind of document from the cluster's report symbol:
    «BC-CTĐ1» gives «BB-CTĐ1» for a record and «KH-CTĐ1» for a plan."""
    body = report_symbol.split("-", 1)[1] if "-" in report_symbol else report_symbol
    return f"{kind}-{body}"
