"""The voice of the catalogs: “ ” quotes, no setting names, button labels that fit a phone."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
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


def _vietnamese() -> list[str]:
    """Return the Vietnamese texts with their placeholders blanked ({unit_name} is no word)."""
    return [re.sub(r"\{[^}]*\}", "…", text) for text, language in _texts() if language == "vi"]


# Words a reader of administrative Vietnamese marked (issue 25): what to say instead.
SLIPS = {
    r"báo cáo viên": "đầu mối đơn vị (a “báo cáo viên” is a propaganda lecturer)",
    r"đề xuất": "đề nghị khen thưởng",
    r"tự tính": "tính tự động (“tự tính” reads as the unit worked it out)",
    r"\bbot\b": "trợ lý, or tôi",
    r"cả nhóm": "các đồng chí",
    r"\bđừng\b": "vui lòng không",
    r"#…|#\d": "báo cáo số 12",
    r"\bquản trị được\b|\bQuản trị đã\b": "Ban Thi đua - Khen thưởng",
}


@pytest.mark.parametrize(("slip", "instead"), SLIPS.items())
def test_no_vietnamese_text_keeps_a_marked_slip(slip: str, instead: str) -> None:
    found = [text for text in _vietnamese() if re.search(slip, text, re.IGNORECASE)]
    assert found == [], f"say {instead}"


def test_no_message_names_a_file_or_a_setting_in_lower_case() -> None:
    named = re.compile(r"\b[a-z]+_[a-z_]+\b|\b\w+\.(?:yaml|yml|toml|env)\b")
    found = [t for t, _ in _texts() if named.search(re.sub(r"\{[^}]*\}", "…", t))]
    assert found == []


def test_money_in_a_sentence_is_in_dong_and_the_sign_only_heads_a_column() -> None:
    # Amounts reach sentences through Translator.vnd ("500.000 đồng"); a text of the catalog
    # carries the sign only as a column's unit: "Đã nộp (₫)".
    assert [t for t in _vietnamese() if "₫" in t and not t.endswith(" (₫)")] == []


def test_kỷ_niệm_has_a_capital_only_at_the_start() -> None:
    assert [t for t in _vietnamese() if "Kỷ niệm" in t[1:]] == []
