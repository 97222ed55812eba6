"""Logging set-up shared by every entry point."""

from __future__ import annotations

import logging


def configure(level: str) -> None:
    """Log to stderr at `level`; keep libraries that print URLs (and so tokens) quieter."""
    logging.basicConfig(
        level=level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # httpx logs every request URL at INFO, and Bot API URLs carry the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
