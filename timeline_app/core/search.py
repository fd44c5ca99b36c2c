"""Search and filters over a timeline's events, Qt-free and fast enough to run per keystroke.

Each event's searchable text (title, summary, place, people, tags, excerpt quotes and notes)
is folded to lower case once; a query is then a few substring tests per event.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from timeline_app.core.model import Event, Timeline


def fold(text: str) -> str:
    """Lower case without accents, so 'dolmabahce' finds 'Dolmabahçe'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


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


class SearchIndex:
    """Folded text of every event of one timeline, in the timeline's date order."""

    def __init__(self, timeline: Timeline):
        self.events = timeline.events
        self.haystacks = [self._haystack(event, timeline) for event in timeline.events]

    @staticmethod
    def _haystack(event: Event, timeline: Timeline) -> str:
        parts = [event.title, event.summary, event.place, *event.people, *event.tags]
        for excerpt in event.excerpts:
            parts += [excerpt.quote, excerpt.note]
        track = timeline.track(event.track) if event.track else None
        if track:
            parts.append(track.name)
        return fold("\n".join(parts))

    def matching(self, event_filter: EventFilter) -> list[int]:
        """Positions (in date order) of the events the filter keeps."""
        terms = search_terms(event_filter.query)
        tracks, tags = event_filter.tracks, event_filter.tags
        if not terms and not tracks and not tags:
            return list(range(len(self.events)))
        found = []
        events = self.events
        for index, haystack in enumerate(self.haystacks):
            if terms and not all(term in haystack for term in terms):
                continue
            event = events[index]
            if tracks and event.track not in tracks:
                continue
            if tags and not tags.issubset(event.tags):
                continue
            found.append(index)
        return found
