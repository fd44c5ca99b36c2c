"""Dates as people write them in a timeline: a year, a month or a day.

The precision is part of the value: `2022-04` means "some time in April 2022", not
"1 April 2022", so it spans the whole month on the timeline and reads "April 2022".
"""
from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July",
               "August", "September", "October", "November", "December")

# ASCII digits only: \d, int() and datetime also take other scripts' digits ('٢٠٢٢').
_FORM = re.compile(r"([0-9]{4})(?:-([0-9]{1,2})(?:-([0-9]{1,2}))?)?")
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")


class DateError(ValueError):
    """A date that cannot be read; the message says what to write instead."""


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day (month and day None when unknown)."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> datetime.date:
        if self.day:
            return self.first_day
        if self.month:
            return datetime.date(self.year, self.month,
                                 calendar.monthrange(self.year, self.month)[1])
        return datetime.date(self.year, 12, 31)

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def iso(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def __str__(self) -> str:
        return format_date(self)


def parse_date(text: str) -> PartialDate:
    """Read `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; raise DateError with a helpful message."""
    match = _FORM.fullmatch(text.strip())
    if not match and _OTHER_DIGIT.search(text):
        raise DateError(f"'{text}' is not a date: write its digits as 0-9 (YYYY, YYYY-MM or "
                        f"YYYY-MM-DD, for example 2022-03-29)")
    if not match:
        raise DateError(f"'{text}' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD "
                        f"(for example 2022-03-29)")
    year = int(match[1])
    month = int(match[2]) if match[2] else None
    day = int(match[3]) if match[3] else None
    if year < 1:
        raise DateError(f"'{text}': the year must be 0001 or later")
    if month is not None and not 1 <= month <= 12:
        raise DateError(f"'{text}' is not a date: the month must be 01 to 12")
    if day is not None:
        days = calendar.monthrange(year, month)[1]
        if not 1 <= day <= days:
            raise DateError(f"'{text}' is not a date: {MONTH_NAMES[month - 1]} {year} "
                            f"has {days} days")
    return PartialDate(year, month, day)


def format_date(date: PartialDate) -> str:
    """'29 March 2022', 'April 2022' or '2022', as precise as the date is."""
    if date.day:
        return f"{date.day} {MONTH_NAMES[date.month - 1]} {date.year}"
    if date.month:
        return f"{MONTH_NAMES[date.month - 1]} {date.year}"
    return str(date.year)


def format_range(start: PartialDate, end: PartialDate | None) -> str:
    """A date or a range, sharing what the two ends share: '23–25 May 2025'."""
    if end is None or end == start:
        return format_date(start)
    same_precision = start.precision == end.precision
    if same_precision and start.precision == "day" and start.year == end.year:
        if start.month == end.month:
            return f"{start.day}\u2013{end.day} {MONTH_NAMES[end.month - 1]} {end.year}"
        return (f"{start.day} {MONTH_NAMES[start.month - 1]} \u2013 "
                f"{end.day} {MONTH_NAMES[end.month - 1]} {end.year}")
    if same_precision and start.precision == "month" and start.year == end.year:
        return f"{MONTH_NAMES[start.month - 1]}\u2013{MONTH_NAMES[end.month - 1]} {end.year}"
    first, last = format_date(start), format_date(end)
    # An en dash between single words ('2005–2008'); spaced when either side has spaces.
    dash = " \u2013 " if " " in first or " " in last else "\u2013"
    return f"{first}{dash}{last}"
