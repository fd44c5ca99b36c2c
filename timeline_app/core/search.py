"""Search and filters over a timeline's events, Qt-free and fast enough to run per keystroke.

Each event's searchable text (title, summary, place, people, tags, excerpt quotes and notes)
is folded to lower case once; a query is then a few substring tests per event. Typing a
letter only ever narrows what the query before it found, so the index remembers the last
few results and tests only the events of the closest one.

A query is read the way people write it:
- A date or period in it ("2025", "May 2025", "16 May", "2022-03", "29 March 2022") keeps the
  events whose span (date to end, at their own precision) overlaps that period: an event dated
  "May 2025" is found by "2025", "May 2025" and "16 May 2025". A bare four-digit number is a
  year only within the timeline's years, so "1000" still finds the exchange of 1,000 prisoners.
- The other words must each be found in an event's text. When a word is not found as typed,
  the words of the timeline spelt like it are tried too: the same transliteration (Zelenskyy,
  Zelenskiy and Zelensky; Podolyak and Podoliak) or, for words of five letters or more, one
  typo away. Events found that way are "similar": listed after the exact matches.
"""
from __future__ import annotations

import calendar
import datetime
import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from rapidfuzz import process
from rapidfuzz.distance import OSA

from timeline_app.core.dates import MONTH_NAMES, DateError, PartialDate, format_date, parse_date
from timeline_app.core.model import Article, Event, Timeline

# Results kept for narrowing: enough for every keystroke of a long query, typed and erased
# again (each entry holds up to one position per event).
_REMEMBERED_RESULTS = 16
_REMEMBERED_SPELLINGS = 256
_TYPO_MIN_LETTERS = 5       # "one typo in longer words": 'kyiv'/'kiev' are different words
_SPELLING_MIN_LETTERS = 4


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


_DOUBLED = re.compile(r"(.)\1+")
_SOFT_VOWELS = (("ya", "ia"), ("yu", "iu"), ("yo", "io"), ("ye", "ie"))
_Y_ENDING = re.compile(r"(?:iy|yi|ij|yj|i)$")


def spelling_key(word: str) -> str:
    """What the usual transliterations of a (folded) name share: doubled letters once, 'ya'
    as 'ia', and the endings -iy, -yi, -ij, -i as -y. Zelenskyy, Zelenskiy and Zelensky all
    give 'zelensky'; Skibitskyi and Skibitsky 'skibitsky'; Podolyak and Podoliak 'podoliak'."""
    key = _DOUBLED.sub(r"\1", word)
    for written, kept in _SOFT_VOWELS:
        key = key.replace(written, kept)
    return _Y_ENDING.sub("y", key)


# ---- dates in a query ---------------------------------------------------------------------

_MONTHS = {name.lower(): number for number, name in enumerate(MONTH_NAMES, 1)}
_MONTHS.update({name[:3].lower(): number for number, name in enumerate(MONTH_NAMES, 1)})
_MONTHS["sept"] = 9
_DAY = re.compile(r"([0-9]{1,2})(?:st|nd|rd|th)?")
_YEAR = re.compile(r"[0-9]{4}")
_ISO = re.compile(r"[0-9]{4}-[0-9]{1,2}(?:-[0-9]{1,2})?")


@dataclass(frozen=True)
class Period:
    """A stretch of time a query asks for: a year, a month or a day, or a day of any year."""
    start: PartialDate | None = None        # None: `month` and `day` of any year
    month: int = 0
    day: int = 0

    def label(self) -> str:
        """'May 2025', '29 March 2022', '2025' or '16 May (any year)'."""
        if self.start is not None:
            return format_date(self.start)
        return f"{self.day} {MONTH_NAMES[self.month - 1]} (any year)"

    def phrase(self) -> str:
        """How the list says it: 'in May 2025', 'on 29 March 2022', 'on 16 May (any year)'."""
        single_day = self.start is None or self.start.day
        return f"{'on' if single_day else 'in'} {self.label()}"

    def days(self, years: range) -> list[tuple[int, int]]:
        """The period's days as ordinal ranges (inclusive, in order): one, or one a year of
        `years` for a day of any year."""
        if self.start is not None:
            return [(self.start.first_day.toordinal(), self.start.last_day.toordinal())]
        days = [datetime.date(year, self.month, self.day).toordinal() for year in years
                if self.day <= calendar.monthrange(year, self.month)[1]]
        return [(day, day) for day in days]


@dataclass(frozen=True)
class Query:
    """A query as understood: the period it names (if any) and the words left to find."""
    words: tuple[str, ...] = ()
    period: Period | None = None


def _day_and_month(day: str, month: str) -> tuple[int, int] | None:
    day_match, number = _DAY.fullmatch(day), _MONTHS.get(month)
    if not day_match or not number:
        return None
    day_number = int(day_match[1])
    return (day_number, number) if 1 <= day_number <= (29 if number == 2 else
                                                        calendar.monthrange(2001, number)[1]) \
        else None


