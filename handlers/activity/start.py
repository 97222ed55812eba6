"""/baocao: report an activity in steps or in one line; the leaders' options start here too."""

from __future__ import annotations

from bot.flow.context import Context, Option
from bot.flow.refusals import refusal_text, refusals
from bot.flow.router import Router
from domain.activity import input as limits
from domain.activity.config import match_item
from domain.activity.dates import parse_report_date
from domain.refusals import ActivityRefusal, Refused
from handlers.activity.form import FLOW, ReportDraft, ask, kind_options, summary
from handlers.activity.manage import ask_delete, open_edit
from handlers.activity.texts import date_refusal, short_title, title_rule

router = Router(name=__name__)


@router.command("report")
async def report(ctx: Context) -> None:
    """Start a report, take a one-line report, or open `sửa N` / `xóa N`."""
    args = ctx.incoming.args.strip()
    if not args:
        await menu(ctx)
        return
    command = limits.shortcut_command(args)
    if command is None and limits.asks_change_without_number(args):
        ctx.say(
            ctx._(
                "Vui lòng ghi số của báo cáo, ví dụ: /baocao sửa 12 hoặc /baocao xóa 12. Số của "
                "từng báo cáo có trong /baocao, mục “Báo cáo đã gửi (sửa, xóa)”."
            )
        )
    elif command is None:
        one_line(ctx, args)
    elif command[0] == "edit":
        await open_edit(ctx, command[1])
    else:
        await ask_delete(ctx, command[1])


async def menu(ctx: Context) -> None:
    """Offer the kinds (for a member of a unit) and the leaders' views."""
    person = ctx.person
    options: list[Option] = []
    if person is not None and person.unit_id is not None:
        options += kind_options(ctx)
        options.append(Option(ctx._("Báo cáo đã gửi (sửa, xóa)"), "report.mine"))
    if ctx.services.activities.leads(person):
        options += [
            Option(ctx._("Nêu gương từ báo cáo của cụm"), "report.cluster", {"offset": 0}),
            Option(ctx._("Duyệt đăng ký thi đua"), "review.list"),
        ]
    if not options:
        ctx.say(refusal_text(ctx, Refused(ActivityRefusal.NO_UNIT)))
        return
    ctx.begin(FLOW, "kind")
    if person is not None and person.unit_id is not None:
        text = ctx._(
            "Chọn loại hoạt động để báo cáo.\nBáo cáo nhanh trong một dòng: "
            "/baocao loại | tên | ngày | số người | mô tả (không bắt buộc)"
        )
    else:
        text = ctx._("Chọn việc cần làm:")
    ctx.say(text, options)


def one_line(ctx: Context, args: str) -> None:
    """Read "kind | title | date | people [| description]"; any bad field stores nothing."""
    person = ctx.person
    if person is None or person.unit_id is None:
        ctx.say(refusal_text(ctx, Refused(ActivityRefusal.NO_UNIT)))
        return
    parts = limits.split_shortcut(args)
    if not 4 <= len(parts) <= 5:
        ctx.say(
            ctx._(
                "Báo cáo nhanh cần 4 hoặc 5 phần, cách nhau bởi dấu |, ví dụ:\n"
                "/baocao tọa đàm | Tọa đàm chuyển đổi số | 19/5 | 45 | mô tả (không bắt buộc)"
            )
        )
        return
    service = ctx.services.activities
    kind = match_item(service.config.kinds, parts[0])
    if kind is None:
        ctx.say(
            ctx._("Tôi chưa nhận ra loại hoạt động “{text}”. Các loại: {kinds}.").format(
                text=short_title(parts[0]),
                kinds="; ".join(k.label(ctx.t.locale) for k in service.config.kinds),
            )
        )
        return
    title = parts[1]
    if not limits.title_fits(title):
        ctx.say(title_rule(ctx))
        return
    parsed = parse_report_date(parts[2], ctx.today)
    if parsed.day is None:
        ctx.say(date_refusal(ctx, parsed, parts[2]))
        return
    with refusals(ctx, finish=False) as caught:
        service.check_day(parsed.day)
    if caught.refused is not None:
        return
    people = limits.parse_participants(parts[3])
    if people is None:
        ctx.say(ctx._("Số người tham gia phải là số nguyên từ 1 đến 100.000, ví dụ: 45."))
        return
    description = "" if len(parts) < 5 or limits.is_skip(parts[4]) else parts[4]
    if len(description) > limits.MAX_DESCRIPTION:
        ctx.say(
            ctx._("Mô tả dài quá {limit} ký tự. Vui lòng rút gọn.").format(
                limit=ctx.t.number(limits.MAX_DESCRIPTION)
            )
        )
        return
    draft = ReportDraft(
        kind=kind.key, title=title, day=parsed.day, people=people, desc=description,
        reviewed=True,
    )  # fmt: skip
    ctx.begin(FLOW, "summary", draft)
    if service.anniversary_near(parsed.day) is not None:
        ask(ctx, "anniv")  # then back to the summary, where photos can be added
    else:
        summary(ctx)
