"""Services: the operations handlers call; they own the queries, the core owns the transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import Catalogs
from bot.outbox.queue import NotifyService
from bot.services.access import ClusterAccess
from bot.services.activity.activities import ActivityService
from bot.services.covenant.covenant import CovenantService
from bot.services.covenant.launch import LaunchService
from bot.services.drafting.drafting import DraftService
from bot.services.leader.announce import AnnounceService
from bot.services.leader.nudge import NudgeService
from bot.services.leader.summary import SummaryService
from bot.services.membership.absence import AbsenceService
from bot.services.membership.membership import MembershipService
from bot.services.membership.people import PeopleService
from bot.services.pledge.payments import PaymentService
from bot.services.pledge.pledges import PledgeService
from bot.services.proposals.board import ProposalService
from bot.services.registration.registrations import RegistrationService
from bot.services.scoring.results import ResultsService
from bot.services.scoring.review import ReviewService
from bot.services.scoring.unit import ScoringService
from bot.services.year.chat import YearService
from domain.config import ProvinceConfig
from domain.messages import Incoming


@dataclass(frozen=True, slots=True)
class Services:
    people: PeopleService
    access: ClusterAccess
    notify: NotifyService
    membership: MembershipService
    absences: AbsenceService
    announce: AnnounceService
    pledges: PledgeService
    activities: ActivityService
    registrations: RegistrationService
    nudge: NudgeService
    summary: SummaryService
    payments: PaymentService
    drafting: DraftService
    scoring: ScoringService
    scoring_review: ReviewService
    scoring_results: ResultsService
    proposals: ProposalService
    covenant: CovenantService
    launch: LaunchService
    year: YearService

    @classmethod
    def bind(
        cls,
        session: AsyncSession,
        incoming: Incoming,
        catalogs: Catalogs,
        now: datetime,
        province: ProvinceConfig,
    ) -> Services:
        """Return the services working inside one update's transaction."""
        notify = NotifyService(session, catalogs, now)
        access = ClusterAccess(session)
        return cls(
            people=PeopleService(session, incoming),
            access=access,
            notify=notify,
            membership=MembershipService(session, incoming, notify, now),
            absences=AbsenceService(session, notify, now, province),
            pledges=PledgeService(session, notify, now, province),
            announce=AnnounceService(session, catalogs, now, access),
            activities=ActivityService(session, notify, now, province),
            registrations=RegistrationService(session, notify, now, province),
            nudge=NudgeService(session, catalogs, now, province, access),
            summary=SummaryService(session, notify, now, province),
            payments=PaymentService(session, notify, now, province),
            drafting=DraftService(session, notify, now, province),
            scoring=ScoringService(session, notify, now, province),
            scoring_review=ReviewService(session, notify, now, province),
            scoring_results=ResultsService(session, notify, now, province),
            proposals=ProposalService(session, notify, now, province),
            covenant=CovenantService(session, notify, now, province, catalogs),
            launch=LaunchService(session, notify, now, province, catalogs),
            year=YearService(session, catalogs, now, province),
        )

    def queued(self) -> int:
        """Return how many outbox messages this update queued (to wake the outbox sender)."""
        return (self.notify.queued + self.announce.queued + self.nudge.queued
                + self.covenant.queued + self.launch.queued + self.year.queued)  # fmt: skip
