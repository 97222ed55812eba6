"""The fund's bank statement: a treasurer sends it, the bot matches it; /doisoat for the rest.

Treasurers are a cluster's leader and deputies, and the admin (`may_reconcile`): statements
show every unit's transfers, which a unit reporter has no reason to see.
"""

from __future__ import annotations

from typing import Any

from bot.flow.context import Context, Option
from bot.flow.payload import number as payload_number
from bot.flow.refusals import refusals, wording
from bot.flow.router import Router
from bot.services.pledge.payments import ImportResult
from domain.calendar.occasions import vn_date
from domain.commands import LEADERS
from domain.messages import ChatKind, EventKind
from domain.pledge.rules import may_reconcile
from domain.pledge.statement import Problem, StatementError, credit_lines
from domain.pledge.statement_file import rows_of
from domain.refusals import PaymentRefusal, Refused
from domain.roles import LEADERSHIP
from handlers.pledge.dialogs import ReconcileDraft
from storage.pledge.payments import TransactionInfo

router = Router(name=__name__)
FLOW = "reconcile"
router.flow(FLOW, ReconcileDraft)
SHOWN = 8  # unmatched lines listed at once: one Zalo message


def _treasurer(ctx: Context) -> bool:
    person = ctx.person
    if person is None or person.role not in LEADERS:
        return False
    return may_reconcile(person, person.led_cluster_id if person.role in LEADERSHIP else None)


def error_text(ctx: Context, error: StatementError) -> str:
    """Say what is wrong with a statement file, and where."""
    if error.problem is Problem.NO_TABLE:
        return ctx._(
            "Tôi không tìm thấy bảng giao dịch trong tệp: cần các cột ngày giao dịch, số tiền "
            "ghi có, nội dung và số tham chiếu. Nếu ngân hàng đặt tên cột khác, vui lòng nhờ "
            "quản trị viên hệ thống khai báo tên các cột của ngân hàng này."
        )
    if error.problem is Problem.UNREADABLE:
        return ctx._(
            "Tệp này không đọc được. Vui lòng gửi sao kê dạng .xlsx hoặc .csv (dưới 5 MB)."
        )
    what = {
        Problem.AMOUNT: ctx._("số tiền không hợp lệ"),
        Problem.DATE: ctx._("ngày không hợp lệ"),
        Problem.REFERENCE: ctx._("thiếu số tham chiếu của ngân hàng"),
        Problem.DUPLICATE: ctx._("số tham chiếu bị lặp"),
    }[error.problem]
    return ctx._("Dòng {line}, cột {column}: {problem} (“{value}”).").format(
        line=error.line, column=error.column, problem=what, value=error.value
    )


@router.event(EventKind.DOCUMENT)
async def document(ctx: Context) -> None:
    """Read a statement sent as a file; only a treasurer's, only in a private chat."""
    if ctx.incoming.chat_kind is ChatKind.GROUP:
        return  # files in a group are people's business
    if not _treasurer(ctx):
        ctx.say(
            ctx._(
                "Chỉ Trưởng, Phó Trưởng cụm, khối và quản trị viên mới nhập sao kê ngân hàng. "
                "Tôi không đọc tệp này."
            )
        )
        return
    attachment = ctx.incoming.attachments[0] if ctx.incoming.attachments else None
    try:
        if attachment is None or attachment.content is None:
            raise StatementError(Problem.UNREADABLE)
        config = ctx.services.payments.config
        lines = credit_lines(
            rows_of(attachment.content, attachment.name), config.statement_columns
        )
    except StatementError as error:
        ctx.say(error_text(ctx, error) + " " + ctx._("Không có gì được ghi nhận."))
        return
    assert ctx.person is not None
    result = await ctx.services.payments.import_lines(ctx.person, lines, attachment.name)
    ctx.finish()
    ctx.say(result_text(ctx, result), _match_option(ctx, result))


def result_text(ctx: Context, result: ImportResult) -> str:
    """Say what the import did: matched (partial ones marked), repeated, left for others."""
    lines = [
        ctx._("Đã đối chiếu sao kê: {matched} khoản khớp với đăng ký ủng hộ.").format(
            matched=len(result.matched)
        )
    ]
    for applied in result.matched:
        pledge = applied.pledge
        if applied.paid < pledge.amount:
            text = ctx._("• {name}: đã nhận {paid} trên {amount} (nộp một phần).")
        else:
            text = ctx._("• {name}: đã nhận {paid} trên {amount}.")
        lines.append(
            text.format(
                name=pledge.member_name,
                paid=ctx.t.vnd(applied.paid),
                amount=ctx.t.vnd(pledge.amount),
            )
        )
    if result.repeated:
        lines.append(
            ctx._("{count} giao dịch đã nhập trước đây, bỏ qua.").format(count=result.repeated)
        )
    if result.elsewhere:
        lines.append(
            ctx._(
                "{count} giao dịch thuộc cụm, khối khác, không thuộc quyền của đồng chí; "
                "tôi không ghi nhận."
            ).format(count=result.elsewhere)
        )
    if result.unmatched:
        lines.append(
            ctx._("{count} giao dịch chưa có mã ủng hộ hợp lệ, cần ghép thủ công:").format(
                count=len(result.unmatched)
            )
        )
        lines += [
            f"• {ctx.t.date(line.day)} {ctx.t.vnd(line.amount)} — {line.description}"
            for line in result.unmatched[:SHOWN]
        ]
    return "\n".join(lines)


