"""The console's pages, one module each; `ROUTES` gathers their routes."""

from __future__ import annotations

from bot.console.pages import (
    claims,
    glance,
    organisation,
    people,
    person_changes,
    scoring,
    signin,
    statements,
    trail,
)

ROUTES = [
    signin.routes,
    glance.routes,
    organisation.routes,
    claims.routes,
    trail.routes,
    scoring.routes,
    statements.routes,
    people.routes,
    person_changes.routes,
]
