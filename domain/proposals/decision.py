"""The province's decision on a cluster's proposal: forwarded to the Council, or not."""

from __future__ import annotations

from enum import StrEnum

MIN_REASON, MAX_REASON = 3, 500  # a declined proposal's reason, as the cluster will read it


class Decision(StrEnum):
    FORWARDED = "forwarded"  # in the submission (Tờ trình) to the Council
    DECLINED = "declined"  # kept out of it, with the reason told to the cluster's leader


def tidy_reason(text: str, decision: Decision) -> str | None:
    """Return the reason with its spaces tidied; None when it does not fit the decision.

    A forwarded proposal needs none (a note is welcome); a declined one needs a reason the
    cluster can act on.
    """
    cleaned = " ".join(text.split())
    if len(cleaned) > MAX_REASON:
        return None
    if decision is Decision.DECLINED and len(cleaned) < MIN_REASON:
        return None
    return cleaned
