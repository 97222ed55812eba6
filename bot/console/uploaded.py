"""A multipart form past its CSRF field: its short text fields, then one file, read to a cap."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from aiohttp import BodyPartReader

from bot.orgfile.upload import Unusable, UploadProblem

MAX_FIELD = 1000  # a reason or a choice: never longer


@dataclass(slots=True)
class Uploaded:
    """The form's text fields and its file (a name and the bytes)."""

    fields: dict[str, str] = field(default_factory=dict)
    name: str = ""
    data: bytes = b""


async def read_form(parts: Any, cap: int) -> Uploaded:
    """Read the text fields up to the part named "file", then the file, no further than `cap`
    bytes allows; raise Unusable when there is no file or it is larger."""
    found = Uploaded()
    while parts is not None:
        part = await parts.next()
        if not isinstance(part, BodyPartReader):
            break
        if part.name != "file":
            text = (await part.read(decode=True))[:MAX_FIELD]
            found.fields[part.name or ""] = text.decode(errors="replace")
            continue
        if not part.filename:
            break
        data = io.BytesIO()
        while chunk := await part.read_chunk(64 * 1024):
            data.write(chunk)
            if data.tell() > cap:
                raise Unusable(UploadProblem.TOO_LARGE)  # the rest is never read
        found.name, found.data = part.filename, data.getvalue()
        return found
    raise Unusable(UploadProblem.EMPTY)