def _dated(year: int, month: int, day: int = 0) -> Period | None:
    try:
        return Period(parse_date(f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")))
    except DateError:
        return None


def _period_at(tokens: list[str], i: int, years: range) -> tuple[Period, int] | None:
    """The period the tokens from i on start with, and how many tokens it takes."""
    first = tokens[i]
    after = tokens[i + 1:i + 3] + ["", ""]
    if _ISO.fullmatch(first):
        try:
            return Period(parse_date(first)), 1
        except DateError:
            return None
    year_after = after[0] if _YEAR.fullmatch(after[0]) else ""
    # "16 May [2025]" and "May 16 [2025]"
    for day, month, year in ((first, after[0], after[1]), (after[0], first, after[1])):
        found = _day_and_month(day, month)
        if found:
            if _YEAR.fullmatch(year):
                period = _dated(int(year), found[1], found[0])
                return (period, 3) if period else None
            return Period(None, found[1], found[0]), 2
    # "May 2025" and "2025 May"
    if first in _MONTHS and year_after:
        return _dated(int(year_after), _MONTHS[first]), 2
    if _YEAR.fullmatch(first) and after[0] in _MONTHS:
        return _dated(int(first), _MONTHS[after[0]]), 2
    if _YEAR.fullmatch(first) and int(first) in years:
        return Period(PartialDate(int(first))), 1
    return None


def parse_query(text: str, years: range = range(0)) -> Query:
    """Split a query into the period it names (the first one) and its other words. `years`:
    the years a bare four-digit number is read as (the timeline's); other numbers are words."""
    tokens = [fold(word).strip(",.") for word in text.split()]
    tokens = [token for token in tokens if token]
    for i in range(len(tokens)):
        found = _period_at(tokens, i, years)
        if found and found[0] is not None:
            period, taken = found
            return Query(tuple(tokens[:i] + tokens[i + taken:]), period)
    return Query(tuple(tokens))


def article_text(article: Article) -> str:
    """What an article search looks in: title, publisher, author and web site, folded."""
    return fold("\n".join((article.title, article.publisher, article.author,
                           url_host(article.url).removeprefix("www."))))


def url_host(url: str) -> str:
    """The web site of a URL ('' when it has none or cannot be read)."""
    try:
        return urlsplit(url).hostname or ""
    except ValueError:      # a file's text can hold anything, such as 'http://[bad'
        return ""


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


@dataclass(frozen=True)
class Found:
    """What a search found: exact matches, then similar ones (each in date order)."""
    exact: list[int]
    similar: list[int] = field(default_factory=list)
    query: Query = Query()
    suggestion: str = ""        # "did you mean": the query with the spellings found instead
    spellings: tuple[str, ...] = ()     # the words of the text that similar events hold

    @property
    def positions(self) -> list[int]:
        return self.exact + self.similar if self.similar else self.exact


class SearchIndex:
    """Folded text of every event of one timeline, in the timeline's date order."""

    def __init__(self, timeline: Timeline):
        self.timeline = timeline
        self.events = timeline.events
        track_names = {track.id: track.name for track in timeline.tracks}
        self.haystacks = [self._haystack(event, track_names.get(event.track, ""))
                          for event in timeline.events]
        self._everything = list(range(len(self.events)))
        self._spans = [(e.date.first_day.toordinal(), e.last.last_day.toordinal())
                       for e in self.events]
        self.years = range(min(e.date.year for e in self.events),
                           max(e.last.year for e in self.events) + 1) if self.events else range(0)
        # Every word of the text and how many events hold it, by spelling key.
        self._word_counts = _word_counts(self.haystacks)
        self._keyed: dict[str, list[str]] = {}
        for word in self._word_counts:
            if len(word) >= _SPELLING_MIN_LETTERS:
                self._keyed.setdefault(spelling_key(word), []).append(word)
        self._keys = list(self._keyed)
        # Terms → positions of the events holding them all; the most recently used last.
        self._results: dict[frozenset[str], list[int]] = {}
        self._periods: dict[Period, list[int]] = {}
        self._spellings: dict[str, tuple[str, ...]] = {}

    @staticmethod
    def _haystack(event: Event, track_name: str) -> str:
        parts = [event.title, event.summary, event.place, *event.people, *event.tags]
        for excerpt in event.excerpts:
            parts += [excerpt.quote, excerpt.note]
        if track_name:
            parts.append(track_name)
        return fold("\n".join(parts))

    def matching(self, event_filter: EventFilter) -> list[int]:
        """Positions of the events the filter keeps: exact matches, then similar ones."""
        return self.search(event_filter).positions

    def search(self, event_filter: EventFilter) -> Found:
        query = parse_query(event_filter.query, self.years)
        exact = self._kept(self._containing(frozenset(query.words)), query, event_filter)
        similar, suggestion, spellings = self._similar(query, event_filter, exact)
        return Found(exact=list(exact), similar=similar, query=query,   # a copy: never hand
                     suggestion=suggestion, spellings=spellings)    # out a remembered list

    def _kept(self, found: list[int], query: Query, event_filter: EventFilter) -> list[int]:
        """The positions of `found` within the query's period, tracks and tags."""
        events, tracks, tags = self.events, event_filter.tracks, event_filter.tags
        if query.period is not None:
            in_period = self._in_period(query.period)
            if found is self._everything:
                found = in_period
            else:
                in_period = set(in_period)
                found = [i for i in found if i in in_period]
        if tracks:
            found = [i for i in found if events[i].track in tracks]
        if tags:
            found = [i for i in found if tags.issubset(events[i].tags)]
        return found

    def _in_period(self, period: Period) -> list[int]:
        found = self._periods.get(period)
        if found is None:
            if len(self._periods) >= _REMEMBERED_RESULTS:
                del self._periods[next(iter(self._periods))]
            found = self._periods[period] = overlapping(self._spans, period.days(self.years))
        return found

    # ---- similar spellings --------------------------------------------------------------

    def spellings_like(self, term: str) -> tuple[str, ...]:
        """Words of the text spelt like `term` but not containing it, most frequent first:
        the same spelling key, or (for longer words) one typo away from it."""
        found = self._spellings.get(term)
        if found is None:
            found = ()
            if len(term) >= _SPELLING_MIN_LETTERS and term.isalpha():
                key = spelling_key(term)
                keys = [key] if key in self._keyed else []
                if len(key) >= _TYPO_MIN_LETTERS:
                    keys += [other for other, _, _ in process.extract(
                        key, self._keys, scorer=OSA.distance, score_cutoff=1, limit=None)
                        if other != key]
                words = {word for other in keys for word in self._keyed[other] if term not in word}
                found = tuple(sorted(words, key=lambda w: (-self._word_counts[w], w)))
            if len(self._spellings) >= _REMEMBERED_SPELLINGS:
                del self._spellings[next(iter(self._spellings))]
            self._spellings[term] = found
        return found

    def _similar(self, query: Query, event_filter: EventFilter,
                 exact: list[int]) -> tuple[list[int], str, tuple[str, ...]]:
        """Events that match once words are read with their other spellings (not `exact`),
        the query with the spellings found (when nothing matched exactly), and the spellings."""
        alternatives = {term: self.spellings_like(term) for term in query.words}
        if not any(alternatives.values()):
            return [], "", ()
        found: set[int] | None = None
        for term, spellings in alternatives.items():
            holding = set(self._containing(frozenset({term})))
            for word in spellings:
                holding.update(self._containing(frozenset({word})))
            found = holding if found is None else found & holding
        found -= set(exact)
        similar = self._kept(sorted(found), query, event_filter) if found else []
        if not similar:
            return [], "", ()
        used = tuple(word for spellings in alternatives.values() for word in spellings)
        suggestion = ""
        if not exact:
            words = [spellings[0] if spellings and not self._containing(frozenset({term}))
                     else term for term, spellings in alternatives.items()]
            suggestion = " ".join(words + ([query.period.label()] if query.period else []))
        return similar, suggestion, used

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


_WORD = re.compile(r"[^\W\d_]+")


_WORD_COUNT_CHUNK = 2_000       # texts per C call


def _word_counts(texts: list[str]) -> Counter:
    """How often each word (letters only) occurs in the texts. Splitting at spaces first and
    reading words from the few distinct pieces is twice as fast as a regex over everything
    (35 ms instead of 65 at 10,000 events)."""
    pieces: Counter = Counter()
    # In chunks: one C call over all the texts of 100,000 events holds the GIL, and so
    # freezes the window while a worker builds the index, for 0.3-0.75 s; a chunk ~10 ms.
    for start in range(0, len(texts), _WORD_COUNT_CHUNK):
        pieces.update("\n".join(texts[start:start + _WORD_COUNT_CHUNK]).split())
    counts: Counter = Counter()
    for piece, count in pieces.items():
        for word in _WORD.findall(piece):
            counts[word] += count
    return counts


def overlapping(spans: list[tuple[int, int]], days: list[tuple[int, int]]) -> list[int]:
    """Positions of the spans (first, last day) that overlap any of `days` (sorted ranges)."""
    if len(days) == 1:
        (start, end), = days
        return [i for i, (first, last) in enumerate(spans) if first <= end and start <= last]
    ends = [end for _, end in days]
    found = []
    for i, (first, last) in enumerate(spans):
        n = bisect_left(ends, first)         # the first range not over before this span starts
        if n < len(days) and days[n][0] <= last:
            found.append(i)
    return found
