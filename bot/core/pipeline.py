"""The core: one update in, replies out; one transaction and one error path per update."""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.core import offered
from bot.flow.context import Context, Option
from bot.flow.refusals import refusal_text
from bot.flow.router import ChoiceRoute, Registry
from bot.i18n import Catalogs
from bot.intents import load_intents
from bot.services import Services
from domain.answers import is_option_number, match_option
from domain.clock import Clock, SystemClock
from domain.commands import ANYONE, BY_KEY, BY_NAME
from domain.config import ProvinceConfig
from domain.dialogs import Dialog, readable
from domain.intents import IntentMatch, IntentTable
from domain.messages import ChatKind, EventKind, Incoming, Reply
from domain.office.signin import OfficeLinks
from domain.refusals import Refused
from domain.roles import Role
from domain.signed_links import DashboardLinks
from storage.conversation.arrival import person_and_dialog
from storage.conversation.choices import StoredChoice, find_choice
from storage.conversation.dialogs import save_dialog
from storage.db.engine import SessionFactory
from storage.db.liveness import again_if_dropped
from storage.inbox.updates import remember_update

log = logging.getLogger(__name__)

MAX_TEXT = 4096  # longer input is refused rather than half-read
SUGGESTED = "core.suggested"  # the option under which a guessed action is offered
# Run in the transaction that handled an update, with its replies (the inbox keeps them there)
# and whether it queued outbox messages (the inbox wakes the outbox once the replies are out).
Within = Callable[[AsyncSession, list[Reply], bool], Awaitable[None]]


@dataclasses.dataclass(slots=True)
class _Attempt:
    locales: list[str | None]  # the person's first once known, for the apology too
    committing: bool = False


