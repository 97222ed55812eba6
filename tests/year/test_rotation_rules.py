"""The rules that choose the next heads and close a year: pure, from plain lists."""

from __future__ import annotations

from datetime import date

import pytest

from domain.year.config import NamedUnits, Rotation, YearConfig
from domain.year.rotation import HeadNotFound, NoHead, Pick, choose

UNITS = ("a", "b", "c", "d")


def pick(rotation: Rotation, **given: object) -> Pick:
    base: dict[str, object] = {"units": UNITS, "current_head": None, "ranking": None,
                               "named": None, "deputies": 1}  # fmt: skip
    return choose(rotation, **(base | given))  # type: ignore[arg-type]


def test_order_takes_the_units_after_this_years_head_and_wraps_round() -> None:
    assert pick(Rotation.ORDER, current_head="b") == Pick("c", ("d",))
    assert pick(Rotation.ORDER, current_head="d", deputies=2) == Pick("a", ("b", "c"))
    assert pick(Rotation.ORDER) == Pick("a", ("b",))  # no head this year: the first unit


def test_ranking_takes_the_leaders_of_the_published_ranking() -> None:
    assert pick(Rotation.RANKING, ranking=["c", "a", "d", "b"]) == Pick("c", ("a",))
    with pytest.raises(HeadNotFound) as missing:
        pick(Rotation.RANKING)
    assert missing.value.reason is NoHead.NO_RANKING


def test_file_takes_the_units_named_and_refuses_a_stranger() -> None:
    assert pick(Rotation.FILE, named=NamedUnits(head="d", deputies=["a"])) == Pick("d", ("a",))
    with pytest.raises(HeadNotFound) as stranger:
        pick(Rotation.FILE, named=NamedUnits(head="x"))
    assert (stranger.value.reason, stranger.value.detail) == (NoHead.UNKNOWN_UNIT, "x")
    with pytest.raises(HeadNotFound) as unnamed:
        pick(Rotation.FILE)
    assert unnamed.value.reason is NoHead.NOT_NAMED


def test_a_cluster_may_have_its_own_rules_and_the_grace_ends_on_its_day() -> None:
    rules = YearConfig.model_validate(
        {
            "grace_days": 10,
            "clusters": {
                "cum-1": {"rotation": "file", "deputies": 2, "named": {2027: {"head": "b"}}}
            },
        }
    )
    assert (rules.rotation_of("cum-1"), rules.deputies_of("cum-1")) == (Rotation.FILE, 2)
    assert (rules.rotation_of("khoi-2"), rules.deputies_of("khoi-2")) == (Rotation.ORDER, 1)
    assert rules.named("cum-1", 2027) == NamedUnits(head="b")
    assert rules.last_day(2026) == date(2027, 1, 10)
    assert rules.accepts(2026, date(2027, 1, 10)) and not rules.accepts(2026, date(2027, 1, 11))
