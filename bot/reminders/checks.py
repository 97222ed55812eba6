"""What may still be missing in a cluster before a deadline; each feature adds its check."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.domain.calendar import Phase
from bot.i18n import Translator
from storage.models import Member, Role, Unit

# (session, cluster id, phase, translator) -> one line, or None when nothing is missing
ClusterCheck = Callable[[AsyncSession, int, Phase, Translator], Awaitable[str | None]]


async def units_without_members(
    session: AsyncSession, cluster_id: int, _phase: Phase, t: Translator
) -> str | None:
    """Name the units where nobody has joined the bot yet."""
    joined = (
        select(Member.unit_id)
        .where(
            col(Member.active).is_(True),
            col(Member.role) != Role.GUEST.value,
            col(Member.unit_id).is_not(None),  # NOT IN with a NULL in the list matches nothing
        )
        .group_by(col(Member.unit_id))
        .having(func.count() > 0)
    )
    statement = (
        select(Unit.name)
        .where(Unit.cluster_id == cluster_id, col(Unit.id).not_in(joined))
        .order_by(col(Unit.name))
    )
    names = list((await session.exec(statement)).all())
    if not names:
        return None
    return t._("Đơn vị chưa có ai tham gia bot: {units}").format(units=", ".join(names))


CHECKS: list[ClusterCheck] = [units_without_members]
