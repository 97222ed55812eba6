"""Babel catalogs, the per-update translator, and money and date formatting."""

from __future__ import annotations

import functools
from datetime import date
from pathlib import Path

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal
from babel.support import NullTranslations, Translations

from domain.calendar.occasions import vn_date

SUPPORTED_LOCALES = ("vi", "en")  # Vietnamese first: the source language of the catalogs


LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"
_DATE_PATTERNS = {"vi": "d/M/yyyy", "en": "d MMM yyyy"}


def compile_catalogs(locales_dir: Path = LOCALES_DIR) -> None:
    """Compile every `.po` whose `.mo` is missing or older, so a fresh clone just works."""
    for po_path in locales_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog)


# Babel parses the locale's pattern on every call, a tenth of a millisecond each, and a pledge's
# answer formats a dozen figures; the same amounts recur (500k, the unit's totals).
@functools.lru_cache(maxsize=4096, typed=True)
def _vnd(amount: int, locale: str) -> str:
    return format_currency(amount, "VND", locale=locale)


@functools.lru_cache(maxsize=4096, typed=True)
def _number(value: int | float, locale: str) -> str:
    return format_decimal(value, locale=locale)


class Translator:
    """Translate and format for one language; handlers get one per update."""

    def __init__(self, locale: str, translations: NullTranslations) -> None:
        self.locale = locale
        self._translations = translations

    def _(self, message: str) -> str:
        """Translate one whole sentence."""
        return self._translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """Translate a sentence that depends on a count."""
        return self._translations.ngettext(singular, plural, n)

    def vnd(self, amount: int) -> str:
        """Format whole đồng inside a sentence: 500.000 đồng in Vietnamese, ₫500,000 in English.

        Administrative Vietnamese writes the word in a sentence; the sign is for tables and
        tiles (`vnd_cell`). A no-break space keeps the figure and its unit on one line.
        """
        if self.locale == "vi":
            return f"{_number(amount, self.locale)}\u00a0đồng"
        return _vnd(amount, self.locale)

    def vnd_cell(self, amount: int) -> str:
        """Format whole đồng in a table cell or a tile: 500.000 ₫, ₫500,000 in English."""
        return _vnd(amount, self.locale)

    def number(self, value: int | float) -> str:
        """Format a number with the language's separators."""
        return _number(value, self.locale)

    def date(self, value: date) -> str:
        """Format a date: 19/5/2026 or 03/02/2026 in Vietnamese, 19 May 2026 in English."""
        if self.locale == "vi":
            return vn_date(value)  # Decree 30's style, which Babel's patterns cannot express
        return format_date(value, _DATE_PATTERNS.get(self.locale, "medium"), locale=self.locale)


class Catalogs:
    """The loaded translations of every supported language."""

    def __init__(self, locales_dir: Path = LOCALES_DIR, default_locale: str = "vi") -> None:
        compile_catalogs(locales_dir)
        self.default_locale = default_locale
        self._translators = {
            locale: Translator(
                locale, Translations.load(str(locales_dir), [locale], domain=DOMAIN)
            )
            for locale in SUPPORTED_LOCALES
        }

    def pick(self, *preferences: str | None) -> Translator:
        """Return the translator of the first supported preference, else the default."""
        for preference in preferences:
            if preference:
                language = preference.replace("-", "_").split("_")[0].lower()
                if language in self._translators:
                    return self._translators[language]
        return self._translators[self.default_locale]

    def all(self) -> list[Translator]:
        """Return one translator per supported language."""
        return list(self._translators.values())
