"""How reports read: their fields, the anniversary they greet, and why something was refused."""

from __future__ import annotations

from datetime import date

from bot.flow.context import Context
from bot.flow.refusals import wording
from domain.activity.dates import DateParse, earliest_report_day
from domain.calendar.occasions import Anniversary, ordinal, phase_of, title_en, title_vi
from domain.calendar.typed import Refusal
from domain.refusals import ActivityRefusal as Why
from domain.refusals import Reason, Refused
from storage.activity.queries import ReportFields, ReportRow


def short_title(text: str, limit: int = 40) -> str:
    """Cut `text` to `limit` characters, with an ellipsis when cut."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def title_rule(ctx: Context) -> str:
    """Say what a report's title needs (typed in steps or in one line)."""
    return ctx._(
        "Tên hoạt động cần từ 3 đến 200 ký tự và có ít nhất một chữ cái. Vui lòng nhập lại."
    )


def phase_name(ctx: Context, number: int, year: int) -> str:
    """Return "Đợt I năm 2026" in the person's language."""
    return ctx._("Đợt {phase} năm {year}").format(phase="I" * number, year=year)


def _anniversary_year(anniversary: Anniversary, day: date) -> int:
    # The occurrence closest to the day: an activity on 28/12 may greet 3/2 of next year.
    return min((day.year - 1, day.year, day.year + 1), key=lambda y: abs(anniversary.on(y) - day))


def anniversary_title(
    ctx: Context, anniversary: Anniversary, day: date, full: bool, *, in_sentence: bool = False
) -> str:
    """Return "Kỷ niệm 136 năm …", with its dates when `full`, in the person's language.

    `in_sentence` (with `full`): "kỷ niệm" in lower case, inside a sentence.
    """
    year = _anniversary_year(anniversary, day)
    if full and ctx.t.locale == "en":
        return title_en(anniversary, year)
    if full:
        return title_vi(anniversary, year, in_sentence=in_sentence)
    return ctx._("Kỷ niệm {count} năm {name}").format(
        count=ordinal(anniversary, year),
        name=anniversary.name_en if ctx.t.locale == "en" else anniversary.name_vi,
    )


def kind_label(ctx: Context, key: str) -> str:
    """Return the kind's label, or its key when the catalogue no longer has it."""
    kind = ctx.services.activities.config.kind(key)
    return kind.label(ctx.t.locale) if kind is not None else key


def describe(ctx: Context, fields: ReportFields) -> list[str]:
    """Return the report's fields as lines to read."""
    service = ctx.services.activities
    phase = phase_of(fields.day)
    lines = [
        ctx._("Loại: {kind}").format(kind=kind_label(ctx, fields.kind)),
        ctx._("Tên: {title}").format(title=fields.title),
        ctx._("Ngày: {date} ({phase})").format(
            date=ctx.t.date(fields.day),
            phase=phase_name(ctx, phase.number, phase.year),
        ),
    ]
    anniversary = service.anniversary(fields.anniversary_key)
    if anniversary is not None:
        lines.append(
            ctx._("Chào mừng: {title}").format(
                title=anniversary_title(ctx, anniversary, fields.day, full=True)
            )
        )
    lines.append(
        ctx._("Số người tham gia: {count}").format(count=ctx.t.number(fields.participants))
    )
    if fields.description:
        lines.append(ctx._("Mô tả: {text}").format(text=short_title(fields.description, 300)))
    lines.append(ctx._("Ảnh: {count}").format(count=len(fields.photos)))
    return lines


def describe_row(ctx: Context, row: ReportRow) -> list[str]:
    """Return a stored report as lines, with its number, unit, author and example mark."""
    fields = ReportFields(
        kind=row.kind, title=row.title, day=row.day, participants=row.participants,
        description=row.description, anniversary_key=row.anniversary_key, photos=row.photos,
    )  # fmt: skip
    head = [ctx._("Báo cáo số {id} — {unit}").format(id=row.id, unit=row.unit_name)]
    if row.author_name:
        head.append(ctx._("Người báo cáo: {name}").format(name=row.author_name))
    if row.example_at is not None:
        head.append(ctx._("⭐ Gương điển hình"))
    return head + describe(ctx, fields)


def date_refusal(ctx: Context, parsed: DateParse, typed: str) -> str:
    """Say why a typed date was not read or not accepted."""
    text = short_title(typed, 40)
    if parsed.refusal is Refusal.INVALID_DATE:
        return ctx._("Ngày “{text}” không có trên lịch. Vui lòng kiểm tra lại.").format(text=text)
    if parsed.refusal is Refusal.FUTURE:
        return ctx._(
            "Ngày “{text}” chưa tới: chỉ báo cáo hoạt động đã diễn ra, từ hôm nay trở về trước."
        ).format(text=text)
    if parsed.refusal is Refusal.TOO_OLD:
        return ctx._("Ngày “{text}” đã quá xa: chỉ nhận báo cáo từ ngày {earliest}.").format(
            text=text, earliest=ctx.t.date(earliest_report_day(ctx.today))
        )
    return ctx._(
        "Tôi chưa đọc được ngày “{text}”. Vui lòng gõ ví dụ: hôm nay, hôm qua, 19/5 hoặc "
        "19/5/2026."
    ).format(text=text)


@wording(Why)
def activity_refusal(ctx: Context, refused: Refused) -> str:
    """Say why a report operation was refused."""
    reason, day = refused.reason, refused.day
    if reason is Why.PHASE_CLOSED and day is not None:
        phase, closed = ctx.services.activities.closes_on(day)
        return ctx._(
            "{phase} đã hết hạn báo cáo ngày {closed}, nên không nhận báo cáo, sửa hay xóa cho "
            "ngày {date} nữa."
        ).format(
            phase=phase_name(ctx, phase.number, phase.year),
            closed=ctx.t.date(closed),
            date=ctx.t.date(day),
        )
    if reason is Why.YEAR_CLOSED and day is not None:
        return ctx._(
            "Năm {year} đã khép lại: báo cáo của năm {year} chỉ được nhận, sửa, xóa đến hết ngày "
            "{day}."
        ).format(year=refused.detail, day=ctx.t.date(day))
    if reason in (Why.FUTURE, Why.TOO_OLD) and day is not None:
        fake = DateParse(refusal=Refusal.FUTURE if reason is Why.FUTURE else Refusal.TOO_OLD)
        return date_refusal(ctx, fake, ctx.t.date(day))
    texts: dict[Reason, str] = {
        Why.NO_UNIT: ctx._("Đồng chí chưa thuộc đơn vị nào nên chưa báo cáo được."),
        Why.NOT_FOUND: ctx._("Không tìm thấy báo cáo này; có thể nó đã bị xóa."),
        Why.NOT_ALLOWED: ctx._(
            "Chỉ người viết báo cáo hoặc đầu mối của đơn vị đó mới được sửa, xóa báo cáo này."
        ),
        Why.NOT_LEADER: ctx._("Báo cáo này không thuộc cụm, khối đồng chí phụ trách."),
    }
    return texts.get(reason, ctx._("Báo cáo chưa đủ thông tin. Vui lòng gõ /baocao để làm lại."))
