"""The organisation: upload a file, see what it would change, apply it or cancel; download.

Between the preview and the apply the file travels in the page itself, as YAML signed with
the console's preview key together with the fingerprint of the organisation it was compared
with: what is applied is exactly what was shown, against the organisation it was shown on.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import io
import tempfile
from pathlib import Path
from typing import Any

from aiohttp import BodyPartReader, web
from aiohttp_session import get_session

from bot.console.downloads import workbook_file
from bot.console.orgerrors import mistake
from bot.console.visit import Visit, signed_in
from bot.console.words import ACTIONS, FIELDS, ITEMS, holdings, word
from bot.orgfile.upload import KINDS, MAX_BYTES, Unusable, UploadProblem, read_upload
from bot.orgfile.xlsx_format import write_xlsx
from bot.orgfile.yaml_format import parse_yaml, to_yaml
from bot.services.office.gate import require_admin
from bot.services.office.organisation import Preview
from domain.membership.organisation import OrgFile, OrgFileError
from domain.refusals import OfficeRefusal, Refused

routes = web.RouteTableDef()
MAX_REASON = 500
_STATUS = {UploadProblem.TOO_LARGE: 413, UploadProblem.KIND: 415, UploadProblem.MACROS: 415,
           UploadProblem.FORMULAS: 422, UploadProblem.EMPTY: 422}  # fmt: skip


def _seal(key: bytes, payload: str, seen: str) -> str:
    return hmac.new(key, f"{seen}|{payload}".encode(), hashlib.sha256).hexdigest()


def _words(visit: Visit) -> dict[str, Any]:
    t = visit.t
    return {
        "item": lambda code: word(t, ITEMS, code), "field": lambda code: word(t, FIELDS, code),
        "action": lambda code: word(t, ACTIONS, code), "holds": lambda h: holdings(t, h),
        "max_mb": MAX_BYTES // (1024 * 1024), "kinds": ", ".join(KINDS),
    }  # fmt: skip


async def _page(visit: Visit, status: int = 200, **context: Any) -> web.Response:
    current = await visit.office.organisation.current(visit.person)
    flash = (await get_session(visit.request)).pop("flash", None)
    return visit.render(
        "organisation.html", status=status, current=current, flash=flash, **_words(visit),
        **context,
    )  # fmt: skip


@routes.get("/to-chuc")
@signed_in()
async def organisation(visit: Visit) -> web.Response:
    """The organisation on record, the upload form, the downloads."""
    return await _page(visit)


async def _upload(parts: Any) -> tuple[str, bytes]:
    """Return the uploaded file's name and bytes, read no further than the cap allows."""
    part = await parts.next() if parts is not None else None
    if not isinstance(part, BodyPartReader) or part.name != "file" or not part.filename:
        raise Unusable(UploadProblem.EMPTY)
    data = io.BytesIO()
    while chunk := await part.read_chunk(64 * 1024):
        data.write(chunk)
        if data.tell() > MAX_BYTES:
            raise Unusable(UploadProblem.TOO_LARGE)  # the rest is never read
    return part.filename, data.getvalue()


@routes.post("/to-chuc/xem-truoc")
@signed_in(form="multipart")
async def preview(visit: Visit) -> web.Response:
    """Read the file and show what it would change; a file with mistakes changes nothing."""
    require_admin(visit.person)
    try:
        name, data = await _upload(visit.parts)
        wanted = await asyncio.to_thread(read_upload, name, data)
    except Unusable as unusable:
        return await _page(visit, _STATUS[unusable.problem], problem=unusable.problem.value,
                           sheet=unusable.where)  # fmt: skip
    except OrgFileError as error:
        mistakes = [mistake(visit.t, e) for e in error.errors]
        return await _page(visit, 422, mistakes=mistakes, filename=name)
    found = await visit.office.organisation.preview(visit.person, wanted)
    payload = base64.urlsafe_b64encode(to_yaml(wanted).encode()).decode()
    return _preview_page(visit, found, name, payload)


def _preview_page(
    visit: Visit, found: Preview, filename: str, payload: str, status: int = 200
) -> web.Response:
    seal = _seal(visit.setup.preview_key, payload, found.fingerprint)
    return visit.render(
        "preview.html", status=status, preview=found, diff=found.diff, filename=filename,
        payload=payload, seen=found.fingerprint, seal=seal, **_words(visit),
    )  # fmt: skip


def _unsealed(visit: Visit) -> OrgFile | None:
    fields = visit.fields
    payload, seen = fields.get("payload", ""), fields.get("seen", "")
    expected = _seal(visit.setup.preview_key, payload, seen)
    if not hmac.compare_digest(expected.encode(), fields.get("seal", "").encode()):
        return None
    try:
        return parse_yaml(base64.urlsafe_b64decode(payload.encode()).decode())
    except (ValueError, OrgFileError):
        return None


@routes.post("/to-chuc/ap-dung")
@signed_in(form="fields")
async def apply(visit: Visit) -> web.Response:
    """Apply the previewed file; refused (nothing changed) when the organisation moved on."""
    require_admin(visit.person)
    wanted = _unsealed(visit)
    if wanted is None:
        return await _page(visit, 400, problem="sealed")
    reason = " ".join(visit.fields.get("reason", "").split())[:MAX_REASON]
    try:
        found = await visit.office.organisation.apply(
            visit.person, wanted, visit.fields.get("seen", ""), reason
        )
    except Refused as refused:
        if refused.reason is OfficeRefusal.NOT_ALLOWED:
            raise
        return await _page(visit, 409, problem=refused.reason.value, detail=refused.detail)
    diff = found.diff
    counts = [len(diff.added), len(diff.changed), len(diff.moved), len(diff.replaced),
              len(diff.removed)]  # fmt: skip
    (await get_session(visit.request))["flash"] = counts
    # A response, not a raised redirect: raising would roll the transaction back.
    return web.Response(status=303, headers={"Location": "/quantri/to-chuc"})


@routes.get("/to-chuc.xlsx")
@signed_in()
async def download(visit: Visit) -> web.Response:
    """The organisation on record as the CLI's workbook (edit it and upload it again)."""
    current = await visit.office.organisation.current(visit.person)

    def build() -> bytes:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "to-chuc.xlsx"
            write_xlsx(current, path)
            return path.read_bytes()

    body = await asyncio.to_thread(build)
    return workbook_file(f"to-chuc-{visit.now.date().isoformat()}.xlsx", body)
