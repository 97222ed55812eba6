"""Query functions for nudges: who, in a cluster, has not yet done what is due.

It reads pledges, reports and registrations together: it lives with the cluster's read model,
the one package that reads across features' tables.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import col, exists, func, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar

from domain.registration.states import RegistrationStatus
from domain.roles import Role
from storage.activity.models import ActivityReport
from storage.membership.absences import away_on
from storage.membership.models import Identity, Member, Unit
from storage.pledge.models import Pledge, UnitCollection
from storage.registration.models import Registration

PLEDGERS = (Role.MEMBER, Role.REPORTER, Role.DEPUTY, Role.LEADER)


def _members_of(cluster_id: int, roles: tuple[Role, ...], day: date) -> SelectOfScalar[int | None]:
    """Members of the cluster's units with these roles the bot can reach, and not away `day`:
    someone on leave or on a course is not nudged (they are counted apart, «vắng»)."""
    return (
        select(col(Member.id))
        .join(Unit, col(Unit.id) == col(Member.unit_id))
        .where(
            Unit.cluster_id == cluster_id,
            col(Member.active).is_(True),
            col(Member.role).in_([role.value for role in roles]),
            # Only people the bot can reach: a row made by an import has no account yet.
            exists().where(col(Identity.member_id) == col(Member.id)),
            ~away_on(col(Member.id), day),
        )
    )


async def without_pledge(
    *, session: AsyncSession, cluster_id: int, year: int, day: date
) -> list[int]:
    """Return members with no pledge this campaign, in units that collected nothing jointly."""
    statement = _members_of(cluster_id, PLEDGERS, day).where(
        ~exists().where(
            col(Pledge.member_id) == col(Member.id), col(Pledge.campaign_year) == year
        ),
        # A unit that collected through its trade union may hold this person's gift already.
        ~exists().where(
            col(UnitCollection.unit_id) == col(Member.unit_id),
            col(UnitCollection.campaign_year) == year,
        ),
    )
    return [member_id for member_id in (await session.exec(statement)).all() if member_id]


async def reporters_without_report(
    *, session: AsyncSession, cluster_id: int, start: date, end: date, day: date
) -> list[int]:
    """Return the reporters of units with no activity report dated in [start, end]."""
    statement = _members_of(cluster_id, (Role.REPORTER,), day).where(
        ~exists().where(
            col(ActivityReport.unit_id) == col(Member.unit_id),
            col(ActivityReport.day) >= start,
            col(ActivityReport.day) <= end,
        )
    )
    return [member_id for member_id in (await session.exec(statement)).all() if member_id]


async def reporters_without_registration(
    *, session: AsyncSession, cluster_id: int, year: int, day: date
) -> list[int]:
    """Return the reporters of units whose registration for `year` is not yet submitted."""
    done = (RegistrationStatus.SUBMITTED.value, RegistrationStatus.ACCEPTED.value)
    statement = _members_of(cluster_id, (Role.REPORTER,), day).where(
        ~exists().where(
            col(Registration.unit_id) == col(Member.unit_id),
            col(Registration.year) == year,
            col(Registration.status).in_(done),
        )
    )
    return [member_id for member_id in (await session.exec(statement)).all() if member_id]


async def units_without_members(*, session: AsyncSession, cluster_id: int) -> list[str]:
    """Return the names of the cluster's units where nobody has joined the bot yet."""
    joined = (
        select(Member.unit_id)
        .where(
            col(Member.active).is_(True),
            col(Member.role) != Role.GUEST.value,
            col(Member.unit_id).is_not(None),  # NOT IN with a NULL in the list matches nothing
        )
        .group_by(col(Member.unit_id))
        .having(func.count() > 0)
    )
    statement = (
        select(Unit.name)
        .where(Unit.cluster_id == cluster_id, col(Unit.id).not_in(joined))
        .order_by(col(Unit.name))
    )
    return list((await session.exec(statement)).all())
