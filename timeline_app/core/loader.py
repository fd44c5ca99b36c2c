"""Load a timeline file: bytes -> text -> located YAML nodes -> checked, immutable Timeline.

Every problem in the file is reported at once, each with its line, column and YAML path.
The Timeline is returned only when there is no error; warnings never block loading.
"""
from __future__ import annotations

import datetime
import difflib
import gc
import logging
import math
import os
import re
import threading
from contextlib import contextmanager
from dataclasses import dataclass

from timeline_app.core.dates import DateError, PartialDate, parse_date
from timeline_app.core.links import is_safe_link
from timeline_app.core.model import Article, Era, Event, Excerpt, Timeline, Track
from timeline_app.core.problems import ERROR, WARNING, Problem, ProblemList
from timeline_app.core.progress import Progress
from timeline_app.core.quote_check import SavedText, SavedTexts, closest_passage
from timeline_app.core.yaml_nodes import (EditorLines, Mapping, Node, PlacesNeeded, Scalar,
                                          Sequence, key_place, parse_document, value_place)

MAX_FILE_BYTES = 64 * 1024 * 1024
CHECK_FAILED = "the file could not be checked: an error in timeline_app itself"
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*")
# An address that is_safe_link() certainly accepts: http(s), a host of letters, digits, '.'
# and '-', then printable ASCII only. Checked first because is_safe_link() is slow.
_PLAIN_WEB_ADDRESS = re.compile(r"https?://[A-Za-z0-9.-]+(?:[/?#][!-~]*)?")


def _key_names(*names: str):
    """Keys known in one kind of mapping: in order for messages, and a set for quick checks."""
    return dict.fromkeys(names).keys()


TOP_KEYS = _key_names("title", "description", "tracks", "eras", "articles", "events")
TRACK_KEYS = _key_names("id", "name")
ERA_KEYS = _key_names("name", "start", "end")
ARTICLE_KEYS = _key_names("id", "title", "publisher", "author", "date", "url", "archive_url",
                          "saved_text")
EVENT_KEYS = _key_names("id", "date", "end", "title", "place", "people", "track", "tags",
                        "summary", "excerpts", "sources", "related")
EXCERPT_KEYS = _key_names("article", "quote", "note")


