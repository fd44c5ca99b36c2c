"""Which events an export holds: the same search and filters as the window's list, plus dates.

The search goes through core/search.py's SearchIndex, so `--search "talks in may 2025"` on the
command line keeps exactly the events the window's list shows for that text (exact matches and
the similar spellings it lists after them), here in date order.
"""
from __future__ import annotations

from collections.abc import Iterable

from timeline_app.core.dates import DateError, PartialDate, parse_date
from timeline_app.core.model import Article, Event, Timeline
from timeline_app.core.search import EventFilter, SearchIndex


def parse_bound(text: str) -> PartialDate:
    """A --from/--to date: YYYY, YYYY-MM or YYYY-MM-DD (raises DateError with the fix)."""
    return parse_date(text)


def select_events(timeline: Timeline, query: str = "", tags: Iterable[str] = (),
                  tracks: Iterable[str] = (), start: PartialDate | None = None,
                  end: PartialDate | None = None) -> list[Event]:
    """The events the filter keeps, in date order. Tags: an event must have every one (as the
    window's tag chips); tracks: any one. `start`/`end` keep the events whose span (date to
    end, at their precision) overlaps from the first day of `start` to the last day of `end`."""
    if start is not None and end is not None and end.last_day < start.first_day:
        raise DateError(f"the end date {end.iso()} is before the start date {start.iso()}")
    event_filter = EventFilter(query, frozenset(tracks), frozenset(tags))
    events = timeline.events
    if event_filter.is_active:
        events = [events[i] for i in sorted(SearchIndex(timeline).matching(event_filter))]
    first = start.first_day if start is not None else None
    last = end.last_day if end is not None else None
    if first is None and last is None:
        return list(events)
    return [event for event in events
            if (last is None or event.date.first_day <= last)
            and (first is None or first <= event.last.last_day)]


def article_ids_of(event: Event) -> list[str]:
    """The articles an event cites, quoted ones first, each once, in the file's order."""
    ids = dict.fromkeys(excerpt.article_id for excerpt in event.excerpts)
    ids.update(dict.fromkeys(event.sources))
    return list(ids)


def cited_articles(timeline: Timeline, events: Iterable[Event]) -> list[Article]:
    """The known articles the events cite, in the order of the timeline's list of articles."""
    cited = {article_id for event in events for article_id in article_ids_of(event)}
    return [article for article in timeline.articles if article.id in cited]
