"""Sign-in links to the office console: one person, ten minutes, used once.

The token names the person, its expiry and a random nonce, sealed with HMAC-SHA256 by a
secret only the server knows. Pure computation: the server records the nonce when the link
is used (a second use finds it) and checks the person's role again.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

TTL = timedelta(minutes=10)
PATH = "/quantri/vao/"  # where a sign-in link opens (a confirmation page, then a POST)
_TOKEN = re.compile(r"^(\d{1,12})\.(\d{1,12})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$")


class LinkProblem(StrEnum):
    INVALID = "invalid"  # not a token of ours (forged, cut, altered)
    EXPIRED = "expired"  # ours, but past its ten minutes


@dataclass(frozen=True, slots=True)
class SignIn:
    """What a valid token allows: `person_id` to open a session, once (`nonce`)."""

    person_id: int
    expires: int  # Unix seconds
    nonce: str


def _signature(secret: bytes, person_id: int, expires: int, nonce: str) -> str:
    # The purpose is part of the message: a dashboard link's signature never fits here.
    message = f"office-sign-in|{person_id}|{expires}|{nonce}".encode()
    digest = hmac.new(secret, message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def sign(
    secret: bytes, person_id: int, now: datetime, *, nonce: str | None = None,
    ttl: timedelta = TTL,
) -> str:  # fmt: skip
    """Return a token that lets `person_id` sign in once until `now + ttl`."""
    nonce = nonce or secrets.token_urlsafe(16)  # 22 characters
    expires = int((now + ttl).timestamp())
    return f"{person_id}.{expires}.{nonce}.{_signature(secret, person_id, expires, nonce)}"


def check(secret: bytes, token: str, now: datetime) -> SignIn | LinkProblem:
    """Return the sign-in a well-formed, authentic, unexpired token allows; else why not."""
    found = _TOKEN.match(token)
    if found is None:
        return LinkProblem.INVALID
    person_id, expires, nonce = int(found.group(1)), int(found.group(2)), found.group(3)
    expected = _signature(secret, person_id, expires, nonce)
    # Constant time: a timing difference would let a forger guess the signature byte by byte.
    if not hmac.compare_digest(expected.encode(), found.group(4).encode()):
        return LinkProblem.INVALID
    if expires <= now.timestamp():
        return LinkProblem.EXPIRED
    return SignIn(person_id, expires, nonce)


@dataclass(frozen=True, slots=True)
class OfficeLinks:
    """Makes the console's sign-in links: the server's secret and where the console is."""

    secret: bytes
    base_url: str  # the bot's public address, without a trailing slash

    def url(self, person_id: int, now: datetime) -> str:
        """Return a fresh sign-in link for `person_id`, valid ten minutes, used once."""
        return f"{self.base_url}{PATH}{sign(self.secret, person_id, now)}"


def derive(secret: bytes, purpose: str) -> bytes:
    """Return a 32-byte key for one purpose, derived from the console's secret.

    One secret in the environment, a key per use: a key leaked from one use (the cookies)
    signs nothing of another (the links, the previews).
    """
    return hmac.new(secret, f"thidua-office|{purpose}".encode(), hashlib.sha256).digest()
