"""Drive one emulator's users for the update benchmarks: bursts of commands, rounds of pledges."""

from __future__ import annotations

import asyncio
import time

from bench.common import until
from emulator.telegram import TelegramEmulator
from emulator.telegram_store import EmuUser

TEXT = "/trogiup"
PLEDGE = "/ungho 500k"
CONFIRM = "1"  # the first option offered: “Xác nhận”
REPLIES_WITHIN = 300.0


class Harness:
    """One emulator with its users, and how many bot messages one update gets."""

    def __init__(
        self, emu: TelegramEmulator, chats: list[str], pledgers: list[str] | None = None
    ) -> None:
        self.emu = emu
        self.emu.record_calls = False  # nothing here reads them
        self.chats = chats
        self.users = [emu.user(int(chat)) for chat in chats]
        self.pledgers = [emu.user(int(chat)) for chat in pledgers or []]
        self.replies_per_update = 1

    def replies(self, users: list[EmuUser] | None = None) -> int:
        history = self.emu.store.history
        return sum(len(history.get(user.id, ())) for user in users or self.users)

    async def burst(self, per_user: int) -> float:
        """Send `per_user` updates from every user at once; return updates per second."""
        users = self.users
        expected = self.replies() + len(users) * per_user * self.replies_per_update
        started = time.perf_counter()
        for _ in range(per_user):
            for user in users:
                await self.emu.send_text(user, TEXT)
        await until(lambda: self.replies() >= expected, within=REPLIES_WITHIN, what="replies")
        return len(users) * per_user / (time.perf_counter() - started)

    async def pledge_round(self, count: int) -> float:
        """`count` new members pledge in one line and confirm; return updates per second."""
        users, self.pledgers = self.pledgers[:count], self.pledgers[count:]
        if len(users) < count:
            raise RuntimeError("no members left who have not pledged")
        started = time.perf_counter()
        for text in (PLEDGE, CONFIRM):
            expected = self.replies(users) + len(users)
            for user in users:
                await self.emu.send_text(user, text)
            await until(
                lambda want=expected: self.replies(users) >= want,  # type: ignore[misc]
                within=REPLIES_WITHIN,
                what="pledges",
            )
        seconds = time.perf_counter() - started
        last = [self.emu.store.history[user.id][-1].get("text", "") for user in users]
        if not all("Đã ghi nhận" in text for text in last):  # the pledge was written
            raise AssertionError(f"a pledge was not recorded: {last[:3]}")
        return 2 * count / seconds

    async def warm_up(self) -> None:
        """One update per user; learn how many messages answer one update."""
        before = self.replies()
        await self.burst(1)
        await asyncio.sleep(0.3)  # a second message per update would arrive by now
        self.replies_per_update = max(1, round((self.replies() - before) / len(self.users)))