@dataclass(frozen=True)
class LoadResult:
    """What a load found. `problems` holds the first MAX_PROBLEMS (1,000) problems in file
    order; more_errors and more_warnings count those found beyond them, which are not kept
    (a window or the command line says "… and N more problems not shown")."""

    timeline: Timeline | None     # None when the file has errors, kept or not
    problems: tuple[Problem, ...]
    path: str = ""
    more_errors: int = 0
    more_warnings: int = 0

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The errors among the problems kept."""
        return tuple(p for p in self.problems if p.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """The warnings among the problems kept."""
        return tuple(p for p in self.problems if not p.is_error)

    @property
    def more_problems(self) -> int:
        """How many problems were found beyond those kept in `problems`."""
        return self.more_errors + self.more_warnings

    @property
    def error_count(self) -> int:
        """Every error found, kept or not."""
        return len(self.errors) + self.more_errors

    @property
    def warning_count(self) -> int:
        """Every warning found, kept or not."""
        return len(self.warnings) + self.more_warnings


class LoadCancelled(Exception):
    """Raised by a load's `progress` callback to stop the load; load_text() and load_path()
    then raise it in turn (and nothing else of the load is kept)."""


class UnreadableFile(OSError):
    """The file cannot be opened at all (missing, a directory, no permission), or is refused
    before parsing (binary, not UTF-8, too large): then `problem` says where."""

    def __init__(self, message: str, problem: Problem | None = None):
        super().__init__(message)
        self.problem = problem


def load_path(path: str | os.PathLike, *, progress=None) -> LoadResult:
    """Read and check a timeline file. Raises UnreadableFile when it cannot be read at all.

    progress: see load_text."""
    # The one reading point of files (only regular ones, never blocking); disk.py imports
    # this module for its limit and its messages, so it is imported here, when it is used.
    from timeline_app.core.disk import FileTooLarge, read_file
    name = os.fspath(path)
    try:
        data = read_file(name)[0]
    except FileTooLarge as err:
        return _refused(name, f"the file is {err.size / 2**20:.0f} MiB; timelines are limited "
                              f"to {MAX_FILE_BYTES // 2**20} MiB (is this the right file?)")
    return load_bytes(data, name, progress=progress)


def load_bytes(data: bytes, path: str = "", *, progress=None) -> LoadResult:
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
    return load_text(text.removeprefix("\ufeff"), path, progress=progress)


def load_text(text: str, path: str = "", *, careful: bool = False,
              progress=None) -> LoadResult:
    """Parse and check timeline YAML held in memory (the editor's buffer, a test's string).

    careful=True reads with places kept and with the careful readers alone, never the quick
    ones: slower, and the very same result. It exists so that tests can load every file both
    ways and compare, which keeps the two readers from drifting apart.

    progress, when given, is called as progress(fraction) from the loading thread, the
    fraction rising from 0.0 to 1.0, at most about a hundred times a load (see
    core/progress.py). If it raises LoadCancelled, the load stops and load_text raises it.

    Never raises otherwise: a bug of ours met on some text is logged and reported as a problem.
    """
    steps = Progress(progress) if progress is not None else None
    try:
        saved_texts = SavedTexts(path)     # read once for both readings, and for this load only
        with collector_paused():
            if careful:
                result = _load_text(text, path, keep_places=True, quick=False,
                                    saved_texts=saved_texts, progress=steps)
            else:
                result = _quick_then_careful(text, path, saved_texts, steps)
        if steps is not None:
            steps.done()
        return result
    except LoadCancelled:
        raise
    except Exception as error:     # (the tests' fuzzing looks for any such text)
        logging.getLogger(__name__).exception("loading %r failed", path)
        return _refused(path, f"{CHECK_FAILED} ({type(error).__name__}: {error}); please "
                              "report this")


def _quick_then_careful(text: str, path: str, saved_texts: SavedTexts,
                        progress: Progress | None) -> LoadResult:
    try:
        # Most files have no problem at all, and reading without places is much quicker.
        if progress is not None:
            progress.reading(_QUICK_READING_SHARE)
        return _load_text(text, path, keep_places=False, saved_texts=saved_texts,
                          progress=progress)
    except PlacesNeeded:
        pass    # (read again once out of the handler, whose traceback holds the nodes)
    if progress is not None:
        progress.reading(1.0)
    return _load_text(text, path, keep_places=True, saved_texts=saved_texts, progress=progress)


@contextmanager
def collector_paused():
    """Python's cyclic garbage collector off while a file is read, as it was after.

    Reading makes a node per list and mapping of the file (40,000 for 10,000 events) that all
    live until the timeline is built. The collector runs after every 700 new containers and
    now and then walks all of them again, looking for reference cycles that the nodes and the
    timeline never form: about a tenth of the time of a load. Memory is still freed as usual
    (by reference counting). Pauses nest and overlap across threads (the load worker, the
    index worker, the live check, the window's own check before a save): the first one turns
    the collector off, the last one to end turns it back on if it was on.
    """
    global _pauses, _enable_after_pauses
    with _pauses_lock:
        if _pauses == 0:
            _enable_after_pauses = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pauses_lock:
            _pauses -= 1
            if _pauses == 0 and _enable_after_pauses:
                gc.enable()


_pauses_lock = threading.Lock()
_pauses = 0                     # collector_paused() blocks running, in every thread
_enable_after_pauses = False    # whether the collector was on when the first of them began


# The part of a reading that parsing the YAML takes (checking takes the rest), and the share
# of the progress bar that a quick reading takes (see core/progress.py).
_READING_SHARE = 0.7
_QUICK_READING_SHARE = 0.8


def _load_text(text: str, path: str, keep_places: bool, quick: bool = True,
               saved_texts: SavedTexts | None = None,
               progress: Progress | None = None) -> LoadResult:
    raw = ProblemList()
    if saved_texts is None:
        saved_texts = SavedTexts(path)
    if progress is not None:
        progress.stage(0.0, _READING_SHARE)
    document = parse_document(text, raw, keep_places, progress)
    if progress is not None:
        progress.stage(_READING_SHARE, 1.0)
    checker = _Checker(path, raw, saved_texts, keep_places, quick, progress)
    timeline = checker.timeline(document)
    return checker.result(timeline)


def _refused(path: str, message: str, line: int = 1, column: int = 1) -> LoadResult:
    return LoadResult(None, (Problem(ERROR, message, line, column, "", path),), path)


def _place_of_offset(data: bytes, offset: int) -> tuple[int, int]:
    """(line, column) of a byte, lines as editors count them (see yaml_nodes.EditorLines)."""
    before = data[:offset].decode("utf-8", "replace")
    return EditorLines(before).place(len(before))


class _Checker:
    """Reads the node tree against the timeline schema, collecting every problem.

    Each problem is reported at a place, (line, column), found with yaml_nodes' value_place
    or key_place, or a container's own line and column. Without places kept, reporting any
    problem raises PlacesNeeded (see yaml_nodes), and the file is read again with them.

    Events and articles are read by quick_event() and quick_article() first (unless `quick`
    is false): they accept only what the careful readers (event(), article()) accept without
    a word, and leave anything else to them.
    """

    def __init__(self, path: str, raw: ProblemList, saved_texts: SavedTexts,
                 keep_places: bool, quick: bool = True, progress: Progress | None = None):
        self.path = path
        self.progress = progress
        self.items_to_read = 0      # the articles and events, for progress
        self.items_read = 0
        self.raw = raw
        self.saved_texts = saved_texts
        # The saved texts that quotes are checked against, by article id (the kept articles
        # whose saved text could be read).
        self.saved: dict[str, tuple[str, SavedText]] = {}
        self.keep_places = keep_places
        self.quick = quick
        self.track_nodes: dict[str, tuple[Mapping, str]] = {}
        # The tracks and articles the file refers to, also from events that have errors, so
        # that one mistake does not also produce "unused" warnings about what it names.
        self.named_tracks: set[str] = set()
        self.named_articles: set[str] = set()
        self.dates: dict[str, PartialDate] = {}     # each date text read so far

    def result(self, timeline: Timeline | None) -> LoadResult:
        kept, more_errors, more_warnings = self.raw.result()
        problems = tuple(Problem(severity, message, line, column, where, self.path)
                         for severity, message, line, column, where in kept)
        if self.raw.has_errors():
            timeline = None
        return LoadResult(timeline, problems, self.path, more_errors, more_warnings)

    def report(self, severity: str, place: tuple[int, int], message: str, where: str):
        if not self.keep_places:
            raise PlacesNeeded
        self.raw.append((severity, message, *place, where))

    def skips(self, severity: str, place: tuple[int, int]) -> bool:
        """Whether a problem at `place` would not be kept (see ProblemList): then it is only
        counted, and the caller need not make its message (a suggestion searches every id)."""
        if not self.keep_places:
            raise PlacesNeeded
        if self.raw.keeps(*place):
            return False
        self.raw.count(severity)
        return True

    def error(self, place: tuple[int, int], message: str, where: str):
        self.report(ERROR, place, message, where)

    def warn(self, place: tuple[int, int], message: str, where: str):
        self.report(WARNING, place, message, where)

    # -- generic readers -------------------------------------------------------------------

    def check_keys(self, mapping: Mapping, known, where: str):
        """Warn about keys not in `known` (one of the *_KEYS above)."""
        if mapping.keys() <= known:
            return
        for name in mapping:
            if name not in known and not self.skips(WARNING, key_place(mapping, name)):
                close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
                hint = f"; did you mean '{close[0]}'?" if close else \
                    f"; known keys here: {', '.join(known)}"
                self.warn(key_place(mapping, name), f"unknown key '{name}' is ignored{hint}",
                          _join(where, name))

    def mapping(self, parent: Mapping | Sequence, key, where: str, what: str) -> Mapping | None:
        """The node under parent[key] when it is a mapping; else reports it (if any)."""
        node = parent[key]
        if node.__class__ is Mapping:
            return node
        if node is not None:
            self.error(value_place(parent, key),
                       f"{what} should be a mapping of 'key: value' lines", where)
        return None

    def sequence(self, mapping: Mapping, key: str, where: str) -> Sequence | tuple:
        node = mapping.get(key)
        if node.__class__ is Sequence:
            return node
        if node is None or (node.__class__ is Scalar and node == ""):
            return ()      # `key:` with nothing after it (an empty *quoted* value is text)
        self.error(value_place(mapping, key), f"'{key}' should be a list (lines starting with "
                   f"'- ', or [a, b])", _join(where, key))
        return ()

    def text(self, mapping: Mapping, key: str, where: str, required: bool = False) -> str:
        node = mapping.get(key)
        if isinstance(node, Scalar):
            value = node.strip()
            if required and not value:
                self.error(value_place(mapping, key), f"'{key}' is empty; write a {key}",
                           _join(where, key))
            return value
        if node is None:
            if required:
                self.error((mapping.line, mapping.column), f"'{key}' is missing; add "
                           f"'{key}: ...'", where)
        else:
            self.error((node.line, node.column), f"'{key}' should be text, not a list or "
                       "mapping", _join(where, key))
        return ""

    def texts(self, mapping: Mapping, key: str, where: str) -> tuple[str, ...]:
        return tuple(value for _index, value in self.located_texts(mapping, key, where))

    def located_texts(self, mapping: Mapping, key: str, where: str) -> list[tuple[int, str]]:
        """(index, text) for each item of a list of texts; reports the other items."""
        items = self.sequence(mapping, key, where)
        found = []
        for index, item in enumerate(items):
            value = item.strip() if isinstance(item, Scalar) else ""
            if value:
                found.append((index, value))
            else:
                self.error(value_place(items, index), f"each item of '{key}' should be a "
                           "piece of text", f"{_join(where, key)}[{index}]")
        return found

    def identifier(self, mapping: Mapping, key: str, where: str, required: bool = True) -> str:
        value = self.text(mapping, key, where, required)
        if value and not ID_PATTERN.fullmatch(value):
            self.error(value_place(mapping, key), f"'{value}' is not a valid id: use lowercase "
                       "letters, digits and '-', starting with a letter or digit (e.g. "
                       "'istanbul-talks')", _join(where, key))
            return ""
        return value

    def date(self, mapping: Mapping, key: str, where: str, required: bool) -> PartialDate | None:
        value = self.text(mapping, key, where, required)
        if not value:
            return None
        try:
            return _read_date(value)
        except DateError as err:
            self.error(value_place(mapping, key), str(err), _join(where, key))
            return None

    def unique(self, seen: dict, value: str, mapping: Mapping, what: str, where: str) -> bool:
        """Whether `value`, the mapping's id, is new; `seen` maps ids to their mappings."""
        if not value:
            return False
        if value in seen:
            first_line = value_place(seen[value], "id")[0]
            self.error(value_place(mapping, "id"), f"duplicate {what} id '{value}' (first used "
                       f"at line {first_line}); ids must be unique", _join(where, "id"))
            return False
        seen[value] = mapping
        return True

    # -- the timeline ----------------------------------------------------------------------

    def timeline(self, document: Sequence | None) -> Timeline | None:
        if not document:
            if not self.raw:
                self.error((1, 1), "the file is empty; a timeline needs at least 'title:' and "
                           "'events:'", "")
            return None
        top = self.mapping(document, 0, "", "the top level of a timeline")
        if top is None:
            return None
        self.check_keys(top, TOP_KEYS, "")
        title = self.text(top, "title", "", required=True)
        if "events" not in top:
            self.error((top.line, top.column), "'events' is missing; add 'events:' with a list "
                       "of events", "")
        tracks = self.tracks(top)
        if self.progress is not None:
            self.items_to_read = sum(len(node) for node in (top.get("articles"),
                                                            top.get("events"))
                                     if node.__class__ is Sequence) or 1
        articles = self.articles(top)
        self.saved = {article.id: (article.saved_text, saved) for article in articles
                      if article.saved_text and (saved := self.saved_texts.get(
                          article.saved_text)).text is not None}
        eras = self.eras(top)
        events = self.events(top, {t.id for t in tracks}, {a.id for a in articles})
        self.check_usage(tracks, articles)
        events.sort(key=_date_order)
        return Timeline(title=title, events=tuple(events), articles=tuple(articles),
                        tracks=tuple(tracks), eras=tuple(eras),
                        description=self.text(top, "description", ""))

    def tracks(self, top: Mapping) -> list[Track]:
        tracks, seen = [], {}
        nodes = self.sequence(top, "tracks", "")
        for index in range(len(nodes)):
            where = f"tracks[{index}]"
            item = self.mapping(nodes, index, where, "a track")
            if item is None:
                continue
            self.check_keys(item, TRACK_KEYS, where)
            track_id = self.identifier(item, "id", where)
            name = self.text(item, "name", where, required=True)
            if self.unique(seen, track_id, item, "track", where):
                tracks.append(Track(id=track_id, name=name or track_id))
                self.track_nodes[track_id] = (item, where)
        return tracks

    def eras(self, top: Mapping) -> list[Era]:
        eras = []
        nodes = self.sequence(top, "eras", "")
        for index in range(len(nodes)):
            where = f"eras[{index}]"
            item = self.mapping(nodes, index, where, "an era")
            if item is None:
                continue
            self.check_keys(item, ERA_KEYS, where)
            name = self.text(item, "name", where, required=True)
            start = self.date(item, "start", where, required=True)
            end = self.date(item, "end", where, required=True)
            if start and end and _ends_before(end, start):
                self.error(value_place(item, "end"), f"the era ends ({end.iso()}) before it "
                           f"starts ({start.iso()})", _join(where, "end"))
            elif name and start and end:
                eras.append(Era(name=name, start=start, end=end))
        return eras

    def articles(self, top: Mapping) -> list[Article]:
        return self.read_items(self.sequence(top, "articles", ""), "article",
                               self.quick_article, self.article)

    def read_items(self, nodes: Sequence, kind: str, quick, careful) -> list:
        """The articles or events of a list: each read quickly when it is plainly valid, else
        the careful way, which reports what is wrong; the first of an id is kept."""
        found, seen = [], {}
        if not self.quick:
            quick = _read_nothing
        progress, done, total = self.progress, self.items_read, self.items_to_read
        due = progress.due(total) - done if progress is not None else math.inf
        for index, item in enumerate(nodes):
            if index >= due:
                progress.at((done + index) / total)
                due = progress.due(total) - done
            value = quick(item) if item.__class__ is Mapping else None
            if value is not None and value.id not in seen:
                seen[value.id] = item      # as unique() does
                found.append(value)
                continue
            where = f"{kind}s[{index}]"
            item = self.mapping(nodes, index, where, f"an {kind}")
            if item is not None:
                value = careful(item, where)
                # Also when the item has other errors: a duplicate id is one more problem.
                if self.unique(seen, _valid_id(item), item, kind, where) and value is not None:
                    found.append(value)
        self.items_read += len(nodes)
        return found

    def article(self, item: Mapping, where: str) -> Article:
        self.check_keys(item, ARTICLE_KEYS, where)
        article_id = self.identifier(item, "id", where)
        title = self.text(item, "title", where, required=True)
        publisher = self.text(item, "publisher", where, required=True)
        url = self.link(item, "url", where, required=True)
        archive_url = self.link(item, "archive_url", where)
        saved_text = self.text(item, "saved_text", where)
        if saved_text:
            self.check_saved_text(item, saved_text, where)
        return Article(id=article_id, title=title, publisher=publisher, url=url,
                       author=self.text(item, "author", where),
                       date=self.date(item, "date", where, required=False), line=item.line,
                       saved_text=saved_text, archive_url=archive_url)

    def link(self, item: Mapping, key: str, where: str, required: bool = False) -> str:
        url = self.text(item, key, where, required)
        if url and not (_PLAIN_WEB_ADDRESS.fullmatch(url) or is_safe_link(url)):
            self.warn(value_place(item, key), f"'{url}' is not an http or https address "
                      "with a host; it is shown but never opened", _join(where, key))
        return url

    def check_saved_text(self, item: Mapping, saved_text: str, where: str):
        found = self.saved_texts.get(saved_text)
        if found.problem:
            self.error(value_place(item, "saved_text"), found.problem, _join(where, "saved_text"))
        elif found.text is None:
            self.warn(value_place(item, "saved_text"), "the quotes of this article are checked "
                      "against its saved text once the timeline is saved to a file (the path "
                      "is relative to it)", _join(where, "saved_text"))

    def quick_article(self, item: Mapping) -> Article | None:
        """The article, when each field has its usual form and is valid; else None (see
        quick_event)."""
        if not item.keys() <= ARTICLE_KEYS:
            return None
        get = item.get
        article_id, title, publisher = get("id"), get("title"), get("publisher")
        url, author, date = get("url"), get("author", ""), get("date")
        archive_url, saved_text = get("archive_url", ""), get("saved_text", "")
        if not (article_id.__class__ is title.__class__ is publisher.__class__ is url.__class__
                is author.__class__ is archive_url.__class__ is saved_text.__class__ is Scalar
                and ID_PATTERN.fullmatch(article_id)):
            return None
        title, publisher, url = title.strip(), publisher.strip(), url.strip()
        archive_url, saved_text = archive_url.strip(), saved_text.strip()
        if date is not None:
            date = self.quick_date(date)
            if date is None:
                return None
        if not (title and publisher and _PLAIN_WEB_ADDRESS.fullmatch(url)) or \
                (archive_url and not _PLAIN_WEB_ADDRESS.fullmatch(archive_url)) or \
                (saved_text and self.saved_texts.get(saved_text).text is None):
            return None
        return Article(id=article_id, title=title, publisher=publisher, url=url,
                       author=author.strip(), date=date, line=item.line,
                       saved_text=saved_text, archive_url=archive_url)

    def events(self, top: Mapping, track_ids: set, article_ids: set) -> list[Event]:
        nodes = self.sequence(top, "events", "")
        # `related` may name a later event, so every id is known before any event is read.
        event_ids = {node["id"].strip() for node in nodes
                     if node.__class__ is Mapping and isinstance(node.get("id"), Scalar)}
        return self.read_items(
            nodes, "event",
            lambda item: self.quick_event(item, track_ids, article_ids, event_ids),
            lambda item, where: self.event(item, where, track_ids, article_ids, event_ids))

    def quick_event(self, item: Mapping, track_ids: set, article_ids: set,
                    event_ids: set) -> Event | None:
        """The event, when each field has its usual form and is valid; else None.

        event() reads one field at a time through helpers that say what is wrong, and with
        10,000 events those calls were most of the checking time. This reader accepts only
        what event() accepts without a word, and builds the same Event; anything else is
        left to event(). Tests load files both ways and compare.
        """
        if not item.keys() <= EVENT_KEYS:
            return None
        get = item.get
        event_id, title, date = get("id"), get("title"), get("date")
        track, place, summary = get("track", ""), get("place", ""), get("summary", "")
        excerpts, sources = get("excerpts"), get("sources")
        if not (event_id.__class__ is title.__class__ is date.__class__ is track.__class__
                is place.__class__ is summary.__class__ is Scalar and
                ID_PATTERN.fullmatch(event_id)) or (excerpts is None and sources is None):
            return None
        title, track = title.strip(), track.strip()
        date, end = self.dates.get(date) or self.quick_date(date), get("end")
        if end is not None:
            end = self.quick_date(end)
            if end is None or date is None or _ends_before(end, date):
                return None
        # (Most events have no people or related events: no call for those.)
        people, tags, related = get("people"), _stripped_texts(get("tags")), get("related")
        people = _stripped_texts(people) if people is not None else ()
        related = _stripped_texts(related) if related is not None else ()
        sources = _stripped_texts(sources) if sources is not None else ()
        excerpts = self.quick_excerpts(excerpts, article_ids) if excerpts is not None else ()
        if not (title and date and (not track or track in track_ids)) or people is None or \
                tags is None or excerpts is None or sources is None or related is None or \
                not article_ids.issuperset(sources) or not event_ids.issuperset(related):
            return None
        self.named_tracks.add(track)
        self.named_articles.update(sources)
        if excerpts:
            self.named_articles.update([excerpt.article_id for excerpt in excerpts])
        return Event(id=event_id, date=date, title=title, end=end, place=place.strip(),
                     people=people, track=track, tags=tags, summary=summary.strip(),
                     excerpts=excerpts, sources=sources, related=related, line=item.line,
                     end_line=item.end_line)

    def quick_excerpts(self, node: Node, article_ids: set) -> tuple[Excerpt, ...] | None:
        """An event's excerpts when each is well formed and valid, else None (see quick_event)."""
        if node.__class__ is not Sequence:
            return None
        excerpts = []
        for item in node:
            if item.__class__ is not Mapping or not item.keys() <= EXCERPT_KEYS:
                return None
            article, quote, note = item.get("article"), item.get("quote"), item.get("note", "")
            if not (article.__class__ is quote.__class__ is note.__class__ is Scalar):
                return None
            article, quote = article.strip(), quote.strip()
            if not (quote and article in article_ids):
                return None
            checked = article in self.saved
            if checked and not self.saved[article][1].quotes(quote):
                return None
            excerpts.append(Excerpt(article_id=article, quote=quote, note=note.strip(),
                                    line=item.line, checked=checked))
        return tuple(excerpts)

    def quick_date(self, node: Node | None) -> PartialDate | None:
        """The date a date text names, else None (see quick_event)."""
        if node.__class__ is not Scalar:
            return None
        date = self.dates.get(node)
        if date is None:
            try:
                date = self.dates[node] = _read_date(node)
            except DateError:
                return None
        return date

    def event(self, item: Mapping, where: str, track_ids: set, article_ids: set,
              event_ids: set) -> Event | None:
        self.check_keys(item, EVENT_KEYS, where)
        event_id = self.identifier(item, "id", where)
        date = self.date(item, "date", where, required=True)
        end = self.date(item, "end", where, required=False)
        title = self.text(item, "title", where, required=True)
        if date and end and _ends_before(end, date):
            self.error(value_place(item, "end"), f"'end' ({end.iso()}) is before 'date' "
                       f"({date.iso()})", _join(where, "end"))
        track = self.text(item, "track", where)
        self.named_tracks.add(track)
        if track and track not in track_ids and not self.skips(ERROR, value_place(item, "track")):
            self.error(value_place(item, "track"), f"track '{track}' is not defined under "
                       f"'tracks'{_suggest(track, track_ids)}", _join(where, "track"))
        excerpts = self.excerpts(item, where, article_ids)
        sources = self.references(item, "sources", where, article_ids, "article",
                                  self.named_articles)
        related = self.references(item, "related", where, event_ids, "event")
        if "excerpts" not in item and "sources" not in item:
            at = key_place(item, "id") if "id" in item else (item.line, item.column)
            self.warn(at, "this event has neither excerpts nor sources; add the articles that "
                      "back it", where)
        place = self.text(item, "place", where)
        people = self.texts(item, "people", where)
        tags = self.texts(item, "tags", where)
        summary = self.text(item, "summary", where)
        if not (event_id and date and title):
            return None
        return Event(id=event_id, date=date, end=end, title=title, place=place, people=people,
                     track=track, tags=tags, summary=summary, excerpts=excerpts,
                     sources=sources, related=related, line=item.line, end_line=item.end_line)

    def excerpts(self, event: Mapping, where: str, article_ids: set) -> tuple[Excerpt, ...]:
        excerpts = []
        nodes = self.sequence(event, "excerpts", where)
        for index, item in enumerate(nodes):
            at = f"{where}.excerpts[{index}]"
            if item.__class__ is not Mapping:
                item = self.mapping(nodes, index, at, "an excerpt")
                if item is None:
                    continue
            self.check_keys(item, EXCERPT_KEYS, at)
            article = self.text(item, "article", at, required=True)
            self.named_articles.add(article)
            quote = self.text(item, "quote", at, required=True)
            note = self.text(item, "note", at)
            if article and article not in article_ids:
                if not self.skips(ERROR, value_place(item, "article")):
                    self.error(value_place(item, "article"), f"article '{article}' is not "
                               f"defined under 'articles'{_suggest(article, article_ids)}",
                               _join(at, "article"))
            elif article and quote:
                checked = self.check_quote(item, article, quote, at)
                excerpts.append(Excerpt(article_id=article, quote=quote, note=note,
                                        line=item.line, checked=checked))
        return tuple(excerpts)

    def check_quote(self, item: Mapping, article: str, quote: str, where: str) -> bool:
        """Whether the quote was checked against its article's saved text (and found);
        reports it when it is not found there."""
        if article not in self.saved:
            return False
        path, saved = self.saved[article]
        if saved.quotes(quote):
            return True
        place = value_place(item, "quote")
        if not self.skips(ERROR, place):
            passage = closest_passage(quote, saved.text)
            closest = f"; the closest passage reads: “{passage}”" if passage else \
                "; no passage of it resembles the quote"
            self.error(place, f"the quote is not found in the saved text of '{article}' "
                       f"({path}){closest}", _join(where, "quote"))
        return False

    def references(self, item: Mapping, key: str, where: str, known: set, what: str,
                   named: set | None = None) -> tuple[str, ...]:
        """The ids listed under `key`, each of which must name a known `what`; all of them,
        known or not, are added to `named` when given."""
        values = []
        for index, value in self.located_texts(item, key, where):
            if named is not None:
                named.add(value)
            if value in known:
                values.append(value)
            elif not self.skips(ERROR, value_place(item[key], index)):
                self.error(value_place(item[key], index), f"{what} '{value}' is not defined "
                           f"under '{what}s'{_suggest(value, known)}",
                           f"{_join(where, key)}[{index}]")
        return tuple(values)

    def check_usage(self, tracks, articles):
        for track in tracks:
            if track.id not in self.named_tracks:
                node, where = self.track_nodes[track.id]
                self.warn((node.line, node.column), f"track '{track.id}' is not used by any "
                          "event", where)
        for index, article in enumerate(articles):
            if article.id not in self.named_articles:
                self.warn((article.line, 1), f"article '{article.id}' is not cited by any "
                          "event", f"articles[{index}]")


def _valid_id(item: Mapping) -> str:
    """The item's id when it is one (else "", which identifier() reports)."""
    node = item.get("id")
    value = node.strip() if isinstance(node, Scalar) else ""
    return value if ID_PATTERN.fullmatch(value) else ""


def _read_nothing(_item: Mapping) -> None:
    """The quick reader of a careful load: leaves every item to the careful reader."""
    return None


def _date_order(event: Event) -> tuple[int, int, int]:
    return event.date.sort_key()


def _stripped_texts(items: Node | None) -> tuple[str, ...] | None:
    """The items of a list, stripped, when each is non-blank text: the usual case, made
    quick; no items for no list. None otherwise (not a list, or an item that is not text or
    is blank)."""
    if items is None:
        return ()
    if items.__class__ is not Sequence:
        return None
    try:
        values = tuple(map(str.strip, items))
    except TypeError:      # a list or mapping among the items
        return None
    return values if all(values) else None


def _read_date(text: str) -> PartialDate:
    """parse_date(text), sooner for a full date written YYYY-MM-DD (most dates of a timeline),
    which datetime checks against the calendar in C."""
    if len(text) == 10 and text[4] == "-" and text[7] == "-" and text.isascii():
        try:
            day = datetime.date.fromisoformat(text)
        except ValueError:
            pass     # parse_date says what is wrong
        else:
            return PartialDate(day.year, day.month, day.day)
    return parse_date(text)


def _ends_before(end: PartialDate, start: PartialDate) -> bool:
    """end.last_day < start.first_day, without making datetime.dates. A month's last day
    counts as the 31st: no day of that month lies between the two, so the answer is the same."""
    return (end.year, end.month or 12, end.day or 31) < \
        (start.year, start.month or 1, start.day or 1)


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _suggest(value: str, known: set) -> str:
    close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""
