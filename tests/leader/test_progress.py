"""Pure campaign arithmetic: the progress bar, one day's salary, house targets, the config."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from domain.pledge.rules import CampaignConfig, one_day
from domain.progress import bar, percent


@pytest.mark.parametrize(
    ("done", "total", "drawn"),
    [
        (52, 100, "▓▓▓▓▓░░░░░ 52%"),
        (0, 100, "░░░░░░░░░░ 0%"),
        (1, 80, "░░░░░░░░░░ 1%"),
        (99, 100, "▓▓▓▓▓▓▓▓▓░ 99%"),  # never rounded up to a full bar
        (100, 100, "▓▓▓▓▓▓▓▓▓▓ 100%"),
        (130, 100, "▓▓▓▓▓▓▓▓▓▓ 130%"),  # past the target the bar stays full
        (12_200_000, 60_000_000, "▓▓░░░░░░░░ 20%"),
        (5, 0, "░░░░░░░░░░ —"),  # no headcount known
        (-3, 10, "░░░░░░░░░░ 0%"),
    ],
)
def test_bar(done: int, total: int, drawn: str) -> None:
    assert bar(done, total) == drawn


@given(st.integers(0, 10**13), st.integers(1, 10**13))
def test_bar_is_always_ten_cells_and_never_claims_what_is_missing(done: int, total: int) -> None:
    drawn = bar(done, total)
    cells, share = drawn.split(" ")
    assert len(cells) == 10 and set(cells) <= {"▓", "░"}
    assert share == f"{percent(done, total)}%"
    if done < total:
        assert "░" in cells and int(share[:-1]) < 100


@pytest.mark.parametrize(
    ("monthly", "days", "day"),
    [(11_000_000, 22, 500_000), (10_000_000, 22, 455_000), (1, 22, 1_000), (8_800_000, 22,
     400_000), (8_800_001, 22, 401_000), (6_000_000, 20, 300_000)],
)  # fmt: skip
def test_one_day_is_rounded_up_to_a_thousand(monthly: int, days: int, day: int) -> None:
    assert one_day(monthly, days) == day


@pytest.mark.parametrize(
    ("headcount", "houses"), [(0, 1), (299, 1), (300, 2), (599, 2), (600, 3), (999, 3),
                              (1000, 4), (100_000, 4)],
)  # fmt: skip
def test_house_targets_by_headcount_bands(headcount: int, houses: int) -> None:
    assert CampaignConfig().house_target("cum-1", headcount) == houses


def test_configured_campaign() -> None:
    config = CampaignConfig.model_validate(
        {"name": "Chung tay vì người nghèo {year}", "year": 2027, "start": "2027-03-17",
         "house_targets": {"cum-1": 2}, "houses_max": 3, "working_days_per_month": 20}
    )  # fmt: skip
    campaign = config.campaign(date(2026, 12, 31))
    assert (campaign.name, campaign.start, campaign.end) == (
        "Chung tay vì người nghèo 2027", date(2027, 3, 17), date(2027, 12, 31))  # fmt: skip
    assert not campaign.is_open(date(2027, 3, 16)) and campaign.is_open(date(2027, 3, 17))
    assert config.house_target("cum-1", 5000) == 2 and config.house_target("khoi-2", 5000) == 3
    assert CampaignConfig().campaign(date(2030, 5, 1)).name.endswith("nghèo 2030")


@pytest.mark.parametrize(
    "bad",
    [{"name": "Quỹ {nam}"}, {"house_cost": 0}, {"house_targets": {"cum-1": 5}},
     {"start": "2026-12-01", "end": "2026-01-01"}, {"working_days_per_month": 0},
     {"house_bands": [{"below": 600, "houses": 2}, {"below": 300, "houses": 1}]}],
)  # fmt: skip
def test_a_bad_configuration_is_refused(bad: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        CampaignConfig.model_validate(bad)
