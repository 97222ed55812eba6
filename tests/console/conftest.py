"""The console tests' shared fixtures: the summary's clock, a console on Zalo's sign-in path."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.config import Settings
from tests.activity.activity_helpers import fix_clock
from tests.console.console_helpers import Console, running_console
from tests.leader.summarydata import NOW
from tests.support.fakeclock import FakeClock


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    return fix_clock(monkeypatch, NOW)


@pytest.fixture
async def console(settings: Settings, clock: FakeClock) -> AsyncIterator[Console]:
    async with running_console(settings, "zalo") as running:
        yield running
