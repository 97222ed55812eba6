"""The house rules that a newcomer relies on: every flow module is reachable from the registry."""

from __future__ import annotations

import importlib
import pkgutil

import handlers
from bot.flow.router import Router
from handlers import build_registry


def _flow_modules() -> list[str]:
    prefix = handlers.__name__ + "."
    return [info.name for info in pkgutil.walk_packages(handlers.__path__, prefix)]


def test_every_router_in_handlers_is_included_in_the_registry() -> None:
    registry = build_registry()
    missing = []
    for name in _flow_modules():
        router = getattr(importlib.import_module(name), "router", None)
        if not isinstance(router, Router):
            continue
        # A feature package's own router gathers its steps; a step's router must reach the
        # registry through it, so each of its commands, steps and options is registered.
        for key, handler in router.commands.items():
            if registry.commands.get(key) is not handler:
                missing.append(f"{name}: command {key}")
        for step, handler in router.steps.items():
            if registry.steps.get(step) is not handler:
                missing.append(f"{name}: step {step}")
        for action, route in router.choices.items():
            if registry.choices.get(action) is not route:
                missing.append(f"{name}: option {action}")
    assert missing == []


def test_each_feature_is_a_package() -> None:
    top = [info for info in pkgutil.iter_modules(handlers.__path__)]
    assert top and all(info.ispkg for info in top), [i.name for i in top if not i.ispkg]
