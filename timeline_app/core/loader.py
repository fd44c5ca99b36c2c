"""Load a timeline file: bytes -> text -> located YAML nodes -> checked, immutable Timeline.

Every problem in the file is reported at once, each with its line, column and YAML path.
The Timeline is returned only when there is no error; warnings never block loading.
"""
from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass

from timeline_app.core.dates import DateError, PartialDate, parse_date
from timeline_app.core.links import is_safe_link
from timeline_app.core.model import Article, Era, Event, Excerpt, Timeline, Track
from timeline_app.core.problems import ERROR, WARNING, Problem
from timeline_app.core.yaml_nodes import Mapping, Node, Scalar, Sequence, parse_nodes

MAX_FILE_BYTES = 64 * 1024 * 1024
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*")

TOP_KEYS = ("title", "description", "tracks", "eras", "articles", "events")
TRACK_KEYS = ("id", "name")
ERA_KEYS = ("name", "start", "end")
ARTICLE_KEYS = ("id", "title", "publisher", "author", "date", "url")
EVENT_KEYS = ("id", "date", "end", "title", "place", "people", "track", "tags", "summary",
              "excerpts", "sources", "related")
EXCERPT_KEYS = ("article", "quote", "note")


@dataclass(frozen=True)
class LoadResult:
    timeline: Timeline | None     # None when the file has errors
    problems: tuple[Problem, ...]
    path: str = ""

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.is_error)


class UnreadableFile(OSError):
    """The file cannot be opened at all (missing, a directory, no permission)."""


