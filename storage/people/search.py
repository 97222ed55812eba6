"""Find people by name, unit or channel account, in one cluster or the whole province.

Names are matched without diacritics and in any case ("nguyen van a" finds «Nguyễn Văn A»),
as the trail's filter does: the folding is Python's (`domain.text.fold`), over the names of
the people in scope only, read as plain tuples; a channel account's id is matched in SQL.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, cast

import sqlalchemy as sa
from sqlmodel import col, func
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.roles import Role
from domain.text import fold
from storage.membership.models import Cluster, Identity, Member, Unit

NO_CHANNEL = "none"  # the channel filter's value for people with no account yet


@dataclass(frozen=True, slots=True)
class PersonLine:
    """One person as a list of results shows them."""

    member_id: int
    full_name: str
    role: str
    active: bool
    unit: str  # "" for someone without a unit (the admin)
    cluster_id: int | None
    cluster: str
    channels: tuple[str, ...]  # the channels they have an account on, by name


def cluster_of() -> Any:
    """Return the SQL for a member's cluster: their unit's, else the one they lead."""
    return func.coalesce(col(Unit.cluster_id), col(Member.cluster_id))


def people_statement() -> sa.Select[Any]:
    """Return the members (guests aside) with their unit's and cluster's names."""
    cluster = cluster_of()
    return (
        sa.select(
            col(Member.id), col(Member.full_name), col(Member.role), col(Member.active),
            func.coalesce(col(Unit.name), ""), cluster, func.coalesce(col(Cluster.name), ""),
        )
        .select_from(Member)
        .outerjoin(Unit, col(Unit.id) == col(Member.unit_id))
        .outerjoin(Cluster, col(Cluster.id) == cluster)
        .where(col(Member.role) != Role.GUEST.value)
    )  # fmt: skip


def _with_channel(statement: sa.Select[Any], channel: str) -> sa.Select[Any]:
    if not channel:
        return statement
    if channel == NO_CHANNEL:
        return statement.where(~col(Member.id).in_(sa.select(col(Identity.member_id))))
    accounts = sa.select(col(Identity.member_id)).where(col(Identity.channel) == channel)
    return statement.where(col(Member.id).in_(accounts))


async def _by_account(session: AsyncSession, words: str) -> set[int]:
    """Return the people whose channel account's id is exactly what was typed."""
    statement = sa.select(col(Identity.member_id)).where(
        sa.or_(col(Identity.external_user_id) == words, col(Identity.chat_id) == words)
    )
    return {row[0] for row in await read_rows(session, statement)}


# Names change seldom: folded once per process, a province's search reads them from here.
_folded = functools.lru_cache(maxsize=1 << 18)(fold)


async def _matching(
    session: AsyncSession, words: str, channel: str, cluster_id: int | None, limit: int
) -> list[int]:
    """Return the ids of the first `limit` people (by name) that `words` finds.

    Only ids, names and units are read for everyone in scope (a province: 100,000 rows), and
    each unit's name is folded once; the lines shown are read for the few found.
    """
    read = (
        sa.select(col(Member.id), col(Member.full_name), col(Member.unit_id))
        .select_from(Member)
        .outerjoin(Unit, col(Unit.id) == col(Member.unit_id))
        .where(col(Member.role) != Role.GUEST.value)
    )
    statement = _with_channel(cast("sa.Select[Any]", read), channel)
    if cluster_id is not None:
        statement = statement.where(cluster_of() == cluster_id)
    units = {
        id: fold(name)
        for id, name in await read_rows(session, sa.select(col(Unit.id), col(Unit.name)))
    }
    wanted = fold(words)
    accounts = await _by_account(session, words.strip()[:64])
    found = sorted(
        (name, id)
        for id, name, unit in await read_rows(session, statement)
        if id in accounts or wanted in _folded(name) or wanted in units.get(unit, "")
    )
    return [id for _, id in found[:limit]]


async def search(
    *, session: AsyncSession, words: str, channel: str = "", cluster_id: int | None = None,
    limit: int = 50,
) -> list[PersonLine]:  # fmt: skip
    """Return up to `limit` people whose name or unit holds `words` (folded), or whose channel
    account is `words`, by name; `channel` keeps those with (or, NO_CHANNEL, without) an
    account there; `cluster_id` keeps one cluster's."""
    statement = _with_channel(people_statement(), channel)
    if cluster_id is not None:
        statement = statement.where(cluster_of() == cluster_id)
    if fold(words):
        ids = await _matching(session, words, channel, cluster_id, limit)
        statement = statement.where(col(Member.id).in_(ids))
    ordered = statement.order_by(col(Member.full_name), col(Member.id)).limit(limit)
    rows = await read_rows(session, ordered)
    channels = await channels_of(session=session, ids=[row[0] for row in rows])
    return [
        PersonLine(int(i), name, role, bool(active), unit, cluster, cluster_name,
                   tuple(channels.get(i, ())))
        for i, name, role, active, unit, cluster, cluster_name in rows
    ]  # fmt: skip


async def channels_of(*, session: AsyncSession, ids: list[int]) -> dict[int, list[str]]:
    """Return the channels each of these people has an account on, by name."""
    if not ids:
        return {}
    statement = (
        sa.select(col(Identity.member_id), col(Identity.channel))
        .where(col(Identity.member_id).in_(ids))
        .order_by(col(Identity.channel))
    )
    found: dict[int, list[str]] = defaultdict(list)
    for member_id, channel in await read_rows(session, statement):
        if channel not in found[member_id]:
            found[member_id].append(channel)
    return found


async def person_line(*, session: AsyncSession, member_id: int) -> PersonLine | None:
    """Return one person (not a guest) as the list shows them, or None."""
    rows = await read_rows(session, people_statement().where(col(Member.id) == member_id))
    if not rows:
        return None
    i, name, role, active, unit, cluster, cluster_name = rows[0]
    channels = await channels_of(session=session, ids=[i])
    return PersonLine(int(i), name, role, bool(active), unit, cluster, cluster_name,
                      tuple(channels.get(i, ())))  # fmt: skip


async def read_rows(session: AsyncSession, statement: sa.Executable) -> list[Any]:
    """Run a core statement (tuples, not models) on the session's connection."""
    connection = await session.connection()
    return list((await connection.execute(statement)).all())
