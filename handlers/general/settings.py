"""Settings: the person's language, and cancelling the current step."""

from __future__ import annotations

from typing import Any

from bot.flow.context import Context, Option
from bot.flow.router import Router
from domain.dialogs import Nothing

router = Router(name=__name__)
router.flow("lang", Nothing)

LANGUAGES = (("vi", "Tiếng Việt"), ("en", "English"))  # each shown in its own language


@router.command("lang")
async def choose_language(ctx: Context) -> None:
    """Offer the languages as options."""
    ctx.begin("lang", "choose")
    ctx.say(
        ctx._("Chọn ngôn ngữ:"),
        [Option(label, "lang.set", {"locale": code}) for code, label in LANGUAGES],
    )


@router.choice("lang.set")
async def set_language(ctx: Context, payload: dict[str, Any]) -> None:
    """Store the chosen language and confirm in it."""
    locale = str(payload.get("locale", ""))
    if locale not in dict(LANGUAGES):
        ctx.say(ctx._("Ngôn ngữ này chưa được hỗ trợ."))
        return
    ctx.person = await ctx.services.people.set_locale(ctx.person, locale)
    ctx.finish()
    ctx.use_locale(locale)
    ctx.say(ctx._("Đã chuyển sang tiếng Việt. Gõ /trogiup để xem các lệnh."))


@router.command("cancel")
async def cancel(ctx: Context) -> None:
    """Abandon whatever conversation is under way."""
    if ctx.dialog.active:
        kept = ctx.cancel_notes.get(ctx.dialog.flow or "")
        ctx.finish()
        ctx.say(ctx._(kept) if kept else ctx._("Đã hủy thao tác đang làm. Không có gì được lưu."))
    else:
        ctx.say(ctx._("Không có thao tác nào đang làm."))
