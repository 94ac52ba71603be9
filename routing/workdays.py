"""Working days and calendar days in Vietnam, as the petition laws count them.

Working days are Monday–Friday minus Vietnam's public holidays (the ``holidays`` package,
which computes Tết from the lunar calendar) plus the extra days off the data file lists,
minus the make-up working days it lists. A period "within N days of X" starts the day after
X (Bộ luật Dân sự 2015, art. 147); when a calendar-day period ends on a day off, it ends on
the next working day instead (art. 148(5)), if the data file says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _public_holidays(country: str, year: int) -> dict[date, str]:
    """The package's public holidays for one year, with Vietnamese names when available."""
    try:
        table = holidays.country_holidays(country, years=year, language="vi")
    except NotImplementedError:
        table = holidays.country_holidays(country, years=year)
    return dict(table.items())


@dataclass(frozen=True)
class WorkCalendar:
    """Which days are working days; immutable, cheap to share between threads."""

    country: str = "VN"
    extra_holidays: Mapping[date, str] = field(default_factory=dict)
    extra_working_days: frozenset[date] = frozenset()
    end_on_working_day: bool = True

    def holiday_name(self, day: date) -> str | None:
        """The name of the day off on ``day``, or None when it is not a public holiday."""
        if day in self.extra_holidays:
            return self.extra_holidays[day]
        return _public_holidays(self.country, day.year).get(day)

    def is_working_day(self, day: date) -> bool:
        """Monday–Friday and not a holiday, or a declared make-up working day."""
        if day in self.extra_working_days:
            return True
        return day.weekday() < 5 and self.holiday_name(day) is None

    def add_working_days(self, start: date, count: int) -> date:
        """The ``count``-th working day after ``start`` (``start`` itself is not counted)."""
        day, left = start, count
        while left > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                left -= 1
        return day

    def add_calendar_days(self, start: date, count: int) -> date:
        """``start`` + ``count`` days, moved to the next working day if it is a day off."""
        due = start + timedelta(days=count)
        if self.end_on_working_day:
            while not self.is_working_day(due):
                due += timedelta(days=1)
        return due

    def holidays_between(self, start: date, end: date) -> list[tuple[date, str]]:
        """Named days off strictly after ``start`` up to ``end``, to explain a deadline."""
        days: Iterable[date] = (start + timedelta(days=n) for n in range(1, (end - start).days + 1))
        named = ((day, self.holiday_name(day)) for day in days)
        return [
            (day, name)
            for day, name in named
            if name is not None and day not in self.extra_working_days
        ]
