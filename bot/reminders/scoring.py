"""Reminders before the scoring deadlines, and nudges to the units that have not submitted.

The leaders of a cluster with a table not yet published are reminded of both deadlines with
their cluster's progress; only the reporters of units that have not submitted are nudged.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import Catalogs, Translator
from bot.reminders.plan import Occasion, OccasionKind, _for_event
from domain.calendar.config import CalendarConfig
from domain.config import ProvinceConfig
from domain.roles import Role
from domain.scoring.config import ScoringConfig
from storage.calendar.reminders import fan_out_to_members
from storage.scoring import steps

REPORTER = (Role.REPORTER,)


def scoring_config(province: ProvinceConfig) -> ScoringConfig:
    """Return the `scoring` section (config/scoring.yaml)."""
    return province.scoring


def occasions(calendar: CalendarConfig, config: ScoringConfig, year: int, tz: ZoneInfo
              ) -> list[Occasion]:  # fmt: skip
    """Return the year's scoring reminders (deadlines rule) and nudges (nudges rule)."""
    found: list[Occasion] = []
    for which, day in (("self", config.self_assessment_due(year)),
                       ("review", config.review_due(year))):  # fmt: skip
        found += [
            replace(o, scoring=which)
            for o in _for_event(
                f"scoring-{which}", OccasionKind.DEADLINE, day, calendar.deadlines, tz
            )
        ]
    found += [
        replace(o, scoring="self")
        for o in _for_event(
            "scoring-self",
            OccasionKind.NUDGE,
            config.self_assessment_due(year),
            calendar.nudges,
            tz,
        )
    ]
    return found


def leader_text(t: Translator, occasion: Occasion, cluster: str, progress: steps.StageCounts
                ) -> str:  # fmt: skip
    days, year, day = occasion.days_before, occasion.event_day.year, t.date(occasion.event_day)
    if occasion.scoring == "self":
        what = t._("hạn các đơn vị gửi tự chấm điểm thi đua năm {year} ({date})").format(
            year=year, date=day
        )
        state = t._("{cluster}: {done}/{units} đơn vị đã gửi.").format(
            cluster=cluster, done=progress.submitted, units=progress.units
        )
    else:
        what = t._("hạn thẩm định chấm điểm thi đua năm {year} ({date})").format(
            year=year, date=day
        )
        state = t._("{cluster}: {done}/{units} đơn vị đã thống nhất kết quả.").format(
            cluster=cluster, done=progress.settled, units=progress.submitted
        )
    if days == 0:
        head = t._("Hôm nay là {what}.").format(what=what)
    else:
        head = t.ngettext("Còn {days} ngày đến {what}.", "Còn {days} ngày đến {what}.",
                          days).format(days=days, what=what)  # fmt: skip
    return f"{head}\n{state}"


def nudge_text(t: Translator, occasion: Occasion) -> str:
    return t._(
        "Nhắc việc: đơn vị của đồng chí chưa gửi chấm điểm thi đua năm {year} (hạn {date}). "
        "Vui lòng gõ /chamdiem để chấm và gửi."
    ).format(year=occasion.event_day.year, date=t.date(occasion.event_day))


async def fan_out(
    session: AsyncSession,
    catalogs: Catalogs,
    occasion: Occasion,
    not_before: datetime,
    *,
    present_on: date | None = None,
) -> int:
    """Queue the occasion for every cluster whose table of the year is not yet published;
    members away `present_on` are left out."""
    queued = 0
    key = f"rem:{occasion.id}"
    for table in await steps.open_tables(session=session, year=occasion.event_day.year):
        if occasion.kind is OccasionKind.NUDGE:
            reporters = await steps.reporters_not_submitted(
                session=session, table_id=table.id, cluster_id=table.cluster_id
            )
            if reporters:
                queued += await fan_out_to_members(
                    session=session, key_prefix=key, default_locale=catalogs.default_locale,
                    texts={t.locale: nudge_text(t, occasion) for t in catalogs.all()},
                    not_before=not_before, roles=REPORTER, only_member_ids=reporters,
                    present_on=present_on,
                )  # fmt: skip
            continue
        progress = await steps.progress(
            session=session, table_id=table.id, cluster_id=table.cluster_id
        )
        queued += await fan_out_to_members(
            session=session, key_prefix=key, default_locale=catalogs.default_locale,
            texts={t.locale: leader_text(t, occasion, table.cluster_name, progress)
                   for t in catalogs.all()},
            not_before=not_before, roles=(Role.LEADER, Role.DEPUTY),
            led_cluster_id=table.cluster_id, present_on=present_on,
        )  # fmt: skip
    return queued
