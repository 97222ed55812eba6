"""Routes commands, conversation steps and chosen options to handler functions."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from bot.flow.context import Context
from domain.commands import ANYONE, BY_KEY, CommandSpec
from domain.dialogs import FlowState
from domain.messages import EventKind
from domain.roles import Role

Handler = Callable[[Context], Awaitable[None]]
Fallback = Callable[[Context], Awaitable[bool]]
ChoiceHandler = Callable[[Context, dict[str, Any]], Awaitable[None]]
K = TypeVar("K")
V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class ChoiceRoute:
    handler: ChoiceHandler
    roles: frozenset[Role]


@dataclass(slots=True)
class Router:
    """One feature's handlers; `Registry.include` gathers every feature's router."""

    name: str
    commands: dict[str, Handler] = field(default_factory=dict)
    steps: dict[tuple[str, str], Handler] = field(default_factory=dict)
    choices: dict[str, ChoiceRoute] = field(default_factory=dict)
    events: dict[EventKind, Handler] = field(default_factory=dict)
    fallbacks: list[Fallback] = field(default_factory=list)
    file_steps: set[tuple[str, str]] = field(default_factory=set)
    cancel_notes: dict[str, str] = field(default_factory=dict)
    states: dict[str, type[FlowState]] = field(default_factory=dict)

    def include(self, *routers: Router) -> None:
        """Take in the handlers of a feature's steps, so the feature is included as one."""
        for router in routers:
            _merge(router.name, self.commands, router.commands)
            _merge(router.name, self.steps, router.steps)
            self.file_steps |= router.file_steps
            _merge(router.name, self.cancel_notes, router.cancel_notes)
            _merge(router.name, self.states, router.states)
            _merge(router.name, self.choices, router.choices)
            _merge(router.name, self.events, router.events)
            self.fallbacks.extend(router.fallbacks)

    def event(self, kind: EventKind) -> Callable[[Handler], Handler]:
        """Handle an event that is not a message (the bot added to or removed from a group)."""

        def register(handler: Handler) -> Handler:
            self.events[kind] = handler
            return handler

        return register

    def fallback(self, handler: Fallback) -> Fallback:
        """Offer free text outside any conversation to `handler`; True means it was handled."""
        self.fallbacks.append(handler)
        return handler

    def command(self, key: str) -> Callable[[Handler], Handler]:
        """Handle the contract's command `key` (both its Vietnamese and English names)."""
        if key not in BY_KEY:
            raise KeyError(f"{key!r} is not in the command contract")

        def register(handler: Handler) -> Handler:
            self.commands[key] = handler
            return handler

        return register

    def flow(self, flow: str, state: type[FlowState]) -> None:
        """Declare a conversation `flow` and what it keeps between messages (`Nothing` for
        no more than its step): read back in another shape, the conversation is closed."""
        self.states[flow] = state

    def keeps_answers(self, flow: str, note: str) -> None:
        """Declare that `flow` saves each answer as it goes: /huy then says `note` (marked
        with N_), not that nothing was saved."""
        self.cancel_notes[flow] = note

    def step(self, flow: str, step: str, *, files: bool = False) -> Callable[[Handler], Handler]:
        """Handle free text sent while a conversation is at `flow`/`step`.

        With `files`, a file sent then is the step's too, not the bot's general reader of
        files (the bank statement's).
        """

        def register(handler: Handler) -> Handler:
            self.steps[(flow, step)] = handler
            if files:
                self.file_steps.add((flow, step))
            return handler

        return register

    def choice(
        self, action: str, roles: frozenset[Role] = ANYONE
    ) -> Callable[[ChoiceHandler], ChoiceHandler]:
        """Handle a chosen option; `roles` is checked again on every press."""

        def register(handler: ChoiceHandler) -> ChoiceHandler:
            self.choices[action] = ChoiceRoute(handler, roles)
            return handler

        return register


class Registry:
    """Every router of the bot, merged; duplicates are a programming error."""

    def __init__(self) -> None:
        self.commands: dict[str, Handler] = {}
        self.steps: dict[tuple[str, str], Handler] = {}
        self.choices: dict[str, ChoiceRoute] = {}
        self.events: dict[EventKind, Handler] = {}
        self.fallbacks: list[Fallback] = []
        self.file_steps: set[tuple[str, str]] = set()
        self.cancel_notes: dict[str, str] = {}
        self.states: dict[str, type[FlowState]] = {}

    def include(self, router: Router) -> None:
        """Add one feature's handlers."""
        _merge(router.name, self.commands, router.commands)
        _merge(router.name, self.steps, router.steps)
        self.file_steps |= router.file_steps
        _merge(router.name, self.cancel_notes, router.cancel_notes)
        _merge(router.name, self.states, router.states)
        _merge(router.name, self.choices, router.choices)
        _merge(router.name, self.events, router.events)
        self.fallbacks.extend(router.fallbacks)

    def available(self, role: Role) -> list[CommandSpec]:
        """Return the implemented commands `role` may use, in contract order."""
        return [
            spec for key, spec in BY_KEY.items() if key in self.commands and role in spec.roles
        ]


def _merge(router_name: str, target: dict[K, V], source: dict[K, V]) -> None:
    clash = set(target) & set(source)
    if clash:
        raise ValueError(f"router {router_name!r} registers {clash} twice")
    target.update(source)
