"""Scoring tables: each cluster's table of a year — its state, upload, download, last year's copy.

Leaders see their cluster's, the admin every one; the rules (who may change a table in use,
none a closed one; units told of a change) are the service's (`bot.services.office.scoring`).
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path
from typing import Any

from aiohttp import web
from aiohttp_session import get_session

from bot.console.downloads import workbook_file
from bot.console.orgerrors import mistake
from bot.console.uploaded import read_form
from bot.console.visit import Visit, signed_in
from bot.console.words import word
from bot.orgfile.upload import KINDS as FILE_KINDS
from bot.orgfile.upload import MAX_BYTES, Unusable, UploadProblem
from bot.scoringfile.upload import read_table_upload
from bot.scoringfile.xlsx_format import write_xlsx
from bot.scoringfile.yaml_format import to_yaml
from bot.services.office.scoring import TableState
from domain.membership.organisation import OrgFileError
from domain.refusals import OfficeRefusal, Refused
from domain.scoring.table import Kind, Table, show_points
from domain.text import N_

routes = web.RouteTableDef()
MAX_REASON = 500
FLASH = "scoring_flash"
FIRST_YEAR, LAST_YEAR = 2000, 2100
_STATUS = {UploadProblem.TOO_LARGE: 413, UploadProblem.KIND: 415, UploadProblem.MACROS: 415,
           UploadProblem.FORMULAS: 422, UploadProblem.EMPTY: 422}  # fmt: skip
STATES = {
    "none": N_("Chưa có bảng điểm"),
    "draft": N_("Dự thảo"),
    "in_use": N_("Đang áp dụng"),
    "closed": N_("Đã khóa (đã công bố kết quả)"),
}
KINDS = {
    Kind.GRADED.value: N_("Chấm điểm"),
    Kind.PASS_FAIL.value: N_("Đạt/Không đạt"),
    Kind.PER_OCCURRENCE.value: N_("Theo lần"),
    Kind.COMPUTED.value: N_("Tự động"),
    Kind.BONUS.value: N_("Điểm thưởng"),
    Kind.DEDUCTION.value: N_("Điểm trừ"),
}


def _year(text: str) -> int:
    if not text.isdigit() or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise web.HTTPNotFound
    return int(text)


def _address(found: TableState) -> str:
    return f"/quantri/bang-diem/{found.cluster.id}/{found.year}"


@routes.get("/bang-diem")
@signed_in()
async def tables(visit: Visit) -> web.Response:
    """Every cluster's table of the year the person may see, with its state."""
    asked = visit.request.query.get("nam", "")[:4]
    year = int(asked) if asked.isdigit() and FIRST_YEAR <= int(asked) <= LAST_YEAR else None
    year = year or visit.now.astimezone(visit.setup.province.tz).year
    rows = await visit.office.scoring.overview(visit.person, year)
    return visit.render(
        "scoring.html", year=year, rows=rows, state=lambda code: visit.t._(STATES[code])
    )


async def _page(visit: Visit, status: int = 200, **context: Any) -> web.Response:
    info = visit.request.match_info
    found = await visit.office.scoring.state(
        visit.person, int(info["cluster"]), _year(info["year"])
    )
    flash = (await get_session(visit.request)).pop(FLASH, None)
    t = visit.t
    return visit.render(
        "scoring_table.html", status=status, found=found, flash=flash, address=_address(found),
        state=lambda code: t._(STATES[code]), kind=lambda code: word(t, KINDS, code),
        points=show_points, max_mb=MAX_BYTES // (1024 * 1024), kinds=", ".join(FILE_KINDS),
        **context,
    )  # fmt: skip


@routes.get(r"/bang-diem/{cluster:\d{1,9}}/{year:\d{4}}")
@signed_in()
async def table(visit: Visit) -> web.Response:
    """One cluster's table of one year: its criteria, state, upload form and downloads."""
    return await _page(visit)


@routes.post(r"/bang-diem/{cluster:\d{1,9}}/{year:\d{4}}/tai-len")
@signed_in(form="multipart")
async def upload(visit: Visit) -> web.Response:
    """Read the file (the CLI's format) and make it the table; a bad file changes nothing."""
    info = visit.request.match_info
    cluster_id, year = int(info["cluster"]), _year(info["year"])
    found = await visit.office.scoring.state(visit.person, cluster_id, year)  # 403 first
    name = ""
    try:
        form = await read_form(visit.parts, MAX_BYTES)
        name = form.name
        wanted = await asyncio.to_thread(read_table_upload, form.name, form.data)
    except Unusable as unusable:
        return await _page(visit, _STATUS[unusable.problem], problem=unusable.problem.value,
                           sheet=unusable.where)  # fmt: skip
    except OrgFileError as error:
        mistakes = [mistake(visit.t, e) for e in error.errors]
        return await _page(visit, 422, mistakes=mistakes, filename=name)
    reason = " ".join(form.fields.get("reason", "").split())[:MAX_REASON]
    return await _applied(visit, found, "uploaded", lambda: visit.office.scoring.upload(
        visit.person, cluster_id, year, wanted, reason))  # fmt: skip


@routes.post(r"/bang-diem/{cluster:\d{1,9}}/{year:\d{4}}/sao-chep")
@signed_in(form="fields")
async def copy(visit: Visit) -> web.Response:
    """Make last year's table this year's draft."""
    info = visit.request.match_info
    cluster_id, year = int(info["cluster"]), _year(info["year"])
    found = await visit.office.scoring.state(visit.person, cluster_id, year)
    reason = " ".join(visit.fields.get("reason", "").split())[:MAX_REASON]
    return await _applied(visit, found, "copied", lambda: visit.office.scoring.copy_last_year(
        visit.person, cluster_id, year, reason))  # fmt: skip


async def _applied(visit: Visit, found: TableState, what: str, act: Any) -> web.Response:
    try:
        report = await act()
    except Refused as refused:
        if refused.reason is OfficeRefusal.NOT_ALLOWED:
            raise
        return await _page(visit, 409, problem=refused.reason.value)
    flash = {"what": what, "changes": len(report.changes), "told": bool(report.submitted_units)}
    (await get_session(visit.request))[FLASH] = flash
    # A response, not a raised redirect: raising would roll the transaction back.
    return web.Response(status=303, headers={"Location": _address(found)})


def _file(table: Table, suffix: str) -> bytes:
    if suffix == "yaml":
        return to_yaml(table).encode()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bang-diem.xlsx"
        write_xlsx(table, path)
        return path.read_bytes()


@routes.get(r"/bang-diem/{cluster:\d{1,9}}/{year:\d{4}}.{suffix:(xlsx|yaml)}")
@signed_in()
async def download(visit: Visit) -> web.Response:
    """The table in the CLI's format (edit it and upload it again)."""
    info = visit.request.match_info
    found = await visit.office.scoring.state(
        visit.person, int(info["cluster"]), _year(info["year"])
    )
    if found.table is None:
        raise web.HTTPNotFound
    suffix = info["suffix"]
    body = await asyncio.to_thread(_file, found.table, suffix)
    name = f"bang-diem-{found.cluster.code}-{found.year}.{suffix}"
    response = workbook_file(name, body)
    if suffix == "yaml":
        response.content_type = "application/yaml"
        response.charset = "utf-8"
    return response
