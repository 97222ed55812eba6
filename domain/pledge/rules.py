"""The "Vì người nghèo" campaign and its pledges: every rule in one place.

The configuration, the ceiling of an amount, one day's salary, a pledge's states and who may
do what to a pledge. Storage maps its rows to these values; services and handlers call the rules,
and a rule that says no raises `Refused` with a `PledgeRefusal`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from pydantic import BaseModel, Field, field_validator, model_validator

from domain.people import Person
from domain.pledge.fund import FundAccount
from domain.pledge.statement import StatementColumns
from domain.refusals import PledgeRefusal, Refused
from domain.roles import LEADERSHIP, Role

MAX_REASONABLE = 10_000_000_000
"""The ceiling of any amount the bot records (a pledge, a unit's collection, a salary)."""
MAX_HOUSES = 4  # the plan: each cluster or bloc funds 1 to 4 houses
ROUND_DAY_TO = 1_000  # one day's salary is rounded up to whole thousands of đồng


class HouseBand(BaseModel):
    """A cluster with fewer than `below` people funds `houses` houses."""

    below: int = Field(gt=0)
    houses: int = Field(ge=1, le=MAX_HOUSES)


def _default_bands() -> list[HouseBand]:
    return [
        HouseBand(below=300, houses=1),
        HouseBand(below=600, houses=2),
        HouseBand(below=1000, houses=3),
    ]


@dataclass(frozen=True, slots=True)
class Campaign:
    """This year's campaign, resolved from the configuration for one day."""

    year: int
    name: str
    start: date
    end: date
    house_cost: int
    working_days: int
    confirm_above: int

    def is_open(self, day: date) -> bool:
        """Tell whether pledges may be made or changed on `day`."""
        return self.start <= day <= self.end


class CampaignConfig(BaseModel):
    """`config/campaign.yaml`: every field has the plan's default."""

    name: str = "Chung tay vì người nghèo {year}"
    year: int | None = Field(default=None, ge=2000, le=2100)  # None: the current year
    start: date | None = None  # None: 1 January of the year
    end: date | None = None  # None: 31 December of the year
    house_cost: int = Field(default=60_000_000, gt=0, le=MAX_REASONABLE)
    house_bands: list[HouseBand] = Field(default_factory=_default_bands)
    houses_max: int = Field(default=MAX_HOUSES, ge=1, le=MAX_HOUSES)
    house_targets: dict[str, int] = Field(default_factory=dict)  # cluster code -> houses
    working_days_per_month: int = Field(default=22, ge=1, le=31)
    confirm_above: int = Field(default=50_000_000, gt=0, le=MAX_REASONABLE)
    fund_account: FundAccount | None = None  # None: no transfer QR is offered
    fund_accounts: dict[str, FundAccount] = Field(default_factory=dict)  # cluster code -> own
    statement_columns: StatementColumns = Field(default_factory=StatementColumns)

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        try:
            value.format(year=2000)  # a stray brace stops the start, not a member's chat
        except (KeyError, IndexError, ValueError) as error:
            raise ValueError("name: the only placeholder is {year}") from error
        return value

    @field_validator("house_targets")
    @classmethod
    def _targets(cls, value: dict[str, int]) -> dict[str, int]:
        if any(not 1 <= houses <= MAX_HOUSES for houses in value.values()):
            raise ValueError(f"house targets are from 1 to {MAX_HOUSES}")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> CampaignConfig:
        limits = [band.below for band in self.house_bands]
        if limits != sorted(set(limits)):
            raise ValueError("house_bands: `below` must grow from one band to the next")
        if self.start and self.end and self.start > self.end:
            raise ValueError("the campaign ends before it starts")
        return self

    def campaign(self, today: date) -> Campaign:
        """Return the campaign that runs in `today`'s year (or the configured year)."""
        year = self.year or (self.start.year if self.start else today.year)
        return Campaign(
            year=year,
            name=self.name.format(year=year),
            start=self.start or date(year, 1, 1),
            end=self.end or date(year, 12, 31),
            house_cost=self.house_cost,
            working_days=self.working_days_per_month,
            confirm_above=self.confirm_above,
        )

    def house_target(self, cluster_code: str, headcount: int) -> int:
        """Return how many houses a cluster should fund: its override, else its band."""
        if cluster_code in self.house_targets:
            return self.house_targets[cluster_code]
        for band in self.house_bands:
            if headcount < band.below:
                return min(band.houses, self.houses_max)
        return self.houses_max

    def account_for(self, cluster_code: str) -> FundAccount | None:
        """Return the account a cluster's members pay into: its own, else the fund's."""
        return self.fund_accounts.get(cluster_code, self.fund_account)


def check_amount(amount: int, *, zero: bool = False) -> None:
    """Refuse an amount above the ceiling, or not positive (`zero` clears a collection)."""
    if amount > MAX_REASONABLE:
        raise Refused(PledgeRefusal.TOO_LARGE)
    if amount < 0 or (amount == 0 and not zero):
        raise Refused(PledgeRefusal.INVALID)


def one_day(monthly_salary: int, working_days: int) -> int:
    """Return one day's salary, rounded up to the nearest 1.000 ₫ (integers only)."""
    step = working_days * ROUND_DAY_TO
    return -(-monthly_salary // step) * ROUND_DAY_TO


class PledgeStatus(StrEnum):
    PLEDGED = "pledged"  # promised; the member may still edit or cancel it
    PAID = "paid"  # handed over, waiting for the unit reporter or leader to confirm
    CONFIRMED = "confirmed"  # the money is known to be with the fund
    CANCELLED = "cancelled"  # kept, so the history stays; a new pledge revives the row


@dataclass(frozen=True, slots=True)
class PledgeInfo:
    id: int
    member_id: int
    member_name: str
    unit_id: int
    unit_name: str
    cluster_id: int
    amount: int
    status: PledgeStatus
    receipt_ref: str | None
    year: int  # the campaign's year


@dataclass(frozen=True, slots=True)
class CollectionInfo:
    id: int
    unit_id: int
    amount: int
    contributors: int


def may_confirm(person: Person, unit_id: int, cluster_id: int) -> bool:
    """Tell whether the person confirms payments of that unit (reporter, its leaders, admin)."""
    if not person.is_member:
        return False
    if person.role is Role.ADMIN:
        return True
    if person.role is Role.REPORTER:
        return person.unit_id == unit_id
    return person.role in LEADERSHIP and person.led_cluster_id == cluster_id


def may_mark_paid(person: Person, pledge: PledgeInfo) -> bool:
    """Tell whether the person may say this pledge was paid (its member, unit reporter, admin)."""
    if not person.is_member:
        return False
    if person.member_id == pledge.member_id or person.role is Role.ADMIN:
        return True
    return person.role is Role.REPORTER and person.unit_id == pledge.unit_id


def may_record(person: Person, unit_id: int) -> bool:
    """Tell whether the person records what the unit collected (its reporter, admin)."""
    if not person.is_member:
        return False
    return person.role is Role.ADMIN or (
        person.role is Role.REPORTER and person.unit_id == unit_id
    )


def may_reconcile(person: Person, cluster_id: int | None) -> bool:
    """Tell whether the person matches bank lines to this cluster's pledges (its treasurers).

    A cluster's leader and deputies hold its fund; the admin holds them all. A unit reporter
    is not a treasurer: statements mix every unit's transfers, which are not theirs to see.
    """
    if not person.is_member:
        return False
    if person.role is Role.ADMIN:
        return True
    return (
        person.role in LEADERSHIP
        and cluster_id is not None
        and (person.led_cluster_id == cluster_id)
    )


def reviews(person: Person) -> bool:
    """Tell whether the person's role confirms payments at all (the menu offers it)."""
    return person.is_member and (person.role in (Role.REPORTER, Role.ADMIN, *LEADERSHIP))
