"""What may still be missing in a cluster before a deadline; each feature adds its check."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import Translator
from domain.calendar.occasions import Phase
from storage.cluster import nudges

# (session, cluster id, phase, translator) -> one line, or None when nothing is missing
ClusterCheck = Callable[[AsyncSession, int, Phase, Translator], Awaitable[str | None]]


async def units_without_members(
    session: AsyncSession, cluster_id: int, _phase: Phase, t: Translator
) -> str | None:
    """Name the units where nobody has joined the bot yet."""
    names = await nudges.units_without_members(session=session, cluster_id=cluster_id)
    if not names:
        return None
    return t._("Đơn vị chưa có ai dùng trợ lý: {units}").format(units=", ".join(names))


CHECKS: list[ClusterCheck] = [units_without_members]
