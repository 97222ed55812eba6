"""The security headers of every console response (the dashboard's, with forms to ourselves)."""

from __future__ import annotations

_POLICY = "; ".join([
    "default-src 'none'", "style-src 'self'", "img-src 'self' data:", "form-action 'self'",
    "base-uri 'none'", "frame-ancestors 'none'",
])  # fmt: skip


def headers() -> dict[str, str]:
    """Return the headers: no script at all, forms post only to the console itself."""
    return {
        "Content-Security-Policy": _POLICY,
        # A sign-in link is a key and the pages hold people's data: no cache, no referrer.
        "Cache-Control": "no-store",
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
    }
