"""The voice of the catalogs: “ ” quotes, no setting names, button labels that fit a phone."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from domain.text import LABEL_LIMIT

ROOT = Path(__file__).resolve().parents[2]
SETTING = re.compile(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b")  # ASCII only: MÃ_MỜI is a placeholder


def _catalog(language: str) -> Catalog:
    with (ROOT / f"locales/{language}/LC_MESSAGES/messages.po").open("rb") as handle:
        return read_po(handle)


def _texts() -> list[tuple[str, str]]:
    english = _catalog("en")
    pairs = []
    for message in english:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        pairs += [(str(text), "vi") for text in ids]
        pairs += [(str(text), "en") for text in strings if text]
    return pairs


def test_quotes_are_the_curly_ones() -> None:
    assert [text for text, _ in _texts() if "«" in text or "»" in text] == []


def test_no_message_names_a_setting() -> None:
    assert [text for text, _ in _texts() if SETTING.search(text)] == []


def _static_labels() -> set[str]:
    """Return the Vietnamese labels written in the code as Option(ctx._("…"), …)."""
    labels = set()
    for path in [*ROOT.glob("handlers/**/*.py"), *ROOT.glob("bot/**/*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Option":
                first = node.args[0] if node.args else None
                if isinstance(first, ast.Call) and first.args:
                    text = first.args[0]
                    if isinstance(text, ast.Constant) and isinstance(text.value, str):
                        labels.add(text.value)
    return labels


def test_button_labels_fit_a_phone_in_both_languages() -> None:
    labels = _static_labels()
    english = {m.id: m.string for m in _catalog("en") if m.id in labels}
    assert len(labels) > 40 and set(english) == labels
    too_long = [t for t in [*labels, *english.values()] if len(str(t)) > LABEL_LIMIT]
    assert too_long == []


def test_english_counts_agree_with_their_nouns() -> None:
    from bot.i18n import Catalogs

    en = Catalogs().pick("en")
    line = "Đã gửi nhắc tới {count} tài khoản."
    assert en.ngettext(line, line, 1).format(count=1) == "Nudge sent to 1 account."
    assert en.ngettext(line, line, 3).format(count=3) == "Nudge sent to 3 accounts."
