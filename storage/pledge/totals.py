"""Query functions for pledge progress: sums per unit and per cluster, aggregated in SQL.

Counting rule (README, "Counting pledges"): a unit's figures are its members' live pledges
plus what the unit recorded as collected outside the bot from people with no pledge here.
People taking part = pledgers + those contributors, capped at the unit's headcount; a
cluster adds up its units' capped figures.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy import ColumnElement, Subquery
from sqlmodel import and_, case, col, func
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.pledge.rules import PledgeStatus
from storage.membership.models import Cluster, Unit
from storage.pledge.models import Pledge, UnitCollection

_FIGURES = ("headcount", "pledged", "paid", "confirmed", "individuals", "collective",
            "participants")  # fmt: skip


@dataclass(frozen=True, slots=True)
class Totals:
    """A unit's or a cluster's figures for one campaign year; money in whole đồng."""

    id: int
    code: str
    name: str
    headcount: int
    pledged: int  # every live pledge, whatever its status, plus the unit collections
    paid: int  # matched transfers, else paid or confirmed pledges, plus the unit collections
    confirmed: int  # confirmed, plus the unit collections
    individuals: int  # members with a live pledge
    collective: int  # contributors recorded in unit collections
    participants: int  # individuals + collective, capped at each unit's headcount
    cluster_id: int  # a unit's cluster; a cluster's own id


def _whole(expression: Any) -> ColumnElement[int]:
    # PostgreSQL sums BIGINT into NUMERIC; casting back keeps whole đồng as Python ints.
    return sa.cast(func.coalesce(expression, 0), sa.BigInteger)


def _per_unit(scope: Literal["cluster", "unit"], scope_id: Any = None) -> Subquery:
    """One row per unit of a cluster or one unit (`scope_id`, else `:scope_id`) in `:year`:
    its headcount, money and people, with the collection added in."""
    year: sa.BindParameter[int] = sa.bindparam("year")
    scope_id = sa.bindparam("scope_id") if scope_id is None else scope_id
    status = col(Pledge.status)
    amount = col(Pledge.amount)
    units = sa.select(col(Unit.id)).where(
        (col(Unit.cluster_id) if scope == "cluster" else col(Unit.id)) == scope_id
    )
    paid = status.in_([PledgeStatus.PAID.value, PledgeStatus.CONFIRMED.value])
    # A matched bank transfer counts what arrived (a partial payment too); else the status says.
    paid_money = case(
        (col(Pledge.paid_amount).is_not(None), col(Pledge.paid_amount)), (paid, amount), else_=0
    )
    by_unit = (
        sa.select(
            col(Pledge.unit_id).label("unit_id"),
            func.sum(amount).label("pledged"),
            func.sum(paid_money).label("paid"),
            func.sum(case((status == PledgeStatus.CONFIRMED.value, amount), else_=0)).label(
                "confirmed"
            ),
            func.count().label("people"),
        )
        .where(
            col(Pledge.campaign_year) == year,
            status != PledgeStatus.CANCELLED.value,
            col(Pledge.unit_id).in_(units),
        )
        .group_by(col(Pledge.unit_id))
        .subquery()
    )
    collected = _whole(col(UnitCollection.amount))
    individuals = func.coalesce(by_unit.c.people, 0)
    collective = func.coalesce(col(UnitCollection.contributors), 0)
    together = individuals + collective
    headcount = col(Unit.headcount)
    # The cap is a safety net: a reporter is asked to leave out people who pledged here, but
    # someone may pledge after the collection was recorded.
    participants = case((and_(headcount > 0, together > headcount), headcount), else_=together)
    return (
        sa.select(
            col(Unit.id).label("id"), col(Unit.code).label("code"), col(Unit.name).label("name"),
            col(Unit.cluster_id).label("cluster_id"), headcount.label("headcount"),
            (_whole(by_unit.c.pledged) + collected).label("pledged"),
            (_whole(by_unit.c.paid) + collected).label("paid"),
            (_whole(by_unit.c.confirmed) + collected).label("confirmed"),
            individuals.label("individuals"), collective.label("collective"),
            participants.label("participants"),
        )
        .outerjoin(by_unit, by_unit.c.unit_id == col(Unit.id))
        .outerjoin(
            UnitCollection,
            and_(col(UnitCollection.unit_id) == col(Unit.id),
                 col(UnitCollection.campaign_year) == year),
        )
        .where(col(Unit.id).in_(units))
        .subquery()
    )  # fmt: skip


def per_unit_figures() -> Subquery:
    """One row per unit of the cluster `:scope_id` in the campaign `:year`, counted by the rule
    above, for a read model that joins more to each unit (storage.cluster.picture)."""
    return _per_unit("cluster")


def totals_of(row: Any) -> Totals:
    """Return the figures of one row of `per_unit_figures`."""
    return _totals(row)


def summed(cluster_id: int, code: str, name: str, units: list[Totals]) -> Totals:
    """Return a cluster's figures as the sums of its units' (what `cluster_totals` counts)."""
    sums = {figure: sum(getattr(unit, figure) for unit in units) for figure in _FIGURES}
    return Totals(id=cluster_id, code=code, name=name, cluster_id=cluster_id, **sums)


def _totals(row: Any) -> Totals:
    figures = {f: int(getattr(row, f)) for f in _FIGURES}
    cluster_id = int(getattr(row, "cluster_id", row.id))  # a cluster's row is its own
    return Totals(
        id=int(row.id), code=str(row.code), name=str(row.name), cluster_id=cluster_id, **figures
    )


def _cluster(scope_id: Any) -> sa.Select[*tuple[Any, ...]]:
    per_unit = _per_unit("cluster", scope_id)
    return (
        sa.select(
            col(Cluster.id).label("id"), col(Cluster.code).label("code"),
            col(Cluster.name).label("name"), col(Cluster.id).label("cluster_id"),
            *(_whole(func.sum(per_unit.c[figure])).label(figure) for figure in _FIGURES),
        )
        .outerjoin(per_unit, per_unit.c.cluster_id == col(Cluster.id))
        .where(col(Cluster.id) == scope_id)
        .group_by(col(Cluster.id), col(Cluster.code), col(Cluster.name))
    )  # fmt: skip


@functools.cache
def _statement(kind: Literal["unit", "units", "cluster", "both"]) -> sa.Executable:
    """Build each query once: building it cost more than running it, on every pledge."""
    if kind == "both":  # a unit (`:scope_id`) then its cluster, in one round trip
        unit = _per_unit("unit")
        home = sa.select(col(Unit.cluster_id)).where(col(Unit.id) == sa.bindparam("scope_id"))
        return sa.union_all(
            sa.select(sa.literal(0).label("kind"), unit),
            sa.select(sa.literal(1).label("kind"), *_cluster(home.scalar_subquery()).subquery().c),
        ).subquery().select().order_by("kind")  # fmt: skip
    if kind == "cluster":
        return _cluster(sa.bindparam("scope_id"))
    per_unit = _per_unit("unit" if kind == "unit" else "cluster")
    if kind == "unit":
        return sa.select(per_unit)
    return sa.select(per_unit).order_by(per_unit.c.name)


async def unit_totals(*, session: AsyncSession, year: int, unit_id: int) -> Totals | None:
    """Return one unit's figures."""
    connection = await session.connection()
    result = await connection.execute(_statement("unit"), {"year": year, "scope_id": unit_id})
    row = result.first()
    return _totals(row) if row is not None else None


async def units_totals(*, session: AsyncSession, year: int, cluster_id: int) -> list[Totals]:
    """Return the figures of every unit of a cluster, by name."""
    connection = await session.connection()
    parameters = {"year": year, "scope_id": cluster_id}
    rows = (await connection.execute(_statement("units"), parameters)).all()
    return [_totals(row) for row in rows]


async def cluster_totals(*, session: AsyncSession, year: int, cluster_id: int) -> Totals | None:
    """Return a cluster's figures: the sums of its units' figures."""
    connection = await session.connection()
    parameters = {"year": year, "scope_id": cluster_id}
    row = (await connection.execute(_statement("cluster"), parameters)).first()
    return _totals(row) if row is not None else None


async def unit_and_cluster_totals(
    *, session: AsyncSession, year: int, unit_id: int
) -> tuple[Totals | None, Totals | None]:
    """Return one unit's figures and its cluster's, read together (None, None: no such unit)."""
    connection = await session.connection()
    rows = (
        await connection.execute(_statement("both"), {"year": year, "scope_id": unit_id})
    ).all()
    found = {row.kind: _totals(row) for row in rows}
    return found.get(0), found.get(1)
