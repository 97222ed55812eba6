"""One way for a service to refuse: raise `Refused` with a reason; the handler words it.

Each feature has its own reasons, because the same word ("not allowed") is said differently
for a pledge, a report or a registration; the exception is the same everywhere.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum


class PledgeRefusal(StrEnum):
    NOT_ALLOWED = "not_allowed"  # not their pledge, or outside their unit or cluster
    STALE = "stale"  # the pledge has moved on (paid, confirmed, cancelled) meanwhile
    CLOSED = "closed"  # outside the campaign's period
    NO_UNIT = "no_unit"  # an admin, or someone whose unit is gone
    EXISTS = "exists"  # already pledged this year (a double tap, or a second device)
    INVALID = "invalid"  # an amount or a count the handler should have refused
    TOO_LARGE = "too_large"  # above the ceiling the bot records
    TOO_MANY = "too_many"  # more contributors than people left to count in the unit
    YEAR_CLOSED = "year_closed"  # a closed year, past its grace (`day`: its last day)


class ActivityRefusal(StrEnum):
    NO_UNIT = "no_unit"
    NOT_FOUND = "not_found"
    NOT_ALLOWED = "not_allowed"  # neither the author nor the unit's reporter
    NOT_LEADER = "not_leader"  # not a report of the cluster the person leads
    FUTURE = "future"
    TOO_OLD = "too_old"
    PHASE_CLOSED = "phase_closed"
    INVALID = "invalid"
    YEAR_CLOSED = "year_closed"  # a closed year, past its grace (`day`: its last day)


class RegistrationRefusal(StrEnum):
    NOT_ALLOWED = "not_allowed"  # another unit's, or not a reporter any more
    NOT_LEADER = "not_leader"  # not a registration of the cluster the person leads
    NOT_FOUND = "not_found"
    LOCKED = "locked"  # submitted or accepted: nothing to change now
    PAST_DEADLINE = "past_deadline"
    INCOMPLETE = "incomplete"  # no target or no title yet
    ALREADY_REVIEWED = "already_reviewed"
    INVALID = "invalid"


class MembershipRefusal(StrEnum):
    NOT_ALLOWED = "not_allowed"  # an invite to a unit or role the person may not hand out
    UNKNOWN_CODE = "unknown_code"
    EXPIRED = "expired"
    USED_UP = "used_up"


class AbsenceRefusal(StrEnum):
    NOT_ALLOWED = "not_allowed"  # not a reporter or head of the member's unit (nor the admin)
    NOT_FOUND = "not_found"  # no such member, or an absence ended or removed meanwhile
    OVERLAP = "overlap"  # the member is already away on some of these days (`day`: from)
    # The dates (domain.membership.absence.SpanProblem's value in `detail`).
    BAD_DATES = "bad_dates"


class PaymentRefusal(StrEnum):
    NO_MATCH = "no_match"  # a wrong code, another cluster's pledge, or a line handled meanwhile
    HANDLED = "handled"  # the line was matched or set aside meanwhile, or is not theirs


class ClusterRefusal(StrEnum):
    """What a cluster-wide action refuses (a summary, an export, a report, a nudge, an
    announcement): `bot.services.access.ClusterAccess` says who may act on which cluster."""

    NOT_ALLOWED = "not_allowed"  # not (or no longer) a leader of this cluster, nor the admin
    INVALID = "invalid"  # an announcement's text the handler should have refused


class ScoringRefusal(StrEnum):
    NO_UNIT = "no_unit"  # the person belongs to no unit
    NOT_REPORTER = "not_reporter"  # not the reporter of this unit
    NOT_LEADER = "not_leader"  # not a leader of this cluster
    NOT_ADMIN = "not_admin"  # only the admin may do this after publication
    NO_TABLE = "no_table"
    NOT_FOUND = "not_found"  # no such unit in the cluster
    UNKNOWN_CRITERION = "unknown_criterion"
    SUBMITTED = "submitted"  # the unit sent it: nothing to change now
    PUBLISHED = "published"
    INCOMPLETE = "incomplete"
    NOT_SUBMITTED = "not_submitted"
    WRONG_STAGE = "wrong_stage"
    EXPLAIN_CLOSED = "explain_closed"
    CANNOT_SETTLE = "cannot_settle"
    NOT_READY = "not_ready"  # units still to settle before publication
    NOT_PUBLISHED = "not_published"
    BAD_TEXT = "bad_text"  # a reason or note too short or too long
    # A typed score the criterion does not take (domain.scoring's parsers say which), the
    # answer quoting what was typed (`detail`) and the criterion's maximum (`amount`).
    NOT_A_NUMBER = "not_a_number"
    NEGATIVE = "negative"
    NOT_HALF = "not_half"  # not a multiple of 0.5
    ABOVE_MAX = "above_max"
    NOT_PASS_FAIL = "not_pass_fail"  # a pass/fail criterion takes only 0 or its max
    NOT_WHOLE = "not_whole"  # a count of occurrences must be a whole number
    COMPUTED = "computed"  # the bot fills it; nobody types it


class ProposalRefusal(StrEnum):
    """What the province's office is refused while weighing the clusters' proposals."""

    NOT_ADMIN = "not_admin"  # only Ban Thi đua - Khen thưởng weighs them
    NOT_FOUND = "not_found"  # no such proposal, or the cluster's leader took it off the list
    NOT_PUBLISHED = "not_published"  # its cluster has not published (or was reopened)
    NO_REASON = "no_reason"  # a declined proposal without a reason of a few words
    TOO_LONG = "too_long"  # a reason or note longer than the leader's message may quote
    NOTHING = "nothing"  # no cluster has published this year's results yet


class CovenantRefusal(StrEnum):
    """What a leader or a unit is refused with the year's covenant."""

    NOT_SIGNER = "not_signer"  # neither the head nor the reporter of a unit of this cluster
    NOT_OPEN = "not_open"  # no covenant open for signing (none begun, or a draft)
    OPEN_ALREADY = "open_already"  # the year's covenant is open: its text stays as signed
    BAD_TEXT = "bad_text"  # too short or too long for a covenant
    NOT_A_DOCX = "not_a_docx"  # a file that is no readable Word document
    ANNOUNCED = "announced"  # the year's launch plan was announced already


