"""The catalogs: every string in the code is extracted and translated, placeholders intact."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from bot.i18n import Catalogs

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def _ids(catalog: Catalog) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def test_every_string_in_the_code_is_in_the_catalogs(tmp_path: Path) -> None:
    pot = tmp_path / "fresh.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-k", "N_", "-o", str(pot), "."],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    in_code = _ids(_read(pot))
    english = _ids(_read(ROOT / "locales/en/LC_MESSAGES/messages.po"))
    assert in_code, "extraction found no strings"
    assert in_code - english == set(), "run `make messages` and translate the new entries"


def test_every_english_entry_is_translated_with_the_same_placeholders() -> None:
    catalog = _read(ROOT / "locales/en/LC_MESSAGES/messages.po")
    for message in catalog:
        if not message.id:
            continue
        assert not message.fuzzy, message.id
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = (
            [message.string] if isinstance(message.string, str) else list(message.string or ())
        )
        assert all(strings), f"untranslated: {message.id!r}"
        for text in strings:
            assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(ids[0])), message.id


def test_money_and_dates_are_formatted_per_language() -> None:
    catalogs = Catalogs()
    vi, en = catalogs.pick("vi"), catalogs.pick("en")
    # In a sentence the word (Vietnamese administrative style); in a table or tile the sign.
    assert vi.vnd(450_000) == "450.000\xa0đồng"
    assert en.vnd(450_000) == "₫450,000"
    assert vi.vnd_cell(450_000) == "450.000\xa0₫"
    assert en.vnd_cell(450_000) == "₫450,000"
    assert vi.date(date(2026, 5, 19)) == "19/5/2026"
    assert en.date(date(2026, 5, 19)) == "19 May 2026"
    assert vi.number(5000) == "5.000"


def test_language_choice_falls_back_in_order() -> None:
    catalogs = Catalogs(default_locale="vi")
    assert catalogs.pick(None, "en-GB").locale == "en"
    assert catalogs.pick("vi", "en").locale == "vi"
    assert catalogs.pick("fr", None).locale == "vi"
