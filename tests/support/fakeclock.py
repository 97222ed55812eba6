"""A clock the test moves by hand."""

from __future__ import annotations

from datetime import datetime, timedelta


class FakeClock:
    """Stands still until told to move; always aware."""

    def __init__(self, start: datetime) -> None:
        assert start.tzinfo is not None
        self.current = start

    def now(self) -> datetime:
        return self.current

    def set(self, moment: datetime) -> None:
        assert moment.tzinfo is not None
        self.current = moment

    def advance(self, delta: timedelta) -> None:
        self.current += delta
