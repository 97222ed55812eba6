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


def test_long_labels_are_cut_at_a_word_and_stay_unique() -> None:
    from domain.text import LABEL_LIMIT, short_label, short_labels

    cut = short_label("Kỷ niệm 97 năm Ngày thành lập Đảng Cộng sản Việt Nam")
    assert cut == "Kỷ niệm 97 năm Ngày thành lập…" and len(cut) <= LABEL_LIMIT
    alike = short_labels(
        ["Sở Nông nghiệp và Môi trường tỉnh A", "Sở Nông nghiệp và Môi trường tỉnh B"]
    )
    assert len(set(alike)) == 2 and all(len(label) <= LABEL_LIMIT for label in alike)
    assert short_labels(["Lưu", "Hủy"]) == ["Lưu", "Hủy"]
