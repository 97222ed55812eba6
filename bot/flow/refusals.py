"""One way to refuse: a service raises `Refused`; the handler answers it in one line.

    with refusals(ctx):
        row = await ctx.services.activities.editable(ctx.person, report_id)
        ...  # skipped when refused: the dialog ends and the person is told why

Each feature words its own reasons in its `texts` module, registered with `@wording(...)`;
the features import this module, never the other way round. The reasons of the shared access
rule (`ClusterRefusal`) are worded here. A refusal a flow lets through is answered by the core
with the same words, so no flow falls silent.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum

from bot.flow.context import Context, Option
from domain.refusals import ClusterRefusal, Reason, Refused

log = logging.getLogger(__name__)

Wording = Callable[[Context, Refused], str]
WORDINGS: dict[type[StrEnum], Wording] = {}


def wording(kind: type[StrEnum]) -> Callable[[Wording], Wording]:
    """Register the function that words a feature's refusals (one per reason enum)."""

    def register(function: Wording) -> Wording:
        WORDINGS[kind] = function
        return function

    return register


def refusal_text(ctx: Context, refused: Refused) -> str:
    """Say, in the person's language, why the service refused."""
    words = WORDINGS.get(type(refused.reason))
    if words is None:  # a feature that forgot its wording still answers, in general words
        log.warning("no wording for the refusal %r", refused.reason)
        return ctx._("Đồng chí không còn quyền thực hiện thao tác này.")
    return words(ctx, refused)


@wording(ClusterRefusal)
def _cluster(ctx: Context, refused: Refused) -> str:
    if refused.reason is ClusterRefusal.INVALID:
        # Only a conversation kept from an older version holds what the handler now refuses.
        return ctx._("Lựa chọn này đã cũ. Vui lòng gõ lại lệnh để bắt đầu lại.")
    return ctx._("Đồng chí không còn quyền thực hiện thao tác này.")


@dataclass(slots=True)
class Caught:
    """What `refusals` caught, if anything: a handler may go on differently after it."""

    refused: Refused | None = None

    @property
    def reason(self) -> Reason | None:
        """Return the reason of the refusal caught, or None."""
        return self.refused.reason if self.refused is not None else None


@contextmanager
def refusals(
    ctx: Context, *, finish: bool = True, options: list[Option] | None = None
) -> Iterator[Caught]:
    """Run the block; on a refusal, end the dialog (unless `finish` is off) and say why."""
    caught = Caught()
    try:
        yield caught
    except Refused as refused:
        caught.refused = refused
        if finish:
            ctx.finish()
        ctx.say(refusal_text(ctx, refused), options)
