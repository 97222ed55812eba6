"""The security headers of every dashboard response."""

from __future__ import annotations

from bot.dashboard.page import STYLE_HASH

# Telegram Web shows a Mini App in a frame of web.telegram.org; nothing else may frame it.
_FRAMES = "frame-ancestors 'self' https://web.telegram.org"


def headers(*, script: bool = False) -> dict[str, str]:
    """Return the headers: nothing but our own inline style (and script file) runs."""
    policy = [
        "default-src 'none'", f"style-src 'sha256-{STYLE_HASH}'", "img-src 'self'",
        "base-uri 'none'", "form-action 'none'", _FRAMES,
    ]  # fmt: skip
    if script:
        policy += ["script-src 'self'", "connect-src 'self'"]
    return {
        "Content-Security-Policy": "; ".join(policy),
        # The link is the key: keep the page out of caches, history sync and other sites' logs.
        "Cache-Control": "no-store",
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
    }
