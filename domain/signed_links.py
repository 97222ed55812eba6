"""Signed dashboard links: who may see which cluster until when, sealed with HMAC-SHA256.

A link carries no password: its token names the person, the cluster (0: the whole province)
and the expiry, with a signature over the three made with a secret only the server knows.
Pure computation, no I/O: the server checks the person's role again when the page is asked.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

TTL = timedelta(hours=24)
PROVINCE = 0  # the cluster id of the province page (admins only)
_TOKEN = re.compile(r"^(\d{1,12})\.(\d{1,12})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$")


@dataclass(frozen=True, slots=True)
class Grant:
    """What a valid token allows: one person to see one cluster's page."""

    person_id: int
    cluster_id: int
    expires: int  # Unix seconds


def _signature(secret: bytes, person_id: int, cluster_id: int, expires: int) -> str:
    # The purpose is part of the message: a signature made for anything else never fits here.
    message = f"dashboard|{person_id}|{cluster_id}|{expires}".encode()
    digest = hmac.new(secret, message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def sign(
    secret: bytes, person_id: int, cluster_id: int, now: datetime, ttl: timedelta = TTL
) -> str:
    """Return a token that lets `person_id` see `cluster_id` until `now + ttl`."""
    expires = int((now + ttl).timestamp())
    signature = _signature(secret, person_id, cluster_id, expires)
    return f"{person_id}.{cluster_id}.{expires}.{signature}"


def verify(secret: bytes, token: str, now: datetime) -> Grant | None:
    """Return the grant of a well-formed, authentic, unexpired token; else None."""
    found = _TOKEN.match(token)
    if found is None:
        return None
    person_id, cluster_id, expires = (int(found.group(i)) for i in (1, 2, 3))
    expected = _signature(secret, person_id, cluster_id, expires)
    # Constant time: a timing difference would let a forger guess the signature byte by byte.
    if not hmac.compare_digest(expected.encode(), found.group(4).encode()):
        return None
    if expires <= now.timestamp():
        return None
    return Grant(person_id, cluster_id, expires)


@dataclass(frozen=True, slots=True)
class DashboardLinks:
    """Makes the dashboard's links: the server's secret and where the pages are served."""

    secret: bytes
    base_url: str  # the bot's public address, without a trailing slash

    def path(self, person_id: int, cluster_id: int, now: datetime) -> str:
        """Return the page's path, valid for a day."""
        return f"/dashboard/{sign(self.secret, person_id, cluster_id, now)}"

    def url(self, person_id: int, cluster_id: int, now: datetime) -> str:
        """Return the page's full link, valid for a day."""
        return self.base_url + self.path(person_id, cluster_id, now)
