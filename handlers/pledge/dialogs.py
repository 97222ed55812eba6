"""What the pledge's conversations keep between messages (declared with `Router.flow`)."""

from __future__ import annotations

from domain.dialogs import FlowState


class PledgeDraft(FlowState):
    """/ungho: the live pledge whose menu is open, or the amount being pledged or changed."""

    pledge: int | None = None  # the person's live pledge, when its menu is open
    edit: int | None = None  # the pledge whose amount is being changed (None: a new pledge)
    amount: int = 0  # the amount to confirm, in đồng
    salary: int | None = None  # the monthly salary just typed (remembered only if agreed)
    day: int = 0  # one day of that salary


class CollectDraft(FlowState):
    """A unit's collection outside the bot, as its reporter (or an admin) records it."""

    unit: int = 0
    name: str = ""  # the unit's name, for the confirmation
    room: int | None = None  # people of the unit not yet counted (None: headcount unknown)
    amount: int = 0  # the total collected, in đồng (0 clears the earlier record)
    people: int = 0  # how many people it came from


class ReconcileDraft(FlowState):
    """Matching a bank statement's line to a pledge: the line chosen."""

    line: int = 0
