"""A chat with the core alone: no channel, no Telegram object anywhere."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from bot.core.pipeline import Core
from domain.messages import Channel, EventKind, Incoming, Reply

_keys = itertools.count(1)


@dataclass
class CoreChat:
    """One person talking to the core on a channel without buttons of its own."""

    core: Core
    user_id: str = "u1"
    channel: Channel = Channel.ZALO
    language_hint: str | None = None
    seen: list[Reply] = field(default_factory=list)

    def _incoming(self, **fields: object) -> Incoming:
        base: dict[str, object] = {
            "channel": self.channel,
            "key": f"core-test:{next(_keys)}",
            "chat_id": self.user_id,
            "user_id": self.user_id,
            "language_hint": self.language_hint,
            "display_name": "Nguyễn Văn A",
        }
        base.update(fields)
        return Incoming(**base)  # type: ignore[arg-type]

    async def send(self, text: str, *, command: str | None = None, args: str = "") -> list[Reply]:
        """Send a text (or a command) and return the replies."""
        return await self.deliver(self._incoming(text=text, command=command, args=args))

    async def command(self, name: str, args: str = "") -> list[Reply]:
        """Send `/name args`."""
        return await self.send(f"/{name} {args}".strip(), command=name, args=args)

    async def press(self, reply: Reply, label: str) -> list[Reply]:
        """Press the option labelled `label` of an earlier reply."""
        token = next(c.token for c in reply.choices if c.label == label)
        return await self.deliver(self._incoming(kind=EventKind.CHOICE, choice_token=token))

    async def deliver(self, incoming: Incoming) -> list[Reply]:
        """Hand a prepared update to the core."""
        replies = await self.core.handle(incoming)
        self.seen.extend(replies)
        return replies
