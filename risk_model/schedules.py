"""Monitor schedules as cron expressions (croniter): the last slot due and the next one.

A model is due when a scheduled slot has passed and no run has started since it; it is
overdue when that slot is older than ``OVERDUE_AFTER`` (the scheduler did not run it).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from croniter import croniter

OVERDUE_AFTER = timedelta(hours=1)
"""How long after its slot a run that has not started counts as overdue."""


def check_schedule(expression: str) -> str:
    """The expression, trimmed; raises ValueError naming it when cron cannot read it."""
    text = " ".join(str(expression).split())
    if not croniter.is_valid(text):
        raise ValueError(
            f"{expression!r} is not a cron schedule (five fields: minute hour day month "
            "weekday, e.g. '0 6 * * *' for 06:00 every day)"
        )
    return text


def last_slot(expression: str, now: datetime) -> datetime:
    """The latest scheduled time at or before ``now``."""
    if croniter.match(expression, now):
        return now.replace(second=0, microsecond=0)
    return croniter(expression, now).get_prev(datetime)


def next_slot(expression: str, now: datetime) -> datetime:
    """The first scheduled time after ``now``."""
    return croniter(expression, now).get_next(datetime)


def is_overdue(slot: datetime, last_run: datetime | None, now: datetime) -> bool:
    return (last_run is None or last_run < slot) and now - slot > OVERDUE_AFTER