def _match_option(ctx: Context, result: ImportResult) -> list[Option]:
    if not result.unmatched:
        return []
    return [Option(ctx._("Ghép thủ công"), "reconcile.list")]


@router.command("reconcile")
async def reconcile(ctx: Context) -> None:
    """List the lines waiting to be matched by hand."""
    await _list(ctx)


@router.choice("reconcile.list", roles=LEADERS)
async def list_lines(ctx: Context, _payload: dict[str, Any]) -> None:
    """List the lines waiting to be matched by hand."""
    await _list(ctx)


def _label(ctx: Context, line: TransactionInfo) -> str:
    money = ctx.t.vnd_cell(line.amount)  # a button is a tile: the sign, not the word
    return f"{vn_date(line.booked_on, year=False)} {money} — {line.description[:40]}"


async def _list(ctx: Context) -> None:
    assert ctx.person is not None
    lines, total = await ctx.services.payments.unmatched(ctx.person, limit=SHOWN)
    ctx.begin(FLOW, "pick")
    if not lines:
        ctx.finish()
        ctx.say(
            ctx._(
                "Không có giao dịch nào chờ ghép. Để đối soát, vui lòng gửi tệp sao kê (.xlsx "
                "hoặc .csv) trong tin nhắn riêng; nếu kênh đang dùng không nhận tệp, vui lòng nhờ "
                "quản trị viên nhập sao kê trên máy chủ."
            )
        )
        return
    ctx.say(
        ctx._("{total} giao dịch chờ ghép với khoản ủng hộ. Vui lòng chọn một giao dịch:").format(
            total=total
        ),
        [Option(_label(ctx, line), "reconcile.pick", {"line": line.id}) for line in lines],
    )


@router.choice("reconcile.pick", roles=LEADERS)
async def pick(ctx: Context, payload: dict[str, Any]) -> None:
    """Ask for the pledge code of the chosen line, or to set the line aside."""
    ctx.goto("code", ReconcileDraft(line=payload_number(payload, "line")))
    ctx.say(
        ctx._(
            "Vui lòng nhập mã ủng hộ của người chuyển (ví dụ UH 2026 0012, có trong /ungho của "
            "người đó), hoặc chọn “Không phải khoản ủng hộ”."
        ),
        [Option(ctx._("Không phải khoản ủng hộ"), "reconcile.ignore")],
    )


@router.step(FLOW, "code")
async def code(ctx: Context) -> None:
    """Match the line to the pledge whose code was typed."""
    assert ctx.person is not None
    line_id = ctx.state(ReconcileDraft).line
    with refusals(ctx, finish=False):  # a mistyped code is typed again
        applied = await ctx.services.payments.match(ctx.person, line_id, ctx.incoming.text)
        ctx.finish()
        ctx.say(
            ctx._("Đã ghép: {name} đã nhận {paid} trên {amount}.").format(
                name=applied.pledge.member_name,
                paid=ctx.t.vnd(applied.paid),
                amount=ctx.t.vnd(applied.pledge.amount),
            )
        )


@router.choice("reconcile.ignore", roles=LEADERS)
async def ignore(ctx: Context, _payload: dict[str, Any]) -> None:
    """Set the line aside: it pays no pledge."""
    assert ctx.person is not None
    with refusals(ctx):
        await ctx.services.payments.ignore(ctx.person, ctx.state(ReconcileDraft).line)
        ctx.finish()
        ctx.say(ctx._("Đã để riêng giao dịch này, không tính vào khoản ủng hộ nào."))


@wording(PaymentRefusal)
def payment_refusal(ctx: Context, refused: Refused) -> str:
    """Word a refusal of the reconciliation."""
    if refused.reason is PaymentRefusal.NO_MATCH:
        return ctx._(
            "Không ghép được: mã không đúng, khoản ủng hộ không thuộc cụm, khối của đồng chí, "
            "hoặc giao dịch đã được xử lý. Vui lòng nhập lại mã, hoặc gõ /huy để hủy."
        )
    return ctx._("Giao dịch này đã được xử lý hoặc không thuộc quyền của đồng chí.")
