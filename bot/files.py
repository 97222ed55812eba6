"""Files published for a day under an unguessable link, for channels that take no uploads (Zalo).

Each file is two entries in a folder (`data/exports/` by default): `<token>.bin` with the bytes
and `<token>.json` with its name, type and expiry. On disk rather than in memory, so the link
outlives a restart and works from every bot process that shares the folder.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import secrets
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote

from aiohttp import web

from domain.clock import Clock, SystemClock
from domain.messages import OutFile

log = logging.getLogger(__name__)

TTL = timedelta(hours=24)
ROUTE = "/files/{token}"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")  # secrets.token_urlsafe(32): 256 random bits


class FileStore:
    """Keep files for `ttl` and serve them at `<base_url>/files/<token>`."""

    def __init__(
        self, directory: Path, base_url: str, *, ttl: timedelta = TTL, clock: Clock | None = None
    ) -> None:
        self.directory = directory
        self.base_url = base_url.rstrip("/")
        self.ttl = ttl
        self.clock: Clock = clock or SystemClock()

    async def publish(self, file: OutFile) -> str:
        """Store the file and return the link that serves it until it expires."""
        token = secrets.token_urlsafe(32)
        meta = {"filename": file.filename, "mime_type": file.mime_type,
                "expires": (self.clock.now() + self.ttl).isoformat()}  # fmt: skip
        await asyncio.to_thread(self._write, token, file.content, meta)
        return f"{self.base_url}/files/{token}"

    def _write(self, token: str, content: bytes, meta: dict[str, str]) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self._sweep()
        (self.directory / f"{token}.bin").write_bytes(content)
        # The metadata last: a file is served only once both parts are complete.
        temporary = self.directory / f"{token}.json.tmp"
        temporary.write_text(json.dumps(meta), encoding="utf-8")
        temporary.replace(self.directory / f"{token}.json")

    def _sweep(self) -> None:
        """Delete every expired file (publishing is rare: a scan of the folder is cheap)."""
        cutoff = (self.clock.now() - self.ttl).timestamp()
        for token in {p.stem for p in self.directory.iterdir() if p.suffix in (".bin", ".json")}:
            if self._meta(token) is not None:
                continue
            content = self.directory / f"{token}.bin"
            try:
                # Bytes without metadata may be another process's file being written right now.
                stale = (self.directory / f"{token}.json").exists() or (
                    content.stat().st_mtime < cutoff
                )
            except OSError:  # gone meanwhile
                stale = True
            if stale:
                self._forget(token)

    def _meta(self, token: str) -> dict[str, str] | None:
        """Return the file's name and type while it lasts, else None."""
        try:
            meta = json.loads((self.directory / f"{token}.json").read_text(encoding="utf-8"))
            if datetime.fromisoformat(meta["expires"]) <= self.clock.now():
                return None
            return {key: str(meta[key]) for key in ("filename", "mime_type")}
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def _forget(self, token: str) -> None:
        for suffix in (".json", ".bin"):
            (self.directory / f"{token}{suffix}").unlink(missing_ok=True)

    def _fetch(self, token: str) -> OutFile | None:
        meta = self._meta(token)
        try:
            if meta is not None:
                content = (self.directory / f"{token}.bin").read_bytes()
                return OutFile(meta["filename"], content, meta["mime_type"])
        except OSError:
            pass
        if (self.directory / f"{token}.json").exists():
            self._forget(token)  # expired, or left half written by a crash: gone for good
        return None

    async def handle(self, request: web.Request) -> web.Response:
        """Serve `GET /files/<token>`: the file while it lasts, else 404."""
        token = request.match_info.get("token", "")
        # Checked before any path is built from it: nothing but a token reaches the disk.
        found = await asyncio.to_thread(self._fetch, token) if _TOKEN.match(token) else None
        if found is None:
            return web.Response(status=404, text="not found or expired")
        ascii_name = found.filename.encode("ascii", "replace").decode().replace('"', "_")
        return web.Response(
            body=found.content,
            content_type=found.mime_type,
            headers={
                "Content-Disposition": f'attachment; filename="{ascii_name}"; '
                f"filename*=UTF-8''{quote(found.filename)}",
                # The link is the only key: keep it out of caches and other sites' logs.
                "Cache-Control": "private, no-store",
                "Referrer-Policy": "no-referrer",
                "X-Content-Type-Options": "nosniff",
            },
        )
