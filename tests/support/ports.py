"""A free TCP port on loopback, for a server a test starts (the dashboard, a webhook…)."""

from __future__ import annotations

import socket


def free_port() -> int:
    """Return a port nobody listens on now (the kernel's pick; free until someone binds it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
