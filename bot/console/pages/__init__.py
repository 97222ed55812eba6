"""The console's pages, one module each; `ROUTES` gathers their routes."""

from __future__ import annotations

from bot.console.pages import claims, glance, organisation, scoring, signin, statements, trail

ROUTES = [
    signin.routes,
    glance.routes,
    organisation.routes,
    claims.routes,
    trail.routes,
    scoring.routes,
    statements.routes,
]
