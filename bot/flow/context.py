"""What a handler receives: the update, the person, a translator, services and a way to answer."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from bot.i18n import Catalogs, Translator
from bot.services import Services
from domain.commands import CommandSpec
from domain.config import ProvinceConfig
from domain.dialogs import Dialog, FlowState
from domain.messages import CHANNEL_NAMES, Choice, Incoming, LinkButton, OutFile, Reply
from domain.office.signin import OfficeLinks
from domain.people import Person
from domain.roles import Role
from domain.signed_links import DashboardLinks
from domain.text import short_labels

S = TypeVar("S", bound=FlowState)


@dataclass(frozen=True, slots=True)
class Option:
    """An option a handler offers: shown as `label`, handled by the `action` handler."""

    label: str
    action: str
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class PendingReply:
    text: str
    options: list[Option]
    file: OutFile | None = None
    link: LinkButton | None = None


class Context:
    """Everything one update's handler may use; built by the core for each update."""

    def __init__(
        self,
        *,
        incoming: Incoming,
        person: Person | None,
        dialog: Dialog,
        catalogs: Catalogs,
        translator: Translator,
        services: Services,
        commands: Callable[[Role], list[CommandSpec]],
        code_links: dict[str, str] | None = None,
        file_channels: frozenset[str] = frozenset({"telegram"}),
        link_channels: frozenset[str] = frozenset(),
        now: datetime | None = None,
        province: ProvinceConfig | None = None,
        dashboard: DashboardLinks | None = None,
        office: OfficeLinks | None = None,
        cancel_notes: Mapping[str, str] | None = None,
        states: Mapping[str, type[FlowState]] | None = None,
    ) -> None:
        self.incoming = incoming
        self.person = person
        self.dialog = dialog
        self.catalogs = catalogs
        self.t = translator
        self.services = services
        self.pending: list[PendingReply] = []
        self._commands = commands
        self.code_links = code_links or {}
        # Channels that can hand a file to the person (Zalo only through a published link).
        self.file_channels = file_channels
        self.link_channels = link_channels  # of those, the ones that get a link, not the file
        self.now = now or datetime.now(UTC)  # the update's moment, from the core's clock
        self.province = province or ProvinceConfig()
        self.dashboard = dashboard  # None: no secret or no public address, so no pages
        self.office = office  # the console's sign-in links; None: the console is off
        # Per flow that saves as it goes, what /huy says (`Router.keeps_answers`).
        self.cancel_notes = cancel_notes or {}
        self.states = states or {}  # per flow, what it keeps between messages (`Router.flow`)

    @property
    def can_send_files(self) -> bool:
        """Tell whether this chat's channel can hand over a file (Zalo only by a link)."""
        return self.incoming.channel.value in self.file_channels

    @property
    def files_as_links(self) -> bool:
        """Tell whether a file reaches this chat as a download link rather than an upload."""
        return self.incoming.channel.value in self.link_channels

    @property
    def today(self) -> date:
        """Return today's date in the province's zone (not the server's)."""
        return self.now.astimezone(self.province.tz).date()

    @property
    def role(self) -> Role:
        """Return the person's role; strangers and people who left are guests."""
        if self.person is None or not self.person.is_member:
            return Role.GUEST
        return self.person.role

    def available_commands(self) -> list[CommandSpec]:
        """Return the implemented commands this person's role allows."""
        return self._commands(self.role)

    def code_link_lines(self, code: str, *, other_channels: bool = False) -> list[str]:
        """Return a line per channel whose link opens the bot with `code` (a deep link)."""
        return [
            self._("Trên {channel}: mở {link}").format(
                channel=CHANNEL_NAMES.get(channel, channel), link=template.format(code=code)
            )
            for channel, template in self.code_links.items()
            if not (other_channels and channel == self.incoming.channel.value)
        ]

    def _(self, message: str) -> str:
        """Translate one sentence into the person's language."""
        return self.t._(message)

    def say(
        self,
        text: str,
        options: list[Option] | None = None,
        *,
        file: OutFile | None = None,
        link: LinkButton | None = None,
    ) -> None:
        """Queue a message for the person, with options to choose from, a file and a link."""
        self.pending.append(
            PendingReply(text=text, options=list(options or []), file=file, link=link)
        )

    def use_locale(self, locale: str) -> None:
        """Answer the rest of this update in another language (after a language change)."""
        self.t = self.catalogs.pick(locale)

    def state(self, kind: type[S]) -> S:
        """Return what the flow keeps between messages, as `kind` (its declaration or a base).

        The core checked it against the flow's declaration when the dialog was loaded (and
        closed a conversation kept in another shape), so this reads, it does not guess.
        Outside a flow that keeps a `kind` (an option offered before it began), nothing of it
        is kept: `kind`'s defaults.
        """
        declared = self.states.get(self.dialog.flow or "")
        if declared is not None and issubclass(declared, kind):
            kept = declared.model_validate(self.dialog.kept())
            if isinstance(kept, kind):
                return kept
        return kind()

    def begin(self, flow: str, step: str, state: FlowState | None = None) -> None:
        """Start a conversation keeping `state` (or nothing); it survives restarts."""
        self.dialog = Dialog(flow=flow, step=step)
        self.dialog.keep(self._declared(flow, state))

    def goto(self, step: str, state: FlowState | None = None) -> None:
        """Move the conversation to another step; with `state`, keep that from now on."""
        self.dialog.step = step
        if state is not None:
            self.save(state)

    def save(self, state: FlowState) -> None:
        """Keep `state` for the conversation's next messages, in place of what it kept."""
        assert self.dialog.flow is not None, "no conversation to keep anything for"
        self.dialog.keep(self._declared(self.dialog.flow, state))

    def _declared(self, flow: str, state: FlowState | None) -> FlowState:
        """Check `state` against what `flow` declares it keeps: a mismatch is a bug, caught
        where it is written rather than on the person's next message."""
        kind = self.states.get(flow)
        if kind is None:
            raise LookupError(f"flow {flow!r} declares nothing it keeps (Router.flow)")
        if state is None or not isinstance(state, kind):
            # A shared step may write a part of it (the cluster chosen): it must read as it.
            kind.model_validate(state.model_dump() if state is not None else {})
        return state if state is not None else kind()

    def finish(self) -> None:
        """End the conversation and forget its data."""
        self.dialog = Dialog()


def rendered(pending: PendingReply, tokens: list[str], hint: str) -> Reply:
    """Turn a queued message and its option tokens into a channel-neutral Reply.

    Labels longer than a phone's button are cut at a word, and keep their full text beside
    them for the channels that list options as text (Zalo) or next to the buttons (Telegram).
    """
    full = [o.label for o in pending.options]
    choices = [
        Choice(label=label, token=token, full=whole if whole != label else "")
        for label, token, whole in zip(short_labels(full), tokens, full, strict=True)
    ]
    return Reply(
        text=pending.text,
        choices=choices,
        file=pending.file,
        link=pending.link,
        choice_hint=hint if choices else "",
    )
