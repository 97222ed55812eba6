"""APScheduler wiring: one job per future occasion, ids rebuilt from configuration at start."""

from __future__ import annotations

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.reminders.service import Reminders

REPLAN_JOB = "reminders.replan"


def schedule_reminders(scheduler: AsyncIOScheduler, reminders: Reminders) -> list[str]:
    """Add (or replace) a job for every future occasion; return the job ids."""
    now = reminders.clock.now()
    grace = reminders.config.grace_hours * 3600
    ids = []
    for occasion in reminders.occasions(now):
        if occasion.fire_at <= now:
            continue  # run_due() at start takes what is due or recently missed
        job_id = f"reminder:{occasion.id}"
        # Every job does the same thing, run_due(): it sends whatever is due and not yet sent,
        # so a job firing twice or late can never send an occasion twice.
        scheduler.add_job(
            reminders.run_due, "date", run_date=occasion.fire_at, id=job_id,
            replace_existing=True, misfire_grace_time=grace, coalesce=True,
        )  # fmt: skip
        ids.append(job_id)
    # Once a day, add the occasions of a year that has just come into view.
    scheduler.add_job(
        _replan, "cron", args=[scheduler, reminders], hour=0, minute=5, id=REPLAN_JOB,
        replace_existing=True,
    )  # fmt: skip
    return ids


async def _replan(scheduler: AsyncIOScheduler, reminders: Reminders) -> None:
    schedule_reminders(scheduler, reminders)
