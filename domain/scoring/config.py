"""The `scoring` section of the province's configuration: deadlines, tie-breaks, award rules."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from domain.scoring.rank import Award, AwardRule, TieBreak
from domain.scoring.table import ScoreProblem, parse_points

_DAY_MONTH = re.compile(r"^\s*(\d{1,2})\s*/\s*(\d{1,2})\s*$")


def _day(value: str, year: int) -> date:
    match = _DAY_MONTH.match(value)
    if match is None:
        raise ValueError(f"expected DD/MM, got {value!r}")
    return date(year, int(match.group(2)), int(match.group(1)))


class AwardConfig(BaseModel):
    """One award's rule; `count` and `share` may both be set, the smaller one applies."""

    model_config = ConfigDict(extra="forbid")

    count: int | None = Field(default=None, ge=0, le=100)
    share: Decimal | None = Field(default=None, ge=0, le=1)
    min_score: Decimal = Field(default=Decimal(0), ge=0, le=1000)
    requires: str | None = None  # a key of the titles or rewards catalogue

    @field_validator("min_score")
    @classmethod
    def _half(cls, value: Decimal) -> Decimal:
        if isinstance(parse_points(str(value)), ScoreProblem):
            raise ValueError("min_score must be a multiple of 0.5")
        return value

    def rule(self, award: Award) -> AwardRule:
        points = parse_points(str(self.min_score))
        assert not isinstance(points, ScoreProblem)  # checked when the file was read
        return AwardRule(award, self.count, self.share, points, self.requires)


class ScoringConfig(BaseModel):
    """Defaults follow the usual December calendar and the province's usual quotas."""

    model_config = ConfigDict(extra="forbid")

    self_assessment_deadline: str = "10/12"  # DD/MM of the year being scored
    review_deadline: str = "20/12"
    explain_days: int = Field(default=3, ge=1, le=30)
    tie_breaks: list[TieBreak] = Field(
        default_factory=lambda: [TieBreak.COMPUTED, TieBreak.SUBMITTED]
    )
    flag: AwardConfig = Field(
        default_factory=lambda: AwardConfig(
            count=1, min_score=Decimal(90), requires="province_flag"
        )
    )
    merit: AwardConfig = Field(
        default_factory=lambda: AwardConfig(
            share=Decimal("0.3"), min_score=Decimal(85), requires="chairman_merit"
        )
    )

    @field_validator("self_assessment_deadline", "review_deadline")
    @classmethod
    def _day_month(cls, value: str) -> str:
        _day(value, 2001)  # raises for 31/04, 29/02 and text that is not DD/MM
        return value

    def self_assessment_due(self, year: int) -> date:
        return _day(self.self_assessment_deadline, year)

    def review_due(self, year: int) -> date:
        return _day(self.review_deadline, year)

    def rules(self) -> list[AwardRule]:
        """The flag first: its units are not proposed again for the certificate of merit."""
        return [self.flag.rule(Award.FLAG), self.merit.rule(Award.MERIT)]
