"""Fill a migrated database in bulk: clusters, units, members with Telegram accounts, pledges.

Rows go in with executemany of Core INSERTs in batches, not as ORM objects one by one, so
100,000 members take seconds.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.pledge.rules import PledgeStatus
from storage.db.engine import create_engine
from storage.db.times import utcnow
from storage.membership.models import Cluster, Identity, Member, Province, Unit
from storage.pledge.models import Pledge, UnitCollection

FIRST_CHAT = 900_000
_BATCH = 10_000
# Four pledges in five members; statuses in the proportions of a campaign under way.
_STATUSES = (
    [PledgeStatus.PLEDGED.value] * 4 + [PledgeStatus.PAID.value] * 3
    + [PledgeStatus.CONFIRMED.value] * 2 + [PledgeStatus.CANCELLED.value]
)  # fmt: skip


@dataclass(frozen=True)
class World:
    """What was seeded: the chats of the members (in id order) and the clusters' ids."""

    chats: list[str]
    cluster_ids: list[int]
    year: int
    seconds: float


async def _insert(connection: AsyncConnection, table: Any, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), _BATCH):
        await connection.execute(sa.insert(table), rows[start : start + _BATCH])


async def seed(
    url: str,
    *,
    members: int,
    clusters: int = 1,
    units_per_cluster: int = 1,
    pledges: bool = False,
) -> World:
    """Add `members` members spread evenly over clusters × units, each with one account."""
    started = time.perf_counter()
    now, year = utcnow(), date.today().year
    units = clusters * units_per_cluster
    headcount = -(-members // units)
    chats = [str(FIRST_CHAT + i) for i in range(members)]
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await _insert(connection, Province, [{"id": 1, "name": "Tỉnh Đo Hiệu Năng"}])
            await _insert(connection, Cluster, [
                {"id": c, "code": f"cum-{c}", "kind": "cum", "name": f"Cụm thi đua số {c}",
                 "created_at": now}
                for c in range(1, clusters + 1)
            ])  # fmt: skip
            await _insert(connection, Unit, [
                {"id": u, "code": f"dv-{u}", "name": f"Đơn vị {u}", "headcount": headcount,
                 "cluster_id": (u - 1) // units_per_cluster + 1, "created_at": now}
                for u in range(1, units + 1)
            ])  # fmt: skip
            await _insert(connection, Member, [
                {"id": i + 1, "full_name": f"Người {i + 1}", "role": "member", "locale": None,
                 "active": True, "unit_id": i % units + 1, "cluster_id": None,
                 "created_at": now}
                for i in range(members)
            ])  # fmt: skip
            await _insert(connection, Identity, [
                {"id": i + 1, "member_id": i + 1, "channel": "telegram",
                 "external_user_id": chat, "chat_id": chat, "display_name": "",
                 "created_at": now}
                for i, chat in enumerate(chats)
            ])  # fmt: skip
            if pledges:
                await _seed_pledges(connection, members=members, units=units, year=year)
            if url.startswith("sqlite"):
                await connection.execute(sa.text("ANALYZE"))
        if url.startswith("sqlite"):  # fold the WAL into the file, so it can be copied alone
            async with engine.connect() as connection:
                await connection.execute(sa.text("PRAGMA wal_checkpoint(TRUNCATE)"))
    finally:
        await engine.dispose()
    return World(chats, list(range(1, clusters + 1)), year, time.perf_counter() - started)


async def _seed_pledges(
    connection: AsyncConnection, *, members: int, units: int, year: int
) -> None:
    now = utcnow()
    await _insert(connection, Pledge, [
        {"campaign_year": year, "member_id": i + 1, "unit_id": i % units + 1,
         "amount": 300_000 + (i % 17) * 100_000, "status": _STATUSES[i % len(_STATUSES)],
         "receipt_ref": None, "created_at": now, "updated_at": now}
        for i in range(members)
        if i % 5 != 4
    ])  # fmt: skip
    # Every other unit also recorded what its trade union collected from the others.
    await _insert(connection, UnitCollection, [
        {"campaign_year": year, "unit_id": u, "amount": 5_000_000, "contributors": 10,
         "recorded_by": 1, "updated_at": now}
        for u in range(1, units + 1, 2)
    ])  # fmt: skip
