"""Zalo Bot Platform: an async API client and its typed errors."""

from bot.zalo.client import DEFAULT_BASE_URL, MAX_TEXT, ZaloClient
from bot.zalo.errors import (
    ZaloBadRequest,
    ZaloError,
    ZaloForbidden,
    ZaloNotFound,
    ZaloQuotaExceeded,
    ZaloServerError,
    ZaloUnauthorized,
)

__all__ = [
    "DEFAULT_BASE_URL",
    "MAX_TEXT",
    "ZaloBadRequest",
    "ZaloClient",
    "ZaloError",
    "ZaloForbidden",
    "ZaloNotFound",
    "ZaloQuotaExceeded",
    "ZaloServerError",
    "ZaloUnauthorized",
]