class Core:
    """Turn an `Incoming` into `Reply`s; knows no channel."""

    def __init__(
        self,
        *,
        sessions: SessionFactory,
        registry: Registry,
        catalogs: Catalogs,
        choice_ttl: timedelta = timedelta(hours=72),
        clock: Clock | None = None,
        on_outbox: Callable[[], None] | None = None,
        province: ProvinceConfig | None = None,
        intents: IntentTable | None = None,
    ) -> None:
        self.sessions = sessions
        self.registry = registry
        self.intents = intents or load_intents()
        # The core offers its guesses itself, so every feature's command can be one of them.
        registry.choices.setdefault(SUGGESTED, ChoiceRoute(self._suggested, ANYONE))
        self.catalogs = catalogs
        self.choice_ttl = choice_ttl
        self.clock = clock or SystemClock()
        self.province = province or ProvinceConfig()
        # Told of each update handled (channel, seconds, failed), for the process's metrics.
        self.observe: Callable[[str, float, bool], None] | None = None
        self.on_outbox = on_outbox  # wakes the outbox sender once queued messages are committed
        # Per channel, how a person opens the bot with a code ("https://t.me/bot?start={code}").
        self.code_links: dict[str, str] = {}
        # Channels that can deliver a Reply's file; the app adds Zalo when it can publish links.
        self.file_channels: set[str] = {"telegram"}
        # Channels that show options as buttons, not as numbered lines: asked again, a person
        # there is pointed to the buttons (they see no numbers to reply with).
        self.button_channels: set[str] = {"telegram"}
        self.link_channels: set[str] = set()  # of those, the ones handed a link, not the file
        self.dashboard: DashboardLinks | None = None  # set by the app when pages are served
        self.office: OfficeLinks | None = None  # set by the app when the console is served

    async def handle(self, incoming: Incoming) -> list[Reply]:
        """Handle one update; a repeat gets nothing, a failure gets a short apology."""
        return await self.handle_once(incoming) or []

    async def handle_once(
        self, incoming: Incoming, *, within: Within | None = None
    ) -> list[Reply] | None:
        """Like `handle`, but None for a repeat: the channel skips its own acts for it too.

        `within` runs before the commit, so what it writes stands or falls with the handling.
        It is the inbox's: an update the inbox hands out is stored once by its key and handled
        once, so the core need not remember the key itself.
        """
        attempt = _Attempt([incoming.language_hint])
        began = time.monotonic()
        try:
            # Met a connection the server dropped (a restart) before its commit, the update
            # was rolled back whole: it is handled again. A commit cut short may have been
            # applied, so that one is not.
            handled = await again_if_dropped(
                lambda: self._transaction(incoming, within, attempt),
                repeatable=lambda: not attempt.committing,
            )
            if handled is None:
                return None
            replies, queued = handled
            if queued and self.on_outbox is not None and within is None:
                # (With `within`, the inbox wakes the outbox after sending the replies, so a
                # person's own answer comes before a broadcast that reaches them too.)
                self.on_outbox()
            self._observe(incoming, began, failed=False)
            return replies
        except Exception:
            # The trace goes to the log first; the person only ever sees the apology.
            log.exception("update %s failed", incoming.key)
            self._observe(incoming, began, failed=True)
            t = self.catalogs.pick(*attempt.locales)
            return [Reply(t._("Xin lỗi, đã có lỗi xảy ra. Vui lòng thử lại sau ít phút."))]

    async def _transaction(
        self, incoming: Incoming, within: Within | None, attempt: _Attempt
    ) -> tuple[list[Reply], bool] | None:
        """Handle `incoming` in one transaction; None for a repeat, else (replies, queued)."""
        async with self.sessions() as session, session.begin():
            if within is None and not await remember_update(session=session, key=incoming.key):
                log.info("dropped repeated update %s", incoming.key)
                return None
            now = self.clock.now()
            services = Services.bind(session, incoming, self.catalogs, now, self.province)
            person, dialog = await person_and_dialog(
                session=session,
                channel=incoming.channel.value,
                chat_id=incoming.chat_id,
                user_id=incoming.user_id,
            )
            if person is not None:
                attempt.locales.insert(0, person.locale)
            before = Dialog(dialog.flow, dialog.step, dict(dialog.data))
            ctx = Context(
                incoming=incoming,
                person=person,
                dialog=dialog,
                catalogs=self.catalogs,
                translator=self.catalogs.pick(*attempt.locales),
                services=services,
                commands=self.registry.available,
                code_links=self.code_links,
                file_channels=frozenset(self.file_channels),
                link_channels=frozenset(self.link_channels),
                dashboard=self.dashboard,
                office=self.office,
                cancel_notes=self.registry.cancel_notes,
                states=self.registry.states,
                now=now,
                province=self.province,
            )
            if readable(dialog, self.registry.states) and offered.readable(dialog):
                await self._answer(ctx, session)
            else:
                await self._outdated(ctx, session)
            replies = await offered.offer(ctx, session)
            offered.keep(ctx, before, replies)
            if ctx.dialog != before:
                await save_dialog(
                    session=session,
                    channel=incoming.channel.value,
                    chat_id=incoming.chat_id,
                    user_id=incoming.user_id,
                    dialog=ctx.dialog,
                )
            queued = services.queued() > 0
            if within is not None:
                await within(session, replies, queued)
            attempt.committing = True  # leaving the block commits
        return replies, queued

    def _observe(self, incoming: Incoming, began: float, *, failed: bool) -> None:
        if self.observe is not None:
            self.observe(incoming.channel.value, time.monotonic() - began, failed)

    async def _outdated(self, ctx: Context, session: AsyncSession) -> None:
        """Close a conversation whose kept data this version cannot read, and say so.

        An upgrade may change what a flow keeps, or drop the flow: going on would half-read
        the old data. A command is a fresh start, so it is answered after the notice.
        """
        log.info("closed a dialog kept in another shape (flow %r)", ctx.dialog.flow)
        ctx.finish()
        incoming = ctx.incoming
        if incoming.command is None and incoming.chat_kind is ChatKind.GROUP:
            # People talk to each other there: no notice, and the update is read as usual.
            await self._answer(ctx, session)
            return
        ctx.say(
            ctx._(
                "Cuộc trò chuyện trước đã kết thúc do hệ thống được cập nhật. Vui lòng bắt đầu "
                "lại."
            )
        )
        if incoming.command is not None:
            await self._answer(ctx, session)

    async def _answer(self, ctx: Context, session: AsyncSession) -> None:
        """Route the update; a refusal the flow let through is answered with its reason."""
        try:
            await self._route(ctx, session)
        except Refused as refused:
            # A service said no and the flow let it through: the person is told why, as
            # `refusals` would tell them, rather than left without an answer.
            ctx.finish()
            ctx.say(refusal_text(ctx, refused))

    async def _route(self, ctx: Context, session: AsyncSession) -> None:
        if self._words_for_a_step(ctx):
            ctx.incoming = dataclasses.replace(ctx.incoming, command=None, args="")
        incoming = ctx.incoming
        in_group = incoming.chat_kind is ChatKind.GROUP
        if incoming.kind is EventKind.CHOICE and incoming.choice_token:
            await self._choose(ctx, session, incoming.choice_token)
        elif incoming.kind is EventKind.EDITED:
            if ctx.dialog.active and not in_group:
                ctx.say(ctx._("Tôi không đọc tin nhắn đã sửa. Vui lòng gửi lại nội dung mới."))
        elif incoming.command is not None:
            await self._command(ctx, incoming.command, in_group)
        elif incoming.kind in self.registry.events and not (
            incoming.kind is EventKind.DOCUMENT
            and (ctx.dialog.flow, ctx.dialog.step) in self.registry.file_steps
        ):
            await self.registry.events[incoming.kind](ctx)
        elif in_group:
            return  # people talk to each other in groups; only commands are for the bot
        elif incoming.kind is EventKind.TEXT:
            await self._text(ctx, session)
        elif ctx.dialog.active and (ctx.dialog.flow, ctx.dialog.step) in self.registry.steps:
            await self.registry.steps[(ctx.dialog.flow, ctx.dialog.step)](ctx)  # type: ignore[index]
        elif ctx.dialog.active:  # a question waits: point back to it, not to the help
            ctx.say(
                ctx._(
                    "Tôi chỉ đọc được tin nhắn chữ. Vui lòng trả lời câu hỏi trên, hoặc gõ /huy "
                    "để hủy."
                )
            )
        else:
            ctx.say(ctx._("Tôi chỉ đọc được tin nhắn chữ. Gõ /trogiup để xem các lệnh."))

    def _words_for_a_step(self, ctx: Context) -> bool:
        """Tell whether a command word typed without "/" is rather the answer a step waits for.

        Zalo reads "ungho 500k" as /ungho, having no command menu; but a title or an
        announcement may start with such a word ("Huy động nguồn lực…" is no /huy). A word
        alone ("huy", "trogiup") stays a command, so it still stops or helps.
        """
        incoming, dialog = ctx.incoming, ctx.dialog
        return (
            incoming.command is not None
            and incoming.kind is EventKind.TEXT
            and not incoming.text.lstrip().startswith("/")
            and bool(incoming.args)
            and (dialog.flow, dialog.step) in self.registry.steps
        )

    async def _command(self, ctx: Context, name: str, in_group: bool) -> None:
        spec = BY_NAME.get(name)
        if spec is None or spec.key not in self.registry.commands:
            if not in_group:  # in a group the command may be another bot's
                ctx.say(
                    ctx._(
                        "Không có lệnh /{command}. Gõ /trogiup để xem các lệnh đồng chí dùng được."
                    ).format(command=name)
                )
            return
        if ctx.role not in spec.roles:
            self._refuse(ctx, name)
            return
        if in_group and spec.private:
            # A command may say itself why it stays out of groups (what its answer shows).
            note = (
                ctx._(spec.private_note)
                if spec.private_note
                else ctx._(
                    "Vui lòng gõ /{command} trong tin nhắn riêng với tôi: trong nhóm chat, tôi "
                    "không đọc câu trả lời và không hiện thông tin riêng của đồng chí."
                )
            )
            ctx.say(note.format(command=name))
            return
        await self.registry.commands[spec.key](ctx)

    async def _text(self, ctx: Context, session: AsyncSession) -> None:
        text = ctx.incoming.text
        if len(text) > MAX_TEXT:
            ctx.say(
                ctx._("Tin nhắn quá dài ({length} ký tự); tối đa {limit} ký tự.").format(
                    length=ctx.t.number(len(text)), limit=ctx.t.number(MAX_TEXT)
                )
            )
            return
        options, closed = offered.kept(ctx), offered.closed(ctx)  # before a finish() below
        index = match_option(text, [entry[1] for entry in options]) if options else None
        if index is not None:
            entry = options[index]
            await self._choose(ctx, session, entry[0], offered.kept_choice(ctx, entry))
            return
        understood = self.intents.match(text)
        dialog = ctx.dialog
        if dialog.flow is not None and dialog.step is not None:
            step = self.registry.steps.get((dialog.flow, dialog.step))
            if step is not None:
                # A step reads free text (a title, a description): only a bare "hủy" or
                # "thôi" is taken as a wish to stop, never words inside what is typed.
                if understood is not None and understood.intent.key == "cancel":
                    await self._understood(ctx, understood)
                else:
                    await step(ctx)
                return
            if understood is not None:  # a greeting or a request while options wait
                await self._understood(ctx, understood, waiting=bool(options))
                return
            if options:
                buttons = ctx.incoming.channel.value in self.button_channels
                offered.ask_again(ctx, len(options), buttons=buttons)
                return
            ctx.finish()  # a step this version no longer has: start clean, and read on
        if closed and not options and is_option_number(text):
            offered.closed_question(ctx)
            return
        for fallback in self.registry.fallbacks:
            if await fallback(ctx):
                return
        if understood is not None:
            await self._understood(ctx, understood)
            return
        self._not_understood(ctx)

    async def _understood(
        self, ctx: Context, understood: IntentMatch, *, waiting: bool = False
    ) -> None:
        """Answer a greeting, thanks or an "ok", or run the command the words asked for.

        `waiting`: options are on screen, so an "ok" is pointed back to them (it picks none:
        "vâng" to “Xác nhận / Sửa / Hủy” is not clear enough to act on).
        """
        intent = understood.intent
        if intent.answer == "greeting":
            ctx.say(
                ctx._(
                    "Xin chào đồng chí! Tôi là trợ lý phong trào thi đua. Đồng chí có thể nhắn "
                    "“ủng hộ”, “báo cáo”, “lịch” hoặc “trợ giúp” để xem các việc tôi giúp được."
                )
            )
        elif intent.answer == "thanks":
            ctx.say(
                ctx._(
                    "Cảm ơn đồng chí! Khi cần, đồng chí cứ nhắn “trợ giúp” để xem các việc "
                    "tôi giúp được."
                )
            )
        elif intent.answer == "ack" and waiting:
            ctx.say(
                ctx._(
                    "Vâng. Vui lòng chọn một mục ở câu hỏi trên để tiếp tục, hoặc gõ /huy để hủy."
                )
            )
        elif intent.answer == "ack":
            ctx.say(
                ctx._("Vâng. Khi cần, đồng chí cứ nhắn “trợ giúp” để xem các việc tôi giúp được.")
            )
        elif intent.command in self.registry.commands:
            await self._run(ctx, intent.command, understood.args)
        else:
            self._not_understood(ctx)

    def _not_understood(self, ctx: Context) -> None:
        """Say so, and offer the three actions the words come closest to."""
        options = [
            Option(ctx._(BY_KEY[i.command].description), SUGGESTED, {"command": i.command})
            for i in self.intents.suggest(ctx.incoming.text, count=len(self.intents.intents))
            if i.command in self.registry.commands and ctx.role in BY_KEY[i.command].roles
        ][:3]
        ctx.say(
            ctx._("Tôi chưa hiểu tin nhắn này. Gõ /trogiup để xem các lệnh đồng chí dùng được.")
            + ("\n" + ctx._("Có phải đồng chí muốn:") if options else ""),
            options,
        )

    async def _suggested(self, ctx: Context, payload: dict[str, Any]) -> None:
        """Run the action a person picked among the guesses."""
        key = payload.get("command")
        if isinstance(key, str) and key in self.registry.commands:
            await self._run(ctx, key, "")

    async def _run(self, ctx: Context, key: str, args: str) -> None:
        """Run command `key` as if it had been typed, with `args` after it."""
        name = BY_KEY[key].vi
        ctx.incoming = dataclasses.replace(ctx.incoming, command=name, args=args)
        await self._command(ctx, name, in_group=False)

    async def _choose(
        self, ctx: Context, session: AsyncSession, token: str, kept: StoredChoice | None = None
    ) -> None:
        stored = kept or await find_choice(session=session, token=token)
        incoming = ctx.incoming
        stale = (
            stored is None
            or stored.channel != incoming.channel.value
            or self.clock.now() - stored.created_at > self.choice_ttl
            or (
                stored.flow is not None
                and (ctx.dialog.flow, ctx.dialog.step) != (stored.flow, stored.step)
            )
            or stored.action not in self.registry.choices
        )
        if stale or stored is None:
            ctx.say(ctx._("Lựa chọn này đã cũ. Vui lòng gõ lại lệnh để bắt đầu lại."))
            return
        if stored.user_id != incoming.user_id:
            ctx.say(ctx._("Lựa chọn này dành cho người khác."))
            return
        route = self.registry.choices[stored.action]
        if ctx.role not in route.roles:  # roles may have changed since the option was shown
            self._refuse(ctx, None)
            return
        await route.handler(ctx, stored.payload)

    def _refuse(self, ctx: Context, name: str | None) -> None:
        if ctx.role is Role.GUEST:
            ctx.say(
                ctx._(
                    "Đồng chí chưa là thành viên của đơn vị nào. Vui lòng xin mã mời từ đầu mối "
                    "đơn vị hoặc trưởng cụm, khối, rồi gửi /start MÃ_MỜI."
                )
            )
        elif name is None:
            ctx.say(ctx._("Đồng chí không còn quyền thực hiện thao tác này."))
        else:
            ctx.say(ctx._("Đồng chí không có quyền dùng lệnh /{command}.").format(command=name))