class OfficeRefusal(StrEnum):
    """What the office console refuses: who may open it, and what an organisation file may do."""

    NOT_ALLOWED = "not_allowed"  # not the admin (a province page), not this cluster's leader
    USED = "used"  # a sign-in link opened before: each is used once
    ENDED = "ended"  # the person's role changed since the session began
    HAS_DATA = "has_data"  # the file drops a unit or cluster that holds data (`detail`: which)
    STALE = "stale"  # the organisation changed since the preview: preview again
    NOTHING = "nothing"  # the file changes nothing
    EXISTS = "exists"  # last year's table copied onto a year that has a table already


class PeopleRefusal(StrEnum):
    """What the office is refused on a person's page (the console's People)."""

    NOT_FOUND = "not_found"  # no such person (a guest belongs to no unit: none either)
    NO_UNIT = "no_unit"  # an unknown unit to move the person to
    NO_ROLE = "no_role"  # a role the console does not hand out
    SAME = "same"  # nothing would change: the same unit, the same role
    NO_REASON = "no_reason"  # a reason of a few words is required
    TOO_LONG = "too_long"  # a reason longer than MAX_REASON
    OWN = "own"  # one's own record: another admin changes it
    ADMIN = "admin"  # an admin's record: the organisation file changes it
    INACTIVE = "inactive"  # deactivated already: nothing to change
    ERASED = "erased"  # the personal data was erased: nothing left to export or erase
    CONFIRM = "confirm"  # the typed confirmation of an erasure does not match


Reason = (
    PledgeRefusal
    | ActivityRefusal
    | RegistrationRefusal
    | MembershipRefusal
    | AbsenceRefusal
    | PaymentRefusal
    | ClusterRefusal
    | ScoringRefusal
    | ProposalRefusal
    | CovenantRefusal
    | OfficeRefusal
    | PeopleRefusal
)


class Refused(Exception):
    """An operation the rules do not allow, refused before anything it would change.

    `day` is the date the refusal concerns (a report's date, an invite's expiry), `detail` a
    word the answer repeats (a code or a score typed), `amount` a figure it quotes (the
    existing pledge, a criterion's maximum in half points).
    """

    def __init__(
        self, reason: Reason, *, day: date | None = None, detail: str = "", amount: int = 0
    ) -> None:
        super().__init__(reason.value)
        self.reason = reason
        self.day = day
        self.detail = detail
        self.amount = amount
