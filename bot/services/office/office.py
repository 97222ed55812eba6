"""Every console service bound to one request's transaction, as `Services` is to an update's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import Catalogs
from bot.outbox.queue import NotifyService
from bot.services.access import ClusterAccess
from bot.services.office.gate import Gate
from bot.services.office.glance import Glance
from bot.services.office.organisation import Organisation
from bot.services.office.people import People
from bot.services.office.people_changes import PeopleChanges
from bot.services.office.scoring import ScoringTables
from bot.services.office.statements import Statements
from bot.services.office.trail import Trail
from bot.services.pledge.payments import PaymentService
from domain.config import ProvinceConfig


@dataclass(frozen=True, slots=True)
class Office:
    gate: Gate
    glance: Glance
    organisation: Organisation
    trail: Trail
    scoring: ScoringTables
    statements: Statements
    people: People
    changes: PeopleChanges  # a person's: unit, role, deactivation, absences, erasure

    @classmethod
    def bind(
        cls, session: AsyncSession, catalogs: Catalogs, now: datetime, province: ProvinceConfig
    ) -> Office:
        """Return the console's services working inside one request's transaction."""
        access = ClusterAccess(session)
        notify = NotifyService(session, catalogs, now)
        people = People(session, access, now)
        return cls(
            gate=Gate(session, now),
            glance=Glance(session, notify, now, province),
            organisation=Organisation(session, now),
            trail=Trail(session, access),
            scoring=ScoringTables(session, access, notify, now),
            statements=Statements(
                session, access, PaymentService(session, notify, now, province), now
            ),
            people=people,
            changes=PeopleChanges(session, notify, now, province, people),
        )
