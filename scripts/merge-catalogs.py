"""Rebuild the catalogs after a merge: extract, update, and keep every translation either side had.

Usage: python scripts/merge-catalogs.py [OTHER_EN_PO ...]
Catalog files are regenerated rather than merged line by line, so wrapping never conflicts.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
EN = ROOT / "locales/en/LC_MESSAGES/messages.po"


def _done(string: object) -> bool:
    """Tell whether a translation is there (every form of a plural one)."""
    return all(string) if isinstance(string, tuple) else bool(string)


def _translations(path: Path) -> dict[object, object]:
    with path.open("rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id and _done(m.string)}


def main(others: list[str]) -> None:
    known = _translations(EN)
    for other in others:
        for key, value in _translations(Path(other)).items():
            known.setdefault(key, value)
    subprocess.run(["make", "-s", "messages"], cwd=ROOT, check=True, capture_output=True)
    with EN.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if message.id and not _done(message.string) and message.id in known:
            message.string = known[message.id]
    with EN.open("wb") as handle:
        write_po(handle, catalog, width=99, sort_output=True, no_location=True)
    missing = [m.id for m in catalog if m.id and not _done(m.string)]
    print(f"catalogs rebuilt; {len(missing)} English entries to translate")
    for message_id in missing:
        print("  ", repr(message_id))


if __name__ == "__main__":
    main(sys.argv[1:])
