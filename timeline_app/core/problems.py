"""Problems found in a timeline file, each with its place, so a person can go and fix it."""
from __future__ import annotations

import heapq
from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"
# Problems kept for a file; the rest are only counted, so that a file with a million of them
# costs neither the memory to hold them nor the time to show them.
MAX_PROBLEMS = 1000


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong (error) or suspicious (warning) at a line and column (both from 1)."""

    severity: str
    message: str
    line: int
    column: int
    yaml_path: str = ""
    file: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def __str__(self) -> str:
        where = f" ({self.yaml_path})" if self.yaml_path else ""
        return (f"{self.file or '<text>'}:{self.line}:{self.column}: {self.severity}: "
                f"{self.message}{where}")


class ProblemList:
    """The problems found in a file as (severity, message, line, column, yaml_path) tuples,
    added in any order: the first `limit` of them in file order are kept, the rest counted.

    Iterating gives the kept ones by line and column (those at one place in the order they
    were added); len() counts all of them. keeps() tells a caller whether a problem at a
    place would be kept, so that it can skip making a costly message for one that would not.
    result() is what a reader of the file is shown: the kept ones, with the first error
    among them even when a thousand warnings come before it.
    """

    def __init__(self, limit: int = MAX_PROBLEMS):
        self.limit = limit
        # A heap whose top is the kept problem that comes last in the file: entries are
        # (-line, -column, -order, problem), order counting the problems added.
        self._kept: list = []
        self._added = 0
        self._first_error = None    # the entry of the error placed first, kept or not
        self.more_errors = 0        # problems not kept, by severity
        self.more_warnings = 0

    def keeps(self, line: int, column: int) -> bool:
        kept = self._kept
        return len(kept) < self.limit or (line, column) < (-kept[0][0], -kept[0][1])

    def append(self, problem: tuple) -> None:
        self._added += 1
        entry = (-problem[2], -problem[3], -self._added, problem)
        if problem[0] == ERROR and (self._first_error is None or entry > self._first_error):
            self._first_error = entry
        kept = self._kept
        if len(kept) < self.limit:
            heapq.heappush(kept, entry)
            return
        if entry > kept[0]:      # comes before the last one kept: keep it instead
            entry = heapq.heapreplace(kept, entry)
        self.count(entry[3][0])

    def count(self, severity: str, number: int = 1) -> None:
        """`number` more problems that are not kept."""
        if severity == ERROR:
            self.more_errors += number
        else:
            self.more_warnings += number

    def extend(self, problems) -> None:
        if isinstance(problems, ProblemList):
            self.more_errors += problems.more_errors
            self.more_warnings += problems.more_warnings
            first_error = problems._first_error
            if first_error is not None and first_error not in problems._kept:
                self.more_errors -= 1       # counted there, added here
                self.append(first_error[3])
        for problem in problems:
            self.append(problem)

    def has_errors(self) -> bool:
        return self._first_error is not None

    def result(self) -> tuple[list[tuple], int, int]:
        """(the problems kept, in order; how many more errors; how many more warnings), the
        first error always among those kept: when only warnings were kept, it takes the
        place of the last of them."""
        kept = sorted(self._kept, reverse=True)
        more_errors, more_warnings = self.more_errors, self.more_warnings
        first_error = self._first_error
        if first_error is not None and first_error not in kept:    # (then none is kept)
            kept[-1] = first_error
            more_errors, more_warnings = more_errors - 1, more_warnings + 1
        return [entry[3] for entry in kept], more_errors, more_warnings

    def __len__(self) -> int:
        return len(self._kept) + self.more_errors + self.more_warnings

    def __iter__(self):
        return (entry[3] for entry in sorted(self._kept, reverse=True))
