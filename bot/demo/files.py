"""The files and photos the demo bot sends, saved where the person at the terminal can open them.

A terminal shows no picture and no attachment: each one goes to a folder (data/demo-files/ by
default) and the demo prints its path instead.
"""

from __future__ import annotations

import asyncio
import re
import urllib.request
from pathlib import Path
from urllib.parse import unquote

DEMO_FILES = Path("data") / "demo-files"
FILE_LINK = re.compile(r"https?://[^\s/]+/files/[A-Za-z0-9_-]{43}")
_UNSAFE = re.compile(r"[^\w.-]+")
_NAME = re.compile(r"filename\*=UTF-8''([^;]+)")


def _kind(data: bytes) -> str:
    """Return the extension a photo's bytes call for (the Bot API gives photos no name)."""
    if data.startswith(b"\x89PNG"):
        return ".png"
    return ".jpg" if data.startswith(b"\xff\xd8") else ".bin"


class SavedFiles:
    """Write each file once under `folder`, never over an earlier one; return what to print."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.photos = 0

    def _free(self, name: str) -> Path:
        stem, dot, suffix = name.rpartition(".")
        stem, suffix = (stem, f".{suffix}") if dot and stem else (name, "")
        stem = _UNSAFE.sub("-", stem).strip("-") or "tep"
        path, number = self.folder / f"{stem}{suffix}", 1
        while path.exists():
            number += 1
            path = self.folder / f"{stem}-{number}{suffix}"
        return path

    def save(self, data: bytes, name: str | None = None) -> str:
        """Save `data` (a photo when `name` is None) and return its path as the demo shows it."""
        if name is None:
            self.photos += 1
            name = f"anh-{self.photos}{_kind(data)}"
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self._free(name)
        path.write_bytes(data)
        try:
            return str(path.resolve().relative_to(Path.cwd()))
        except ValueError:  # saved outside the working folder: the full path opens it
            return str(path.resolve())

    async def download(self, url: str, photo: bool = False) -> str:
        """Fetch a file the bot serves by link (Zalo's photos and documents) and save it."""
        data, name = await asyncio.to_thread(_fetch, url)
        return self.save(data, None if photo else name)


def _fetch(url: str) -> tuple[bytes, str | None]:
    with urllib.request.urlopen(url, timeout=10) as answer:  # the bot's own link
        found = _NAME.search(answer.headers.get("Content-Disposition", ""))
        return answer.read(), unquote(found.group(1)) if found else None
