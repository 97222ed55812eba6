"""Housekeeping forgets old update keys, old options and old settled messages, nothing else."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import select

from bot.app import BotApp
from bot.config import Settings
from storage.conversation.models import ChoiceToken
from storage.inbox.updates import ProcessedUpdate
from storage.outbox.models import Outbox
from tests.support.fakeclock import FakeClock

NOW = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)


async def test_old_rows_go_and_waiting_messages_stay(settings: Settings) -> None:
    app = BotApp(settings, clock=FakeClock(NOW))
    old, fresh = NOW - timedelta(days=100), NOW - timedelta(minutes=5)
    async with app.sessions() as session, session.begin():
        session.add_all([
            ProcessedUpdate(key="telegram:1", created_at=old),
            ProcessedUpdate(key="telegram:2", created_at=fresh),
            ChoiceToken(token="old", channel="zalo", user_id="u", action="a", created_at=old),
            ChoiceToken(token="new", channel="zalo", user_id="u", action="a", created_at=fresh),
            Outbox(key="sent-old", channel="zalo", chat_id="c", text="t", status="sent",
                   created_at=old, not_before=old),
            Outbox(key="pending-old", channel="zalo", chat_id="c", text="t", status="pending",
                   created_at=old, not_before=old),
            Outbox(key="sent-new", channel="zalo", chat_id="c", text="t", status="sent",
                   created_at=fresh, not_before=fresh),
        ])  # fmt: skip
    await app.forget_old_keys()
    async with app.sessions() as session:
        keys = (await session.exec(select(ProcessedUpdate.key))).all()
        tokens = (await session.exec(select(ChoiceToken.token))).all()
        outbox = (await session.exec(select(Outbox.key))).all()
    await app.engine.dispose()
    assert list(keys) == ["telegram:2"]
    assert list(tokens) == ["new"]
    assert sorted(outbox) == ["pending-old", "sent-new"]
