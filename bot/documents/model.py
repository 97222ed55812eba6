"""What the cluster's report is written from: plain values, gathered and checked by a service.

`YearEndResults` is the one place the scoring results enter the year-end report: the service
passes None until the results are published, and the template then says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class ReportKind(StrEnum):
    PHASE_1 = "phase1"  # Đợt I: 1/1 - 30/6
    PHASE_2 = "phase2"  # Đợt II: 1/7 - 31/12
    YEAR_END = "year"  # the year's closing report, with the scoring results and proposals


@dataclass(frozen=True, slots=True)
class UnitFigures:
    """One unit's row: its people, its reports in the period and its pledges for the year."""

    name: str
    headcount: int
    reports: int
    pledged: int
    paid: int
    confirmed: int
    participants: int
    registration: str  # a RegistrationStatus value, or "none"


@dataclass(frozen=True, slots=True)
class Activity:
    """A kind of activity, or an anniversary, with its counts (`label` already readable)."""

    label: str
    reports: int
    participants: int
    units: int


@dataclass(frozen=True, slots=True)
class NamedReport:
    day: date
    unit_name: str
    kind_label: str
    title: str
    participants: int
    anniversary: str | None  # "Kỷ niệm 96 năm Ngày thành lập Đảng …", the ordinal computed
    example: bool


@dataclass(frozen=True, slots=True)
class ScoreRow:
    """One unit's place in the cluster's scoring (from the scoring feature, once published)."""

    rank: int
    unit_name: str
    score: float
    grade: str  # from the configured bands ("Xuất sắc", "Tốt"); "" when none are configured


@dataclass(frozen=True, slots=True)
class Proposal:
    """A proposal for commendation: the unit or person, and the form of the reward."""

    nominee: str
    reward: str


@dataclass(frozen=True, slots=True)
class YearEndResults:
    """The published scoring results of the cluster's year, and the proposals they lead to."""

    ranking: list[ScoreRow]
    proposals: list[Proposal] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Issuer:
    """The header and signature blocks (Decree 30/2020/NĐ-CP, Appendix I)."""

    council: str  # HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG TỈNH …
    cluster_name: str
    cluster_code: str  # for the file name
    symbol: str  # BC-CTĐ
    place: str
    day: date
    head_title: str  # TRƯỞNG CỤM
    signer_name: str  # "" when the cluster has no leader on record
    signer_unit: str
    recipients: list[str]
    bloc: bool = False  # a Khối: the report speaks of the Khối, its head is Trưởng khối
    deputy: bool = False  # a deputy signs: «KT. TRƯỞNG CỤM» over «PHÓ TRƯỞNG CỤM»


@dataclass(frozen=True, slots=True)
class ReportData:
    """Everything the report says, for one cluster and one period."""

    kind: ReportKind
    year: int
    start: date
    end: date
    issuer: Issuer
    units: list[UnitFigures]
    members: int  # on record in the bot
    joined: int  # with an account on a channel
    reports: int
    reported_units: int
    by_kind: list[Activity]
    by_anniversary: list[Activity]
    highlights: list[NamedReport]
    examples: list[NamedReport]
    missing_reports: list[str]
    registrations: dict[str, int]  # status (or "none") -> units
    not_registered: list[str]
    campaign_name: str
    house_cost: int
    house_target: int
    results: YearEndResults | None = None  # the year-end report only; None: not published
    # Members away on `away_day` per reason's Vietnamese name («nghỉ phép»): counted apart.
    away: dict[str, int] = field(default_factory=dict)
    away_day: date | None = None
