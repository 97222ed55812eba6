"""/thongbao: a leader writes, previews and sends an announcement to the whole cluster."""

from __future__ import annotations

from typing import Any

from bot.flow.clusters import ClusterChosen, pick_cluster_then
from bot.flow.context import Context, Option
from bot.flow.router import Router
from bot.services.leader.announce import MAX_TEXT
from domain.commands import LEADERS
from domain.messages import CHANNEL_NAMES, EventKind
from domain.text import N_

router = Router(name=__name__)


class AnnounceDraft(ClusterChosen):
    """The announcement being written for the cluster chosen."""

    text: str = ""


@pick_cluster_then(
    router, "announce", step="text", prompt=N_("Gửi thông báo tới cụm, khối nào?"),
    none=N_("Đồng chí chưa phụ trách cụm, khối nào nên chưa gửi được thông báo."),
    state=AnnounceDraft,
)  # fmt: skip
async def announce(ctx: Context, _cluster_id: int) -> None:
    """Take the text for the cluster picked (admins may have several), or preview the one
    typed after the command (a choice of cluster has none)."""
    if ctx.incoming.args.strip():
        await _preview(ctx, ctx.incoming.args.strip())
        return
    _ask_text(ctx)


def _ask_text(ctx: Context) -> None:
    ctx.say(
        ctx._("Nhập nội dung thông báo (tối đa {limit} ký tự), hoặc gõ /huy để hủy.").format(
            limit=ctx.t.number(MAX_TEXT)
        )
    )


@router.step("announce", "text")
async def got_text(ctx: Context) -> None:
    """Check the text's length and show the preview."""
    if ctx.incoming.kind is not EventKind.TEXT or not ctx.incoming.text.strip():
        # A photo's caption alone would go out without the photo: say so rather than send it.
        ctx.say(
            ctx._(
                "Thông báo chỉ gồm nội dung chữ, không kèm ảnh, nhãn dán hay tệp. Vui lòng nhập "
                "nội dung thông báo, hoặc gõ /huy để hủy."
            )
        )
        return
    await _preview(ctx, ctx.incoming.text.strip())


async def _preview(ctx: Context, text: str) -> None:
    if not text or len(text) > MAX_TEXT:
        ctx.say(
            ctx._("Thông báo dài {length} ký tự; tối đa {limit}. Vui lòng nhập lại.").format(
                length=ctx.t.number(len(text)), limit=ctx.t.number(MAX_TEXT)
            )
        )
        return
    draft = ctx.state(AnnounceDraft)
    people, groups = await ctx.services.announce.audience(draft.cluster)
    reach = ", ".join(
        f"{CHANNEL_NAMES.get(channel, channel)} {ctx.t.number(count)}"
        for channel, count in sorted(people.items())
    )
    draft.text = text
    ctx.goto("confirm", draft)
    ctx.say(
        "\n".join(
            [
                ctx._("Xem trước thông báo:"),
                "",
                text,
                "",
                ctx.t.ngettext(
                    "Sẽ gửi riêng tới {total} tài khoản ({reach}) và {groups} nhóm chat.",
                    "Sẽ gửi riêng tới {total} tài khoản ({reach}) và {groups} nhóm chat.",
                    sum(people.values()),
                ).format(
                    total=ctx.t.number(sum(people.values())), reach=reach or "0", groups=groups
                ),
            ]
        ),
        [
            Option(ctx._("Gửi"), "announce.send"),
            Option(ctx._("Sửa"), "announce.edit"),
            Option(ctx._("Hủy"), "announce.cancel"),
        ],
    )


@router.choice("announce.send", roles=LEADERS)
async def send(ctx: Context, _payload: dict[str, Any]) -> None:
    """Queue the announcement; the author is told when every copy is delivered."""
    draft = ctx.state(AnnounceDraft)
    ctx.finish()
    await ctx.services.announce.send(
        ctx.person, draft.cluster, draft.text
    )  # the core says a refusal
    ctx.say(
        ctx._(
            "Đang gửi thông báo tới {count} nơi nhận. Đồng chí sẽ nhận báo cáo khi gửi xong."
        ).format(count=ctx.t.number(ctx.services.announce.queued))
    )


@router.choice("announce.edit", roles=LEADERS)
async def edit(ctx: Context, _payload: dict[str, Any]) -> None:
    """Write the text again."""
    ctx.goto("text")
    _ask_text(ctx)


@router.choice("announce.cancel", roles=LEADERS)
async def cancel(ctx: Context, _payload: dict[str, Any]) -> None:
    """Drop the announcement unsent."""
    ctx.finish()
    ctx.say(ctx._("Đã hủy, chưa gửi gì."))
