"""Choosing a cluster's head and deputy units for the new year: pure, from plain lists."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from domain.year.config import NamedUnits, Rotation


class NoHead(StrEnum):
    """Why a cluster's next head cannot be found."""

    NO_UNITS = "no_units"  # the cluster has no unit
    NO_RANKING = "no_ranking"  # rotation by ranking, and the closed year is not published
    NOT_NAMED = "not_named"  # rotation by file, and the file names nobody for the year
    UNKNOWN_UNIT = "unknown_unit"  # the file names a unit that is not the cluster's
    NO_PERSON = "no_person"  # the chosen unit has nobody to lead (no head, no reporter)


class HeadNotFound(Exception):
    """The next head (or a deputy) cannot be chosen; `detail` names the unit if there is one."""

    def __init__(self, reason: NoHead, detail: str = "") -> None:
        super().__init__(f"{reason.value} {detail}".strip())
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True, slots=True)
class Pick:
    """The units (by code) that lead the cluster in the new year."""

    head: str
    deputies: tuple[str, ...]


def _after(units: Sequence[str], current: str | None) -> list[str]:
    """Return the units in rotation order, starting with the one after `current`."""
    start = units.index(current) + 1 if current in units else 0
    return [units[(start + i) % len(units)] for i in range(len(units))]


def choose(
    rotation: Rotation, *, units: Sequence[str], current_head: str | None,
    ranking: Sequence[str] | None, named: NamedUnits | None, deputies: int,
) -> Pick:  # fmt: skip
    """Return the head and deputy units; raise HeadNotFound when the rules find no head.

    `units` are the cluster's units in the organisation file's order, `ranking` the closed
    year's published ranking (best first, None when unpublished), `named` what the file says.
    """
    if not units:
        raise HeadNotFound(NoHead.NO_UNITS)
    if rotation is Rotation.ORDER:
        order = _after(units, current_head)
    elif rotation is Rotation.RANKING:
        if not ranking:
            raise HeadNotFound(NoHead.NO_RANKING)
        order = list(ranking)
    else:
        if named is None:
            raise HeadNotFound(NoHead.NOT_NAMED)
        for code in (named.head, *named.deputies):
            if code not in units:
                raise HeadNotFound(NoHead.UNKNOWN_UNIT, code)
        return Pick(named.head, tuple(dict.fromkeys(c for c in named.deputies if c != named.head)))
    return Pick(order[0], tuple(order[1 : 1 + deputies]))
