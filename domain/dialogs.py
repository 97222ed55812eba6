"""Where a person is in a conversation, and what its flow keeps between messages.

Each flow declares what it keeps as a `FlowState` (`Router.flow`). It is stored as JSON in the
dialog's data, beside the core's own entries (named with a leading "_", which no field of a
pydantic model can be), and checked against the declaration when read back: a dialog kept by
an earlier version in another shape, or altered, is refused whole rather than half-read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

CORE_PREFIX = "_"  # dialog data the core keeps (the options offered), not the flow's


class FlowState(BaseModel):
    """What one flow keeps between messages; a subclass per flow names its fields."""

    # An entry the declaration does not name is another version's (or a forgery): refused.
    model_config = ConfigDict(extra="forbid")


class Nothing(FlowState):
    """Kept by a flow that needs nothing between messages but the step it is at."""


@dataclass(slots=True)
class Dialog:
    """A conversation's position, detached from the session."""

    flow: str | None = None
    step: str | None = None
    # As stored: the flow's state (its fields) and the core's entries ("_…").
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def active(self) -> bool:
        return self.flow is not None

    def kept(self) -> dict[str, Any]:
        """Return the flow's own data, as stored (the core's entries left out)."""
        return {k: v for k, v in self.data.items() if not k.startswith(CORE_PREFIX)}

    def keep(self, state: FlowState) -> None:
        """Replace the flow's own data with `state`; the core's entries stay."""
        core = {k: v for k, v in self.data.items() if k.startswith(CORE_PREFIX)}
        self.data = core | state.model_dump(mode="json")


def readable(dialog: Dialog, declared: Mapping[str, type[FlowState]]) -> bool:
    """Tell whether the dialog's data reads as its flow declares (`declared`: per flow).

    Not so after an upgrade changed a flow's fields or removed the flow, or when the stored
    row was altered: the conversation cannot go on.
    """
    kind = Nothing if dialog.flow is None else declared.get(dialog.flow)
    if kind is None:
        return False
    try:
        kind.model_validate(dialog.kept())
    except ValidationError:
        return False
    return True
