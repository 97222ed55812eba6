"""The event loop the bot runs on: uvloop where it installs, asyncio's own elsewhere."""

from __future__ import annotations

import asyncio


def use_uvloop() -> bool:
    """Make new event loops uvloop's; return whether it could.

    The bot is I/O-bound on one loop: with uvloop the outbox benchmark sent about a third more
    messages a second (524 against 393 msg/s, docs/benchmarks.md). Windows has no uvloop.
    """
    try:
        import uvloop
    except ImportError:
        return False
    asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    return True