def load_path(path: str | os.PathLike) -> LoadResult:
    """Read and check a timeline file. Raises UnreadableFile when it cannot be read at all."""
    name = os.fspath(path)
    try:
        size = os.path.getsize(name)
        if size > MAX_FILE_BYTES:
            return _refused(name, f"the file is {size / 2**20:.0f} MiB; timelines are limited to "
                                  f"{MAX_FILE_BYTES // 2**20} MiB (is this the right file?)")
        with open(name, "rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except IsADirectoryError as err:
        raise UnreadableFile(f"{name}: is a folder, not a timeline file") from err
    except OSError as err:
        raise UnreadableFile(f"{name}: cannot be read: {err.strerror or err}") from err
    return load_bytes(data, name)


def load_bytes(data: bytes, path: str = "") -> LoadResult:
    """Check the bytes are UTF-8 text without NUL bytes, then load them."""
    if len(data) > MAX_FILE_BYTES:
        return _refused(path, f"the file is over {MAX_FILE_BYTES // 2**20} MiB; timelines are "
                              "limited to that size (is this the right file?)")
    nul = data.find(b"\0")
    if nul >= 0:
        line, column = _place_of_offset(data, nul)
        return _refused(path, "a NUL byte: this looks like a binary file, not a YAML timeline",
                        line, column)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line, column = _place_of_offset(data, err.start)
        return _refused(path, f"byte 0x{data[err.start]:02x} is not UTF-8 text; save the file "
                              "as UTF-8 in your editor", line, column)
    return load_text(text.removeprefix("\ufeff"), path)


def load_text(text: str, path: str = "") -> LoadResult:
    """Parse and check timeline YAML held in memory (the editor's buffer, a test's string)."""
    raw: list = []
    root = parse_nodes(text, raw)
    checker = _Checker(path, raw)
    timeline = checker.timeline(root)
    problems = tuple(sorted(checker.problems(), key=lambda p: (p.line, p.column)))
    if any(p.is_error for p in problems):
        timeline = None
    return LoadResult(timeline, problems, path)


def _refused(path: str, message: str, line: int = 1, column: int = 1) -> LoadResult:
    return LoadResult(None, (Problem(ERROR, message, line, column, "", path),), path)


def _place_of_offset(data: bytes, offset: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", "replace")) + 1
    return data.count(b"\n", 0, offset) + 1, column


class _Checker:
    """Reads the node tree against the timeline schema, collecting every problem."""

    def __init__(self, path: str, raw: list):
        self.path = path
        self.raw = raw
        self.track_nodes: dict[str, tuple[Mapping, str]] = {}
        # What the file refers to, also from events that have errors, so that one mistake
        # does not also produce "unused" warnings about what it names.
        self.named: set[str] = set()

    def problems(self) -> list[Problem]:
        return [Problem(sev, msg, line, col, where, self.path)
                for sev, msg, line, col, where in self.raw]

    def error(self, node, message: str, where: str):
        self.raw.append((ERROR, message, node.line, node.column, where))

    def warn(self, node, message: str, where: str):
        self.raw.append((WARNING, message, node.line, node.column, where))

    # -- generic readers -------------------------------------------------------------------

    def check_keys(self, mapping: Mapping, known: tuple[str, ...], where: str):
        for name, key in mapping.keys.items():
            if name not in known:
                close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
                hint = f"; did you mean '{close[0]}'?" if close else \
                    f"; known keys here: {', '.join(known)}"
                self.warn(key, f"unknown key '{name}' is ignored{hint}", _join(where, name))

    def mapping(self, node: Node | None, where: str, what: str) -> Mapping | None:
        if isinstance(node, Mapping):
            return node
        if node is not None:
            self.error(node, f"{what} should be a mapping of 'key: value' lines", where)
        return None

    def sequence(self, mapping: Mapping, key: str, where: str) -> list[Node]:
        node = mapping.items.get(key)
        if node is None or (isinstance(node, Scalar) and node.value == "" and node.plain):
            return []
        if not isinstance(node, Sequence):
            self.error(node, f"'{key}' should be a list (lines starting with '- ', or "
                             f"[a, b])", _join(where, key))
            return []
        return node.items

    def text(self, mapping: Mapping, key: str, where: str, required: bool = False) -> str:
        node = mapping.items.get(key)
        if node is None:
            if required:
                self.error(mapping, f"'{key}' is missing; add '{key}: ...'", where)
            return ""
        if not isinstance(node, Scalar):
            self.error(node, f"'{key}' should be text, not a list or mapping", _join(where, key))
            return ""
        value = node.value.strip()
        if required and not value:
            self.error(node, f"'{key}' is empty; write a {key}", _join(where, key))
        return value

    def texts(self, mapping: Mapping, key: str, where: str) -> tuple[str, ...]:
        return tuple(value for value, _node, _at in self.located_texts(mapping, key, where))

    def located_texts(self, mapping: Mapping, key: str, where: str) -> list[tuple]:
        """(text, node, yaml path) for each item of a list of texts; reports other items."""
        found = []
        for index, item in enumerate(self.sequence(mapping, key, where)):
            at = f"{_join(where, key)}[{index}]"
            if isinstance(item, Scalar) and item.value.strip():
                found.append((item.value.strip(), item, at))
            else:
                self.error(item, f"each item of '{key}' should be a piece of text", at)
        return found

    def identifier(self, mapping: Mapping, key: str, where: str, required: bool = True) -> str:
        value = self.text(mapping, key, where, required)
        if value and not ID_PATTERN.fullmatch(value):
            self.error(mapping.items[key], f"'{value}' is not a valid id: use lowercase letters, "
                       "digits and '-', starting with a letter or digit (e.g. 'istanbul-talks')",
                       _join(where, key))
            return ""
        return value

    def date(self, mapping: Mapping, key: str, where: str, required: bool) -> PartialDate | None:
        value = self.text(mapping, key, where, required)
        if not value:
            return None
        try:
            return parse_date(value)
        except DateError as err:
            self.error(mapping.items[key], str(err), _join(where, key))
            return None

    def unique(self, seen: dict, value: str, mapping: Mapping, what: str, where: str) -> bool:
        if not value:
            return False
        if value in seen:
            self.error(mapping.items["id"], f"duplicate {what} id '{value}' (first used at line "
                       f"{seen[value]}); ids must be unique", _join(where, "id"))
            return False
        seen[value] = mapping.items["id"].line
        return True

    # -- the timeline ----------------------------------------------------------------------

    def timeline(self, root: Node | None) -> Timeline | None:
        if root is None:
            if not self.raw:
                self.raw.append((ERROR, "the file is empty; a timeline needs at least "
                                 "'title:' and 'events:'", 1, 1, ""))
            return None
        top = self.mapping(root, "", "the top level of a timeline")
        if top is None:
            return None
        self.check_keys(top, TOP_KEYS, "")
        title = self.text(top, "title", "", required=True)
        if "events" not in top.items:
            self.error(top, "'events' is missing; add 'events:' with a list of events", "")
        tracks = self.tracks(top)
        articles = self.articles(top)
        eras = self.eras(top)
        events = self.events(top, {t.id for t in tracks}, {a.id for a in articles})
        self.check_usage(tracks, articles)
        events.sort(key=lambda event: event.date.sort_key())
        return Timeline(title=title, events=tuple(events), articles=tuple(articles),
                        tracks=tuple(tracks), eras=tuple(eras),
                        description=self.text(top, "description", ""))

    def tracks(self, top: Mapping) -> list[Track]:
        tracks, seen = [], {}
        for index, node in enumerate(self.sequence(top, "tracks", "")):
            where = f"tracks[{index}]"
            item = self.mapping(node, where, "a track")
            if item is None:
                continue
            self.check_keys(item, TRACK_KEYS, where)
            track_id = self.identifier(item, "id", where)
            name = self.text(item, "name", where, required=True)
            if self.unique(seen, track_id, item, "track", where):
                tracks.append(Track(track_id, name or track_id))
                self.track_nodes[track_id] = (item, where)
        return tracks

    def eras(self, top: Mapping) -> list[Era]:
        eras = []
        for index, node in enumerate(self.sequence(top, "eras", "")):
            where = f"eras[{index}]"
            item = self.mapping(node, where, "an era")
            if item is None:
                continue
            self.check_keys(item, ERA_KEYS, where)
            name = self.text(item, "name", where, required=True)
            start = self.date(item, "start", where, required=True)
            end = self.date(item, "end", where, required=True)
            if start and end and end.last_day < start.first_day:
                self.error(item.items["end"], f"the era ends ({end.iso()}) before it starts "
                           f"({start.iso()})", _join(where, "end"))
            elif name and start and end:
                eras.append(Era(name, start, end))
        return eras

    def articles(self, top: Mapping) -> list[Article]:
        articles, seen = [], {}
        for index, node in enumerate(self.sequence(top, "articles", "")):
            where = f"articles[{index}]"
            item = self.mapping(node, where, "an article")
            if item is None:
                continue
            self.check_keys(item, ARTICLE_KEYS, where)
            article_id = self.identifier(item, "id", where)
            title = self.text(item, "title", where, required=True)
            publisher = self.text(item, "publisher", where, required=True)
            url = self.text(item, "url", where, required=True)
            if url and not is_safe_link(url):
                self.warn(item.items["url"], f"'{url}' is not an http or https address with a "
                          "host; it is shown but never opened", _join(where, "url"))
            article = Article(article_id, title, publisher, url,
                              author=self.text(item, "author", where),
                              date=self.date(item, "date", where, required=False),
                              line=item.line)
            if self.unique(seen, article_id, item, "article", where):
                articles.append(article)
        return articles

    def events(self, top: Mapping, track_ids: set, article_ids: set) -> list[Event]:
        events, seen = [], {}
        nodes = self.sequence(top, "events", "")
        # `related` may name a later event, so every id is known before any event is read.
        event_ids = {node.items["id"].value.strip() for node in nodes
                     if isinstance(node, Mapping) and isinstance(node.items.get("id"), Scalar)}
        for index, node in enumerate(nodes):
            where = f"events[{index}]"
            item = self.mapping(node, where, "an event")
            if item is not None:
                event = self.event(item, where, track_ids, article_ids, event_ids)
                if event is not None and self.unique(seen, event.id, item, "event", where):
                    events.append(event)
        return events

    def event(self, item: Mapping, where: str, track_ids: set, article_ids: set,
              event_ids: set) -> Event | None:
        self.check_keys(item, EVENT_KEYS, where)
        event_id = self.identifier(item, "id", where)
        date = self.date(item, "date", where, required=True)
        end = self.date(item, "end", where, required=False)
        title = self.text(item, "title", where, required=True)
        if date and end and end.last_day < date.first_day:
            self.error(item.items["end"], f"'end' ({end.iso()}) is before 'date' "
                       f"({date.iso()})", _join(where, "end"))
        track = self.text(item, "track", where)
        self.named.add(f"track:{track}")
        if track and track not in track_ids:
            self.error(item.items["track"], f"track '{track}' is not defined under 'tracks'"
                       f"{_suggest(track, track_ids)}", _join(where, "track"))
        excerpts = self.excerpts(item, where, article_ids)
        sources = self.references(item, "sources", where, article_ids, "article")
        related = self.references(item, "related", where, event_ids, "event")
        if "excerpts" not in item.items and "sources" not in item.items:
            self.warn(item.keys.get("id", item), "this event has neither excerpts nor sources; "
                      "add the articles that back it", where)
        fields = dict(place=self.text(item, "place", where),
                      people=self.texts(item, "people", where),
                      tags=self.texts(item, "tags", where),
                      summary=self.text(item, "summary", where))
        if not (event_id and date and title):
            return None
        return Event(id=event_id, date=date, end=end, title=title, track=track,
                     excerpts=excerpts, sources=sources, related=related,
                     line=item.line, end_line=item.end_line, **fields)

    def excerpts(self, event: Mapping, where: str, article_ids: set) -> tuple[Excerpt, ...]:
        excerpts = []
        for index, node in enumerate(self.sequence(event, "excerpts", where)):
            at = f"{where}.excerpts[{index}]"
            item = self.mapping(node, at, "an excerpt")
            if item is None:
                continue
            self.check_keys(item, EXCERPT_KEYS, at)
            article = self.text(item, "article", at, required=True)
            self.named.add(f"article:{article}")
            quote = self.text(item, "quote", at, required=True)
            if article and article not in article_ids:
                self.error(item.items["article"], f"article '{article}' is not defined under "
                           f"'articles'{_suggest(article, article_ids)}", _join(at, "article"))
            elif article and quote:
                excerpts.append(Excerpt(article, quote, self.text(item, "note", at), item.line))
        return tuple(excerpts)

    def references(self, item: Mapping, key: str, where: str, known: set,
                   what: str) -> tuple[str, ...]:
        """The ids listed under `key`, each of which must name a known `what`."""
        values = []
        for value, node, at in self.located_texts(item, key, where):
            self.named.add(f"{what}:{value}")
            if value in known:
                values.append(value)
            else:
                self.error(node, f"{what} '{value}' is not defined under '{what}s'"
                           f"{_suggest(value, known)}", at)
        return tuple(values)

    def check_usage(self, tracks, articles):
        for track in tracks:
            if f"track:{track.id}" not in self.named:
                node, where = self.track_nodes[track.id]
                self.warn(node, f"track '{track.id}' is not used by any event", where)
        for index, article in enumerate(articles):
            if f"article:{article.id}" not in self.named:
                self.raw.append((WARNING, f"article '{article.id}' is not cited by any event",
                                 article.line, 1, f"articles[{index}]"))


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _suggest(value: str, known: set) -> str:
    close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""
