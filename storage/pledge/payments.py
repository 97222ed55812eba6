"""Query functions for bank transactions and the payments they bring to pledges."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import col, func, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.db.statements import dialect_insert
from storage.pledge.models import Pledge, PledgeEvent
from storage.pledge.payment_models import BankTransaction

MATCHED, UNMATCHED, IGNORED = "matched", "unmatched", "ignored"


@dataclass(frozen=True, slots=True)
class TransactionInfo:
    id: int
    reference: str
    source: str
    booked_on: date
    amount: int
    description: str
    cluster_id: int | None
    pledge_id: int | None
    status: str


def _info(row: BankTransaction) -> TransactionInfo:
    assert row.id is not None
    return TransactionInfo(
        row.id, row.reference, row.source, row.booked_on, row.amount, row.description,
        row.cluster_id, row.pledge_id, row.status,
    )  # fmt: skip


async def known_references(*, session: AsyncSession, references: list[str]) -> set[str]:
    """Return which of these bank references are stored already."""
    if not references:
        return set()
    statement = select(BankTransaction.reference).where(
        col(BankTransaction.reference).in_(references)
    )
    return set((await session.exec(statement)).all())


async def insert_transaction(
    *, session: AsyncSession, reference: str, source: str, booked_on: date, amount: int,
    description: str, cluster_id: int | None, pledge_id: int | None, status: str,
    imported_by: int | None, now: datetime,
) -> int | None:  # fmt: skip
    """Store a transaction; None when its reference is stored already (an import repeated)."""
    insert = dialect_insert((await session.connection()).dialect.name)
    statement = (
        insert(BankTransaction)
        .values(
            reference=reference, source=source[:200], booked_on=booked_on, amount=amount,
            description=description[:500], cluster_id=cluster_id, pledge_id=pledge_id,
            status=status, imported_by=imported_by, created_at=now,
        )
        .on_conflict_do_nothing(index_elements=["reference"])
        .returning(col(BankTransaction.id))
    )  # fmt: skip
    found = (await session.exec(statement)).scalar_one_or_none()
    return int(found) if found is not None else None


async def get_transaction(*, session: AsyncSession, transaction_id: int) -> TransactionInfo | None:
    """Return one stored transaction."""
    row = await session.get(BankTransaction, transaction_id)
    return _info(row) if row is not None else None


async def unmatched(
    *, session: AsyncSession, cluster_id: int | None, everything: bool, limit: int = 10
) -> tuple[list[TransactionInfo], int]:
    """Return the oldest lines waiting to be matched by hand (of a cluster, or all) and a count."""
    where = [col(BankTransaction.status) == UNMATCHED]
    if not everything:
        where.append(col(BankTransaction.cluster_id) == cluster_id)
    rows = (
        await session.exec(
            select(BankTransaction).where(*where).order_by(col(BankTransaction.id)).limit(limit)
        )
    ).all()
    total = (
        await session.exec(select(func.count()).select_from(BankTransaction).where(*where))
    ).one()
    return [_info(row) for row in rows], int(total)


async def settle(
    *, session: AsyncSession, transaction_id: int, status: str, pledge_id: int | None
) -> bool:
    """Mark an unmatched line matched to a pledge, or ignored; False if it moved meanwhile."""
    statement = (
        update(BankTransaction)
        .where(col(BankTransaction.id) == transaction_id, col(BankTransaction.status) == UNMATCHED)
        .values(status=status, pledge_id=pledge_id)
    )
    return bool((await session.exec(statement)).rowcount)


async def add_payment(
    *, session: AsyncSession, pledge_id: int, amount: int, status: str | None, now: datetime
) -> None:
    """Add a transfer's amount to what the pledge received; move its status if given."""
    values: dict[str, object] = {
        "paid_amount": func.coalesce(col(Pledge.paid_amount), 0) + amount,
        "updated_at": now,
    }
    if status is not None:
        values["status"] = status
    await session.exec(update(Pledge).where(col(Pledge.id) == pledge_id).values(**values))


async def paid_amount(*, session: AsyncSession, pledge_id: int) -> int | None:
    """Return what matched transfers brought to a pledge so far."""
    # A column read, not session.get: the identity map may hold the row from before add_payment.
    statement = select(Pledge.paid_amount).where(col(Pledge.id) == pledge_id)
    return (await session.exec(statement)).first()


def add_bank_event(
    *, session: AsyncSession, pledge_id: int, transaction_id: int, actor_id: int | None,
    old_status: str, new_status: str, old_paid: int | None, new_paid: int, now: datetime,
) -> None:  # fmt: skip
    """Record a change brought by a bank line (the line is the event's source)."""
    session.add(
        PledgeEvent(
            pledge_id=pledge_id, actor_id=actor_id, action="bank", old_amount=old_paid,
            new_amount=new_paid, old_status=old_status, new_status=new_status,
            bank_transaction_id=transaction_id, at=now,
        )
    )  # fmt: skip


async def pledge_year(*, session: AsyncSession, pledge_id: int) -> int | None:
    """Return the campaign year of a pledge (a code names the year as well as the pledge)."""
    statement = select(Pledge.campaign_year).where(col(Pledge.id) == pledge_id)
    return (await session.exec(statement)).first()
