"""Search and filters over a timeline's events, Qt-free and fast enough to run per keystroke.

Each event's searchable text (title, summary, place, people, tags, excerpt quotes and notes)
is folded to lower case once; a query is then a few substring tests per event. Typing a
letter only ever narrows what the query before it found, so the index remembers the last
few results and tests only the events of the closest one.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from timeline_app.core.model import Event, Timeline

# Results kept for narrowing: enough for every keystroke of a long query, typed and erased
# again (each entry holds up to one position per event).
_REMEMBERED_RESULTS = 16


class _WithoutMarks(dict):
    """A str.translate() table that drops combining marks (accents) and keeps the rest: each
    character is looked up once, then translate() runs at C speed."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_WITHOUT_MARKS = _WithoutMarks()


def fold(text: str) -> str:
    """Lower case without accents, so 'dolmabahce' finds 'Dolmabahçe'."""
    if text.isascii():      # most text: nothing to decompose, and casefold() is lower()
        return text.lower()
    return unicodedata.normalize("NFKD", text.casefold()).translate(_WITHOUT_MARKS)


def search_terms(query: str) -> list[str]:
    """The words of a query; every one must match (in any field) for an event to match."""
    return [fold(word) for word in query.split() if word]


@dataclass(frozen=True)
class EventFilter:
    """What the user asked to see: words to find, and tracks and tags to keep (empty: all)."""
    query: str = ""
    tracks: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()

    @property
    def is_active(self) -> bool:
        return bool(self.query.strip() or self.tracks or self.tags)

    def keeps_same_events(self, other: EventFilter) -> bool:
        """True when both keep the same events of any timeline, and mark the same words:
        the queries differ at most in spaces, case, accents or the order of the words."""
        return (self.tracks == other.tracks and self.tags == other.tags
                and set(search_terms(self.query)) == set(search_terms(other.query)))


class SearchIndex:
    """Folded text of every event of one timeline, in the timeline's date order."""

    def __init__(self, timeline: Timeline):
        self.timeline = timeline
        self.events = timeline.events
        track_names = {track.id: track.name for track in timeline.tracks}
        self.haystacks = [self._haystack(event, track_names.get(event.track, ""))
                          for event in timeline.events]
        self._everything = list(range(len(self.events)))
        # Terms → positions of the events holding them all; the most recently used last.
        self._results: dict[frozenset[str], list[int]] = {}

    @staticmethod
    def _haystack(event: Event, track_name: str) -> str:
        parts = [event.title, event.summary, event.place, *event.people, *event.tags]
        for excerpt in event.excerpts:
            parts += [excerpt.quote, excerpt.note]
        if track_name:
            parts.append(track_name)
        return fold("\n".join(parts))

    def matching(self, event_filter: EventFilter) -> list[int]:
        """Positions (in date order) of the events the filter keeps."""
        found = self._containing(frozenset(search_terms(event_filter.query)))
        events, tracks, tags = self.events, event_filter.tracks, event_filter.tags
        if tracks:
            found = [i for i in found if events[i].track in tracks]
        if tags:
            found = [i for i in found if tags.issubset(events[i].tags)]
        return found if tracks or tags else found.copy()    # never hand out a remembered list

    def _containing(self, terms: frozenset[str]) -> list[int]:
        """Positions of the events whose text holds every term (shared: do not modify).

        When every term of an earlier query is part of a term of this one ('tal' of 'talks',
        'talks' of 'talks in'), only the events that query found can match: the smallest such
        result is narrowed by the terms it did not already test.
        """
        found = self._results.pop(terms, None)
        if found is None:
            found, tested = self._everything, frozenset()
            for earlier, result in self._results.items():
                if len(result) < len(found) and all(any(old in new for new in terms)
                                                    for old in earlier):
                    found, tested = result, earlier
            haystacks = self.haystacks
            for term in sorted(terms - tested, key=len, reverse=True):  # longest: fewest left
                found = [i for i in found if term in haystacks[i]]
            if len(self._results) >= _REMEMBERED_RESULTS:
                del self._results[next(iter(self._results))]
        self._results[terms] = found
        return found
