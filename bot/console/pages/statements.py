"""Bank statements: a cluster's statement uploaded, its lines without a code matched by hand.

The page reads the file as the chat does and matches through the chat's service
(`bot.services.office.statements`); this is how treasurers who use Zalo only import.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web
from aiohttp_session import get_session

from bot.console.uploaded import read_form
from bot.console.visit import Visit, signed_in
from bot.i18n import Translator
from bot.orgfile.upload import Unusable, UploadProblem, screen
from domain.pledge.statement import Problem, StatementError
from domain.pledge.statement_file import MAX_BYTES
from domain.refusals import OfficeRefusal, Refused
from domain.text import N_

routes = web.RouteTableDef()
KINDS = (".xlsx", ".csv")
MAX_REASON = 500
FLASH = "statement_flash"
_STATUS = {UploadProblem.TOO_LARGE: 413, UploadProblem.KIND: 415, UploadProblem.MACROS: 415,
           UploadProblem.FORMULAS: 422, UploadProblem.EMPTY: 422}  # fmt: skip
# The chat's words for a statement's mistakes (handlers/pledge/statement.py).
_WHAT = {
    Problem.AMOUNT: N_("số tiền không hợp lệ"),
    Problem.DATE: N_("ngày không hợp lệ"),
    Problem.REFERENCE: N_("thiếu số tham chiếu của ngân hàng"),
    Problem.DUPLICATE: N_("số tham chiếu bị lặp"),
}
_NO_TABLE = N_(
    "Tôi không tìm thấy bảng giao dịch trong tệp: cần các cột ngày giao dịch, số tiền "
    "ghi có, nội dung và số tham chiếu. Nếu ngân hàng đặt tên cột khác, vui lòng nhờ "
    "quản trị viên hệ thống khai báo tên các cột của ngân hàng này."
)
_UNREADABLE = N_("Tệp này không đọc được. Vui lòng gửi sao kê dạng .xlsx hoặc .csv (dưới 5 MB).")


def _mistake(t: Translator, error: StatementError) -> str:
    if error.problem is Problem.NO_TABLE:
        return t._(_NO_TABLE)
    if error.problem is Problem.UNREADABLE:
        return t._(_UNREADABLE)
    return t._("Dòng {line}, cột {column}: {problem} (“{value}”).").format(
        line=error.line, column=error.column, problem=t._(_WHAT[error.problem]),
        value=error.value,
    )  # fmt: skip


@routes.get("/sao-ke")
@signed_in()
async def clusters(visit: Visit) -> web.Response:
    """The clusters whose statements the person may import."""
    found = await visit.office.statements.clusters(visit.person)
    return visit.render("statements.html", clusters=found)


def _cluster_id(visit: Visit) -> int:
    return int(visit.request.match_info["cluster"])


async def _page(visit: Visit, status: int = 200, **context: Any) -> web.Response:
    office, cluster_id = visit.office.statements, _cluster_id(visit)
    cluster = await office.cluster(visit.person, cluster_id)
    lines, total = await office.waiting(visit.person, cluster_id)
    flash = (await get_session(visit.request)).pop(FLASH, None)
    return visit.render(
        "statement.html", status=status, cluster=cluster, lines=lines, total=total, flash=flash,
        max_mb=MAX_BYTES // (1024 * 1024), kinds=", ".join(KINDS), **context,
    )  # fmt: skip


@routes.get(r"/sao-ke/{cluster:\d{1,9}}")
@signed_in()
async def statement(visit: Visit) -> web.Response:
    """The upload form and the cluster's lines waiting to be matched."""
    return await _page(visit)


@routes.post(r"/sao-ke/{cluster:\d{1,9}}/tai-len")
@signed_in(form="multipart")
async def upload(visit: Visit) -> web.Response:
    """Read the statement and match what carries a code; a bad file changes nothing."""
    office, cluster_id = visit.office.statements, _cluster_id(visit)
    await office.cluster(visit.person, cluster_id)  # a 403 before the file is read
    try:
        form = await read_form(visit.parts, MAX_BYTES)
        screen(form.name, form.data, kinds=KINDS, cap=MAX_BYTES)
        result = await office.upload(visit.person, cluster_id, form.name, form.data)
    except Unusable as unusable:
        return await _page(visit, _STATUS[unusable.problem], problem=unusable.problem.value,
                           sheet=unusable.where)  # fmt: skip
    except StatementError as error:
        return await _page(visit, 422, mistake=_mistake(visit.t, error), filename=form.name)
    return await _page(visit, result=result)


def _line(visit: Visit) -> int:
    text = visit.fields.get("line", "")
    if not text.isdigit() or len(text) > 12:
        raise web.HTTPBadRequest
    return int(text)


def _reason(visit: Visit) -> str:
    return " ".join(visit.fields.get("reason", "").split())[:MAX_REASON]


async def _done(visit: Visit, flash: dict[str, Any]) -> web.Response:
    (await get_session(visit.request))[FLASH] = flash
    # A response, not a raised redirect: raising would roll the transaction back.
    return web.Response(status=303, headers={"Location": f"/quantri/sao-ke/{_cluster_id(visit)}"})


@routes.post(r"/sao-ke/{cluster:\d{1,9}}/ghep")
@signed_in(form="fields")
async def match(visit: Visit) -> web.Response:
    """Match a waiting line to the pledge whose code is typed, as /doisoat does."""
    code = visit.fields.get("code", "")[:60]
    try:
        applied = await visit.office.statements.match(
            visit.person, _cluster_id(visit), _line(visit), code, _reason(visit)
        )
    except Refused as refused:
        if refused.reason is OfficeRefusal.NOT_ALLOWED:
            raise
        return await _page(visit, 409, problem="no_match")
    pledge = applied.pledge
    return await _done(visit, {"what": "matched", "name": pledge.member_name,
                               "paid": applied.paid, "amount": pledge.amount})  # fmt: skip


@routes.post(r"/sao-ke/{cluster:\d{1,9}}/bo-qua")
@signed_in(form="fields")
async def ignore(visit: Visit) -> web.Response:
    """Set a waiting line aside: it pays no pledge."""
    try:
        await visit.office.statements.ignore(
            visit.person, _cluster_id(visit), _line(visit), _reason(visit)
        )
    except Refused as refused:
        if refused.reason is OfficeRefusal.NOT_ALLOWED:
            raise
        return await _page(visit, 409, problem="handled")
    return await _done(visit, {"what": "ignored"})
