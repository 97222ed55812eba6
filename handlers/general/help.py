"""Help: the commands this person may use."""

from __future__ import annotations

from bot.flow.context import Context
from bot.flow.router import Router
from domain.commands import CommandSpec

router = Router(name=__name__)


def _line(ctx: Context, spec: CommandSpec) -> str:
    return f"/{spec.name_for(ctx.t.locale)} — {ctx._(spec.description)}"


@router.command("help")
async def show_help(ctx: Context) -> None:
    """List the commands the person's role allows, in their language."""
    specs = [spec for spec in ctx.available_commands() if spec.key != "start"]
    ctx.say(
        "\n".join(
            [
                ctx._("Các lệnh đồng chí dùng được:"),
                *(_line(ctx, spec) for spec in specs),
                "",
                ctx._(
                    "Lệnh gõ có dấu hay không dấu đều được (/ủng hộ hoặc /ungho), tiếng Anh cũng "
                    "được (/pledge)."
                ),
                *[  # the one-line report, for those who may report
                    ctx._("Báo cáo nhanh: /baocao tọa đàm | Tọa đàm chuyển đổi số | 19/5 | 45")
                    for spec in specs
                    if spec.key == "report"
                ],
            ]
        )
    )
