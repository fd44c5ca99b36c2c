"""Dense periods of a timeline: runs of events separated by long empty stretches.

The bundled timeline has a busy spring 2022, a sparse 2023-2024 and a busy 2025; a view
fitted to everything leaves the busy months unreadable, so the viewer offers these periods
as places to jump to.
"""
from __future__ import annotations

from dataclasses import dataclass

from timeline_app.core.dates import PartialDate, format_range
from timeline_app.core.model import Timeline

MIN_GAP_DAYS = 45


@dataclass(frozen=True)
class Period:
    first_day: int          # proleptic ordinals (date.toordinal()), inclusive
    last_day: int
    count: int              # events in the period

    def label(self) -> str:
        import datetime
        start = datetime.date.fromordinal(self.first_day)
        end = datetime.date.fromordinal(self.last_day)
        return format_range(PartialDate(start.year, start.month),
                            PartialDate(end.year, end.month))


def dense_periods(timeline: Timeline) -> list[Period]:
    """Split the events where the gap to the next one exceeds max(45 days, 4% of the span)."""
    spans = sorted((e.date.first_day.toordinal(), e.last.last_day.toordinal())
                   for e in timeline.events)
    if not spans:
        return []
    total = max(end for _, end in spans) - spans[0][0]
    gap = max(MIN_GAP_DAYS, total * 0.04)
    periods = []
    first, last, count = spans[0][0], spans[0][1], 1
    for start, end in spans[1:]:
        if start - last > gap:
            periods.append(Period(first, last, count))
            first, last, count = start, end, 0
        last = max(last, end)
        count += 1
    periods.append(Period(first, last, count))
    return periods
