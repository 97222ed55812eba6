"""Typed errors of the Zalo Bot API, one class per error code that callers treat differently."""

from __future__ import annotations


class ZaloError(Exception):
    """An answer with `ok: false`, or a call that could not be made."""

    def __init__(self, error_code: int, description: str) -> None:
        super().__init__(f"Zalo error {error_code}: {description}")
        self.error_code = error_code
        self.description = description


class ZaloBadRequest(ZaloError):
    """400: the call itself is wrong (too long a text, a webhook while polling...)."""


class ZaloUnauthorized(ZaloError):
    """401: the token is wrong or was reset in Zalo Bot Creator."""


class ZaloForbidden(ZaloError):
    """403: the bot may not do this, e.g. the user blocked it."""


class ZaloNotFound(ZaloError):
    """404: unknown method or object."""


class ZaloQuotaExceeded(ZaloError):
    """429: too many calls; `retry_after` is in seconds when Zalo tells it."""

    def __init__(
        self, error_code: int, description: str, retry_after: float | None = None
    ) -> None:
        super().__init__(error_code, description)
        self.retry_after = retry_after


class ZaloServerError(ZaloError):
    """5xx, an unreadable answer, or a transport failure (connection, timeout)."""


def error_for(error_code: int, description: str, retry_after: float | None = None) -> ZaloError:
    """Build the exception that matches an error code."""
    if error_code == 429:
        return ZaloQuotaExceeded(error_code, description, retry_after)
    if error_code >= 500:
        return ZaloServerError(error_code, description)
    cls = {
        400: ZaloBadRequest,
        401: ZaloUnauthorized,
        403: ZaloForbidden,
        404: ZaloNotFound,
    }.get(error_code, ZaloError)
    return cls(error_code, description)
