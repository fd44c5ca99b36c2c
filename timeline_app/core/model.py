"""The timeline as the rest of the app sees it: immutable values, events in date order."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from timeline_app.core.dates import PartialDate
from timeline_app.core.links import is_safe_link


def _quick_init(cls):
    """Gives a frozen, slotted dataclass an __init__ that fills each slot through the slot's
    own descriptor, where the dataclass's __init__ calls object.__setattr__ for each field
    (which looks the name up again): the same parameters, defaults and result, and about
    three times quicker. A 10,000-event load makes some 40,000 of these objects; building
    its Events took a third of checking them. Instances stay frozen: only __init__ is new.
    """
    fields = dataclasses.fields(cls)
    assert all(f.default_factory is dataclasses.MISSING and f.init for f in fields)
    assert not hasattr(cls, "__post_init__")
    namespace = {f"_set_{f.name}": cls.__dict__[f.name].__set__ for f in fields}
    namespace.update((f"_default_{f.name}", f.default) for f in fields
                     if f.default is not dataclasses.MISSING)
    parameters = ", ".join(f.name if f.default is dataclasses.MISSING else
                           f"{f.name}=_default_{f.name}" for f in fields)
    body = "".join(f"    _set_{f.name}(self, {f.name})\n" for f in fields)
    exec(f"def __init__(self, {parameters}):\n{body}", namespace)   # as dataclasses does
    quick = namespace["__init__"]
    quick.__qualname__ = f"{cls.__qualname__}.__init__"
    quick.__annotations__ = cls.__init__.__annotations__      # the usual one's
    cls.__init__ = quick
    return cls


@_quick_init
@dataclass(frozen=True, slots=True)
class Track:
    id: str
    name: str


@_quick_init
@dataclass(frozen=True, slots=True)
class Era:
    name: str
    start: PartialDate
    end: PartialDate


@_quick_init
@dataclass(frozen=True, slots=True)
class Article:
    id: str
    title: str
    publisher: str
    url: str
    author: str = ""
    date: PartialDate | None = None
    line: int = 0
    saved_text: str = ""     # a saved copy of the article's text, relative to the timeline file
    archive_url: str = ""    # an archived copy of the article (e.g. a web archive snapshot)

    @property
    def link(self) -> str | None:
        """The URL when it is safe to open in a browser, else None (it is still shown)."""
        return self.url if is_safe_link(self.url) else None

    @property
    def archive_link(self) -> str | None:
        """The archived copy's URL when it is safe to open, else None."""
        return self.archive_url if is_safe_link(self.archive_url) else None


@_quick_init
@dataclass(frozen=True, slots=True)
class Excerpt:
    article_id: str
    quote: str
    note: str = ""
    line: int = 0
    checked: bool = False    # found in its article's saved text by the loader


@_quick_init
@dataclass(frozen=True, slots=True)
class Event:
    id: str
    date: PartialDate
    title: str
    end: PartialDate | None = None
    place: str = ""
    people: tuple[str, ...] = ()
    track: str = ""
    tags: tuple[str, ...] = ()
    summary: str = ""
    excerpts: tuple[Excerpt, ...] = ()
    sources: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    line: int = 0        # first line of the event's block in the file
    end_line: int = 0    # last line of the block (for the editor to find it)

    @property
    def last(self) -> PartialDate:
        """The date the event ends on (its own date when it has no end)."""
        return self.end or self.date


@_quick_init
@dataclass(frozen=True, slots=True)
class Citation:
    """An event citing an article: with a quote (excerpt) or as a plain reference."""
    event: Event
    excerpt: Excerpt | None


@dataclass(frozen=True)
class Timeline:
    title: str
    events: tuple[Event, ...]                 # in date order (file order among equal dates)
    articles: tuple[Article, ...] = ()        # in file order
    tracks: tuple[Track, ...] = ()
    eras: tuple[Era, ...] = ()
    description: str = ""
    _events_by_id: dict = field(default_factory=dict, repr=False, compare=False)
    _articles_by_id: dict = field(default_factory=dict, repr=False, compare=False)
    _citations: dict = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self):
        # Lookups are built once here so every caller gets O(1) access by id.
        object.__setattr__(self, "_events_by_id", {e.id: e for e in self.events})
        object.__setattr__(self, "_articles_by_id", {a.id: a for a in self.articles})
        citations: dict[str, list[Citation]] = {a.id: [] for a in self.articles}
        for event in self.events:
            for excerpt in event.excerpts:
                citations.setdefault(excerpt.article_id, []).append(Citation(event, excerpt))
            for article_id in event.sources:
                citations.setdefault(article_id, []).append(Citation(event, None))
        object.__setattr__(self, "_citations", {k: tuple(v) for k, v in citations.items()})

    def event(self, event_id: str) -> Event | None:
        return self._events_by_id.get(event_id)

    def article(self, article_id: str) -> Article | None:
        return self._articles_by_id.get(article_id)

    def track(self, track_id: str) -> Track | None:
        return next((t for t in self.tracks if t.id == track_id), None)

    def citations_of(self, article_id: str) -> tuple[Citation, ...]:
        """Every event citing the article, in date order, with its excerpt if it quotes it."""
        return self._citations.get(article_id, ())

    @property
    def tags(self) -> tuple[str, ...]:
        return tuple(sorted({tag for event in self.events for tag in event.tags}))

