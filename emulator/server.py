"""What both local platform servers share: started and stopped around a `with` block."""

from __future__ import annotations

from types import TracebackType
from typing import Self


class LoopbackServer:
    """A server on 127.0.0.1 that a test opens with `async with`."""

    async def start(self) -> None:
        """Start serving on a free loopback port."""
        raise NotImplementedError

    async def stop(self) -> None:
        """Stop serving and release what the server holds."""
        raise NotImplementedError

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()
