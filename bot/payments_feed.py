"""Bank lines that come without a chat: a statement from the command line, SePay's webhook.

Both feed the same matching as a statement sent in the chat, acting as the server itself
(every cluster; events without a member), in one transaction per batch.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from bot.i18n import Catalogs
from bot.outbox.queue import NotifyService
from bot.services.pledge.payments import ImportResult, PaymentService
from domain.clock import Clock
from domain.config import ProvinceConfig
from domain.pledge.statement import StatementLine, parse_day
from storage.db.engine import SessionFactory

log = logging.getLogger(__name__)


class PaymentsFeed:
    """Match bank lines to pledges outside any chat."""

    def __init__(
        self, sessions: SessionFactory, catalogs: Catalogs, province: ProvinceConfig, clock: Clock
    ) -> None:
        self.sessions = sessions
        self.catalogs = catalogs
        self.province = province
        self.clock = clock
        self.on_outbox: Callable[[], None] | None = None  # wakes the outbox sender

    async def import_lines(
        self,
        lines: list[StatementLine],
        source: str,
        *,
        cluster: str | None = None,
        account: str | None = None,
    ) -> ImportResult | None:
        """Match the lines in one transaction; the members' notices go to the outbox.

        Lines without a code go to the cluster `cluster` (a code), or the one whose own account
        is `account`; None when `cluster` names no cluster (nothing is done).
        """
        now = self.clock.now()
        async with self.sessions() as session, session.begin():
            notify = NotifyService(session, self.catalogs, now)
            service = PaymentService(session, notify, now, self.province)
            owner = await service.cluster_id(code=cluster, account=account)
            if cluster is not None and owner is None:
                return None
            result = await service.import_lines(None, lines, source, owner)
        if notify.queued and self.on_outbox is not None:
            self.on_outbox()
        return result

    async def sepay(self, data: dict[str, Any]) -> None:
        """Match one transaction SePay reports; money going out is none of the fund's pledges."""
        line = sepay_line(data)
        if line is None:
            return
        account = str(data.get("accountNumber") or "") or None
        await self.import_lines([line], f"sepay {data.get('id')}", account=account)


def sepay_line(data: dict[str, Any]) -> StatementLine | None:
    """Return SePay's transaction as a statement line, or None for money out or a bad body."""
    if data.get("transferType") != "in":
        return None
    amount, identifier = data.get("transferAmount"), data.get("id")
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        log.warning("sepay webhook without a whole positive transferAmount ignored")
        return None
    # The bank's own reference, so that the same transfer in a statement later is a repeat.
    reference = str(data.get("referenceCode") or "").strip() or f"sepay-{identifier}"
    try:
        day = parse_day(str(data.get("transactionDate") or ""))
    except ValueError:
        day = datetime.now().date()  # the notice is about now; its date is only shown
    description = " ".join(
        str(data.get(key) or "") for key in ("content", "code", "description") if data.get(key)
    )
    return StatementLine(0, reference[:120], day, amount, description)
