"""How far a load has got, told to a callback a hundred times at most.

A reading of a file parses it (libyaml's events, by their place in the text), then checks
what it parsed (by the articles and events done): each stage has its share of the reading.
The quick reading (see yaml_nodes.PlacesNeeded) does not take the whole bar: when it meets a
problem, the file is read again with places kept, slower, and that second reading takes
what is left after the last fraction told, so that the fractions never go back and the bar
still moves while the second reading runs. A quick reading that succeeds ends on 1.0.
"""
from __future__ import annotations

import math
from typing import Callable

STEPS = 100


class Progress:
    """Tells `report(fraction)` how far the load has got: rising, from 0.0 to 1.0, each time
    it has grown by 1/STEPS at least (so at most STEPS + 1 times, whatever the file)."""

    __slots__ = ("report", "base", "share", "low", "high", "next", "told")

    def __init__(self, report: Callable[[float], None]):
        self.report = report
        self.base, self.share = 0.0, 1.0   # where the current reading starts, and its share
        self.low, self.high = 0.0, 1.0     # the current stage's part of the bar
        self.next = 0.0      # the least fraction worth telling
        self.told = 0.0      # the last fraction told

    def reading(self, share: float) -> None:
        """A reading starts: it takes `share` (0.0..1.0) of what is left of the bar."""
        self.base = self.told
        self.share = share * (1.0 - self.told)

    def stage(self, low: float, high: float) -> None:
        """The next stage's part of the current reading (0.0..1.0 of the reading)."""
        self.low, self.high = self.base + low * self.share, self.base + high * self.share

    def due(self, whole: float) -> float:
        """How much of `whole` (the current stage's work, in any unit) must be done before
        the next fraction is worth telling: a caller calls at() only then, which keeps a
        loop that runs once per list or event cheap."""
        span = self.high - self.low
        return whole * (self.next - self.low) / span if span > 0 else math.inf

    def at(self, part: float) -> None:
        """The current stage is `part` (0.0..1.0) done."""
        fraction = self.low + min(part, 1.0) * (self.high - self.low)
        if fraction >= self.next:
            self.tell(fraction)

    def done(self) -> None:
        """The load is over (also when it stopped at an error)."""
        if self.told < 1.0:
            self.tell(1.0)

    def tell(self, fraction: float) -> None:
        self.next = fraction + 1.0 / STEPS
        self.told = fraction
        self.report(fraction)
