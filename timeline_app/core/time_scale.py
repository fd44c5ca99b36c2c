"""A condensed time axis: long quiet stretches folded so that busy periods get the room.

News timelines are bursty: months with an event every day, then a year with two. A TimeScale
maps days (date ordinals) to axis units and back, piecewise linearly: one unit per day outside
the folds, a fold's whole stretch squeezed into a few units. The events inside a fold keep
their order and are drawn there, closer together (a fold hides no event; it only changes the
scale, and the axis marks it as a break).

The rule (quiet_folds): a gap of at least QUIET_SHARE of the span (and at least MIN_GAP_DAYS)
between two consecutive event dates (starts or ends) is quiet; quiet gaps separated by at
most MAX_INSIDE events make one fold. A timeline is bursty, and condensed by default, when its
folds take away at least BURSTY_SAVING of the span.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

QUIET_SHARE = 0.045          # a quiet gap is at least this share of the whole span
MIN_GAP_DAYS = 60           # ... and at least two months
MAX_INSIDE = 2              # events between two quiet gaps that still make one fold
FOLD_SHARE = 0.07           # a fold's width: this share of the unfolded span ...
EVENT_SHARE = 0.03          # ... and this much more per event inside (up to five)
BURSTY_SAVING = 1 / 3       # condensed by default when folding saves this share of the span
MIN_EVENTS = 8              # fewer events than this are never folded


@dataclass(frozen=True, slots=True)
class Fold:
    """A folded stretch: days first_day (inclusive) to last_day (exclusive), drawn from axis
    unit `start` to `end`, holding `events` events."""
    first_day: float
    last_day: float
    start: float
    end: float
    events: int

    @property
    def days(self) -> float:
        return self.last_day - self.first_day

    def length_text(self, short: bool = False) -> str:
        """"≈ 9 months", "≈ 1 year 7 months"; short: "≈ 19 mo"."""
        months = round(self.days / 30.44)
        if months < 2:
            return f"\u2248 {round(self.days / 7)} {'wk' if short else 'weeks'}"
        if short:
            return f"\u2248 {months} mo"
        years, months = divmod(months, 12)
        parts = ([f"{years} year{'s' * (years != 1)}"] if years else []) + \
                ([f"{months} month{'s' * (months != 1)}"] if months else [])
        return "\u2248 " + " ".join(parts)

    def describe(self) -> str:
        """"≈ 9 months, 2 events"."""
        count = {0: "no events", 1: "1 event"}.get(self.events, f"{self.events:,} events")
        return f"{self.length_text()}, {count}"


class TimeScale:
    """A piecewise-linear, increasing map between days and axis units; without folds, the
    identity."""

    def __init__(self, folds: Iterable[tuple[float, float, float, int]] = (), span: float = 0.0):
        """folds: (first_day, last_day, width in units, events), in order, not overlapping;
        span: the days of the whole timeline, for saving()."""
        self._span = span
        made: list[Fold] = []
        shift = 0.0                 # units taken away by the folds so far
        for first, last, width, events in folds:
            start = first - shift
            made.append(Fold(first, last, start, start + width, events))
            shift += (last - first) - width
        self.folds = tuple(made)
        self._firsts = [fold.first_day for fold in made]
        self._starts = [fold.start for fold in made]

    def __bool__(self) -> bool:
        return bool(self.folds)

    def to_u(self, day: float) -> float:
        k = bisect_right(self._firsts, day) - 1
        if k < 0:
            return day
        fold = self.folds[k]
        if day < fold.last_day:
            return fold.start + (day - fold.first_day) * (fold.end - fold.start) / fold.days
        return fold.end + (day - fold.last_day)

    def to_day(self, u: float) -> float:
        k = bisect_right(self._starts, u) - 1
        if k < 0:
            return u
        fold = self.folds[k]
        if u < fold.end:
            return fold.first_day + (u - fold.start) * fold.days / (fold.end - fold.start)
        return fold.last_day + (u - fold.end)

    def plain_days(self, first_u: float, last_u: float) -> Iterator[tuple[float, float]]:
        """The stretches of days drawn to scale (outside the folds) between two units."""
        edge = first_u
        for fold in self.folds:
            if fold.end <= edge:
                continue
            if fold.start >= last_u:
                break
            if fold.start > edge:
                yield self.to_day(edge), fold.first_day
            edge = fold.end
        if edge < last_u:
            yield self.to_day(edge), self.to_day(last_u)

    def saving(self) -> float:
        """The share of the span the folds take away (0 without folds)."""
        if not self.folds:
            return 0.0
        taken = sum(fold.days - (fold.end - fold.start) for fold in self.folds)
        return taken / max(1.0, self._span)


def quiet_folds(spans: Iterable[tuple[float, float]]) -> TimeScale:
    """The scale folding the quiet stretches of events given as (first day, end day)."""
    spans = list(spans)
    if len(spans) < MIN_EVENTS:
        return TimeScale()
    moments = sorted({day for span in spans for day in span})
    starts = sorted(start for start, _ in spans)
    whole = moments[-1] - moments[0]
    least = max(whole * QUIET_SHARE, MIN_GAP_DAYS)
    runs: list[list[float]] = []            # [first moment, last moment] of each quiet run
    for before, after in zip(moments, moments[1:]):
        if after - before < least:
            continue
        if runs and _events_between(starts, runs[-1][1], before) <= MAX_INSIDE:
            runs[-1][1] = after
        else:
            runs.append([before, after])
    pad = least / 4
    stretches = [(round(first + pad), round(last - pad)) for first, last in runs]   # whole days
    plain = whole - sum(last - first for first, last in stretches)
    folds = []
    for first, last in stretches:
        events = _events_between(starts, first, last)
        width = min(last - first, plain * (FOLD_SHARE + EVENT_SHARE * min(events, 5)))
        folds.append((first, last, width, events))
    return TimeScale(folds, span=whole)


def _events_between(starts: list[float], first: float, last: float) -> int:
    """Events starting from `first` to `last` (sorted starts)."""
    return bisect_right(starts, last) - bisect_left(starts, first)
