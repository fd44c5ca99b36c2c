"""Build YAML nodes from libyaml's event stream, refusing what a timeline never needs.

PyYAML's constructor is the slow part of loading and guesses types the YAML 1.1 way (`no` is
False). We read libyaml's events ourselves and keep every scalar as text; the timeline schema
converts values later. Tags, anchors, aliases and merge keys are refused here, so alias and
merge-key bombs cannot expand, and duplicate keys are reported instead of silently keeping
the last one.

Where each value was written (its "place": line and column) is only needed to report a
problem, and keeping a place for each of the 200,000 scalars of a 10,000-event file costs
about as much as reading them. So a file is first read without places; the first problem met
raises PlacesNeeded, and the caller reads the file again with places kept, which reports
everything as if it had been read that way from the start.

Places are lines and columns as editors count them: a line ends at \n, \r\n or \r. libyaml
(YAML 1.1) also ends lines at NEL, LS and PS (U+0085, U+2028, U+2029); where a file has any,
its places are found again from the character index, and each such character is warned about.
"""
from __future__ import annotations

import array
import bisect
import math
import re
import sys

import yaml
from yaml.events import (AliasEvent, DocumentStartEvent, MappingEndEvent, MappingStartEvent,
                         ScalarEvent, SequenceEndEvent, SequenceStartEvent, StreamEndEvent)

from timeline_app.core.problems import ERROR, WARNING, ProblemList
from timeline_app.core.progress import Progress

try:
    from yaml._yaml import CParser
except ImportError:  # PyYAML built without libyaml: same events, slower
    CParser = None

MAX_DEPTH = 64
# libyaml refuses a few valid forms (YAML 1.2 directives, tabs inside block text) that the
# pure-Python parser reads; it gets a second opinion on files small enough for it to be quick.
SECOND_OPINION_MAX_CHARS = 1 << 20

# A scalar is its text, a str.
Scalar = str

# Line breaks as editors count them, and the others that libyaml counts too.
_EDITOR_BREAK = re.compile(r"\r\n|\r|\n")
_UNUSUAL_BREAK = re.compile("[\x85\u2028\u2029]")
UNUSUAL_BREAK_NAMES = {"\x85": "NEL (U+0085, next line)", "\u2028": "LS (U+2028, line separator)",
                       "\u2029": "PS (U+2029, paragraph separator)"}
_SURROGATE = re.compile("[\ud800-\udfff]")


def has_unusual_breaks(text: str) -> bool:
    """Whether the text has a NEL, LS or PS (quick: `in` skips texts that cannot hold one)."""
    return "\x85" in text or "\u2028" in text or "\u2029" in text


class EditorLines:
    """A text's lines as editors count them: each ends at \n, \r\n or \r. (Where each line
    starts, as 8 bytes a line: a file of nothing but line breaks must not cost gigabytes.)"""

    def __init__(self, text: str):
        self.text = text
        self.starts = array.array("q", [0])
        self.starts.extend(match.end() for match in _EDITOR_BREAK.finditer(text))

    def __len__(self) -> int:
        return len(self.starts)

    def place(self, index: int) -> tuple[int, int]:
        """(line, column), both from 1, of the character at `index` (the end: after the last)."""
        index = min(max(index, 0), len(self.text))
        line = bisect.bisect_right(self.starts, index)
        return line, index - self.starts[line - 1] + 1

    def text_of(self, line: int) -> str:
        """The text of a line (from 1) without its line break; "" past the end."""
        if not 1 <= line <= len(self.starts):
            return ""
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        return self.text[self.starts[line - 1]:end].rstrip("\r\n")


class _QuotedEmpty(str):
    """The type of QUOTED_EMPTY."""
    __slots__ = ()


# An empty quoted or block value ("", '' or an empty |) reads as this "" rather than as
# plain "": an empty plain value means "nothing here" to the schema (`tags:` is no tags),
# a quoted one does not (`tags: ""` is text where a list belongs).
QUOTED_EMPTY = _QuotedEmpty()


class Sequence(list):
    """A YAML list of nodes, with where it starts in the file."""
    __slots__ = ("line", "column", "flow", "places")

    def __init__(self, line: int, column: int, flow: bool, keep_places: bool):
        # No super().__init__(): the list is already empty, and the call is measurable here.
        self.line = line
        self.column = column
        self.flow = flow
        self.places: list | None = [] if keep_places else None   # (line, column) per item


class Mapping(dict):
    """A YAML mapping: key text -> node, in file order, with where it starts and ends."""
    __slots__ = ("line", "column", "end_line", "flow", "places", "key_place")

    def __init__(self, line: int, column: int, flow: bool, keep_places: bool):
        # No super().__init__(): the dict is already empty, and the call is measurable here.
        self.line = line
        self.column = column
        self.end_line = line
        self.flow = flow
        # key text -> (key line, key column, value line, value column)
        self.places: dict | None = {} if keep_places else None
        self.key_place = None   # of the key awaiting its value (places kept only)


Node = Scalar | Sequence | Mapping


class PlacesNeeded(Exception):
    """A problem was found in nodes read without places: read the file again, keeping them."""


def value_place(container: Mapping | Sequence, key: str | int) -> tuple[int, int]:
    """(line, column) of the value under a mapping's key or at a list's index."""
    if container.places is None:
        raise PlacesNeeded
    place = container.places[key]
    return place[-2:]


def key_place(mapping: Mapping, key: str) -> tuple[int, int]:
    """(line, column) of a mapping's key."""
    if mapping.places is None:
        raise PlacesNeeded
    return mapping.places[key][:2]


class SyntaxProblem(Exception):
    """The stream cannot be read further; carries (message, line, column) from 1."""

    def __init__(self, message: str, line: int, column: int):
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


def has_libyaml() -> bool:
    return CParser is not None


_parser = CParser if CParser is not None else yaml.BaseLoader


def parse_nodes(text: str, problems: list, keep_places: bool = True) -> Node | None:
    """The document's root node (None for an empty file).

    Problems are appended as (severity, message, line, column, yaml_path) tuples (to a list,
    or a ProblemList, which keeps the first MAX_PROBLEMS and counts the rest). A syntax
    error stops reading and is the only problem then reported for the stream. Without
    keep_places, any problem raises PlacesNeeded instead (see the module's docstring).
    """
    document = parse_document(text, problems, keep_places)
    return document[0] if document else None


def parse_document(text: str, problems: list, keep_places: bool = True,
                   progress: Progress | None = None) -> Sequence | None:
    """As parse_nodes, but the root comes as the only item of a list (none for an empty
    file), so that value_place(document, 0) is where it was written. `progress`, when given,
    is told how far through the text the reading is, at the end of each mapping."""
    unusual_breaks = has_unusual_breaks(text)
    if unusual_breaks and not keep_places:
        raise PlacesNeeded      # each is warned about
    found = ProblemList()
    document, unreadable = _parse_with(_parser, text, found, keep_places, progress)
    if found and not keep_places:
        raise PlacesNeeded      # (so the slow second opinion below runs once, when careful)
    if unreadable and CParser is not None and len(text) <= SECOND_OPINION_MAX_CHARS:
        second = ProblemList()
        second_document, still_unreadable = _parse_with(yaml.BaseLoader, text, second, True)
        if not still_unreadable:
            document, found = second_document, second
    if unusual_breaks:
        _warn_unusual_breaks(text, found)
    problems.extend(found)
    return document


def _warn_unusual_breaks(text: str, problems: ProblemList) -> None:
    _report_each(_UNUSUAL_BREAK, text, EditorLines(text), problems, WARNING, lambda char:
                 f"a {UNUSUAL_BREAK_NAMES[char]} character: YAML counts it as a line break "
                 "but editors disagree on whether it is one (lines here do not count it); "
                 "replace it with a line break or a space")


def _report_each(pattern: re.Pattern, text: str, lines: EditorLines, problems: ProblemList,
                 severity: str, message) -> None:
    """A problem at each match of `pattern`, `message(matched text)`; once one would not be
    kept, neither would any after it: those are only counted."""
    for done, match in enumerate(pattern.finditer(text)):
        line, column = lines.place(match.start())
        if not problems.keeps(line, column):
            problems.count(severity, len(pattern.findall(text)) - done)
            return
        problems.append((severity, message(match[0]), line, column, ""))


def _parse_with(make_parser, text: str, problems: list, keep_places: bool,
                progress: Progress | None = None) -> tuple[Sequence | None, bool]:
    """(document, whether the YAML itself could not be read) using the given event parser."""
    builder = _Builder(problems, text, keep_places, progress)
    try:
        document = builder.run(make_parser(text))
        if builder.spans is not None:
            _check_comment_spacing(builder, problems)
        return document, False
    except SyntaxProblem as stop:
        problems.append(("error", stop.message, stop.line, stop.column, builder.path()))
        return None, False
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, column = builder.place_of(mark)
        message = explain_syntax_error(err, builder.editor_lines().text_of(line), column - 1)
        if err.context_mark is not None and "quoted scalar" in (err.context or "") and \
                "end of stream" in (err.problem or ""):
            # where the quote opens, not where the file ends
            line, column = builder.place_of(err.context_mark)
            message = ("YAML syntax error: this quoted value is never closed; add the "
                       "closing quote (or remove the opening one)")
        problems.append(("error", message, line, column, builder.path()))
    except yaml.reader.ReaderError as err:
        # libyaml counts the bytes of the UTF-8 text, PyYAML's own reader its characters.
        index = _index_of_byte(text, err.position) if make_parser is CParser else err.position
        line, column = builder.editor_lines().place(index)
        problems.append(("error", f"character {err.character!r} is not allowed in YAML; "
                         "remove it", line, column, ""))
    except yaml.YAMLError as err:  # any other libyaml complaint, still never a traceback
        problems.append(("error", f"YAML cannot be read: {err}", builder.last_line(), 1, ""))
    except UnicodeEncodeError:     # libyaml reads UTF-8, which a lone surrogate cannot be
        _refuse_surrogates(text, builder.editor_lines(), problems)
        return None, False
    return None, True


def _refuse_surrogates(text: str, lines: EditorLines, problems: ProblemList) -> None:
    _report_each(_SURROGATE, text, lines, problems, ERROR, lambda char:
                 f"character U+{ord(char):04X} (a lone surrogate) is not text and cannot be "
                 "saved; remove it")


def explain_syntax_error(err: yaml.MarkedYAMLError, line_text: str = "",
                         column: int | None = None) -> str:
    """libyaml's words, plus what a person should do about them; `column` (from 0) is where
    in line_text the problem is, libyaml's own column when not given."""
    problem = (err.problem or "").strip()
    context = (err.context or "").strip()
    if column is None:
        column = err.problem_mark.column if err.problem_mark else 0
    at_tab = line_text[column:column + 1] == "\t" or "\t" in line_text[:len(line_text) -
                                                                      len(line_text.lstrip())]
    if "tab" in problem or at_tab:
        return "a tab character here: YAML indents with spaces only; replace the tab with spaces"
    hints = {
        "mapping values are not allowed": "a ':' where YAML does not expect one; if it is "
                                          "part of the text, put the whole value in quotes",
        "could not find expected ':'": "a line that should be 'key: value' has no ':' "
                                       "(or a quote or bracket is not closed)",
        "did not find expected key": "this line is not indented like the keys around it",
        "did not find expected '-' indicator": "this line is not indented like the list "
                                               "items around it",
        "found character that cannot start any token": "this character cannot start a value; "
                                                        "put the value in quotes",
        "found unexpected end of stream": "the file ends inside a quoted value or bracket; "
                                          "close it",
        "expected <document start>": "unexpected text after the end of the document",
        "exceeded maximum nesting depth": "nested too deeply; a timeline never needs this",
    }
    for start, hint in hints.items():
        if problem.startswith(start):
            return f"YAML syntax error: {problem} ({hint})"
    detail = f"{problem} {context}".strip() if context else problem
    return f"YAML syntax error: {detail or 'the file cannot be read here'}; check the " \
           "indentation and quoting"


def _index_of_byte(text: str, position: int) -> int:
    """The index of the character at byte `position` of the text in UTF-8."""
    return len(text.encode("utf-8", "surrogatepass")[:position].decode("utf-8", "replace"))


def _end_line(event) -> int:
    """The last line of a mapping or list, from its end event (which, for a block, is at the
    start of the next line)."""
    end = event.end_mark
    return end.line + 1 - (end.column == 0)


class _Builder:
    """Turns events into nodes with an explicit stack (no recursion, so no depth crash).

    Its two reading loops are the hot loops of loading: they see every event of the file, so
    the common case, a plain scalar without anchor or tag, takes the shortest path, and the
    rarer checks live in methods of their own, shared by both loops.
    """

    def __init__(self, problems: list, text: str, keep_places: bool = True,
                 progress: Progress | None = None):
        self.problems = problems
        self.text = text
        self.keep_places = keep_places
        self.progress = progress
        # Whether libyaml's lines are not the editors' (a NEL, LS or PS): then every place is
        # found again from the character index (only when places are kept, see parse_document).
        self.remap = keep_places and has_unusual_breaks(text)
        self.lines: EditorLines | None = None     # made only when a check needs them
        self.stack: list = []      # open containers
        self.keys: list = []       # per open container: a mapping's pending key, else None
        self.last_mark = None      # of the last event read, for problems without a node
        # Where the scalars that may hold a '#' are, (start, end) character indexes, when the
        # text has a '#' that may begin a comment too early (see _check_comment_spacing).
        self.spans: list | None = [] if _COMMENT_CANDIDATE.search(text) else None

    def report(self, message: str, line: int, column: int, suffix: str = ""):
        if not self.keep_places:
            raise PlacesNeeded
        path = self.path()
        if suffix:
            path = f"{path}.{suffix}" if path else suffix
        self.problems.append(("error", message, line, column, path))

    def editor_lines(self) -> EditorLines:
        if self.lines is None:
            self.lines = EditorLines(self.text)
        return self.lines

    def place_of(self, mark) -> tuple[int, int]:
        """(line, column) from 1 of a libyaml mark, as editors count them. libyaml's own
        line and column are used when they are right: but for NEL, LS or PS (self.remap),
        and at the end of a file without a final line break, where libyaml counts one more."""
        if self.remap or mark.index >= len(self.text):
            return self.editor_lines().place(mark.index)
        return mark.line + 1, mark.column + 1

    def last_line(self) -> int:
        return self.place_of(self.last_mark)[0] if self.last_mark is not None else 1

    def end_line_of(self, event) -> int:
        """The last line of a mapping or list, from its end event (which, for a block, is at
        the start of the next line)."""
        if not self.remap:
            return _end_line(event)
        line, column = self.place_of(event.end_mark)
        return line - (column == 1)

    def path(self) -> str:
        parts = []
        for container, key in zip(self.stack, self.keys):
            if container.__class__ is Sequence:
                parts.append(f"[{len(container)}]")
            elif key is not None:
                parts.append(("." if parts else "") + key)
        return "".join(parts)

    def run(self, parser) -> Sequence:
        """The document: a list holding the root node, or nothing for an empty stream."""
        if self.keep_places:
            return self.read_with_places(parser)
        return self.read_quickly(parser)

    def read_quickly(self, parser) -> Sequence:
        """run() without places. Any problem raises PlacesNeeded, so nothing is kept for
        reporting one (no pending keys, no places), and a mapping's keys and values are
        gathered in a list that becomes a Mapping (in C, by dict.update) when it ends."""
        get_event = parser.get_event
        stack = self.stack
        progress, size = self.progress, len(self.text) or 1
        due = progress.due(size) if progress is not None else math.inf    # (see Progress)
        hashes = self.spans is not None
        new_list, intern = list.__new__, sys.intern
        document = current = Sequence(1, 1, False, False)
        documents = 0
        flow_depth = 0          # [ ] and { } open around the current event
        while True:
            event = get_event()
            cls = event.__class__
            if cls is ScalarEvent:
                node = event.value
                if event.style or event.anchor is not None or event.tag is not None:
                    node = self.check_scalar(event, flow_depth)
                elif flow_depth and node[:1] == "-" or hashes and "#" in node:
                    self.check_plain(event, flow_depth)
                current.append(node)
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                if event.anchor is not None or event.tag is not None or len(stack) >= MAX_DEPTH:
                    self.check_start(event, len(stack))
                mark = event.start_mark
                # Also for a mapping: its keys and values, in turn, until it ends. (Made
                # without Sequence.__init__, whose call costs more here than its work.)
                current = new_list(Sequence)
                current.line, current.column, current.places = mark.line + 1, mark.column + 1, None
                if event.flow_style:
                    current.flow = True
                    flow_depth += 1
                else:
                    current.flow = False
                stack.append(current)
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                node = stack.pop()
                if node.flow:
                    flow_depth -= 1
                    # (A [ ] or { } ends after its bracket, so never at a line's start.)
                    if not flow_depth and event.end_mark.line + 1 > node.line:
                        self.check_continuation(node.line, event.end_mark.line + 1)
                if cls is MappingEndEvent:
                    pairs = node
                    node = Mapping.__new__(Mapping)
                    items = iter(pairs)
                    try:
                        # Interned keys: one string per key name, not 100,000 copies of "id".
                        node.update(zip(map(intern, items), items))
                    except TypeError:    # a list or mapping as a key (or an empty quoted one)
                        raise PlacesNeeded from None
                    if len(node) * 2 != len(pairs) or "<<" in node:
                        raise PlacesNeeded    # a duplicate key, or a merge key
                    end = event.end_mark
                    node.line, node.column, node.flow = pairs.line, pairs.column, pairs.flow
                    node.places = node.key_place = None
                    node.end_line = end.line + 1 - (end.column == 0)     # as _end_line()
                    if end.index >= due:
                        progress.at(end.index / size)
                        due = progress.due(size)
                current = stack[-1] if stack else document
                current.append(node)
            elif cls is StreamEndEvent:
                return document
            elif cls is AliasEvent:
                raise PlacesNeeded
            elif cls is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise PlacesNeeded

    def read_with_places(self, parser) -> Sequence:
        """run(), keeping the place of every node and reporting each problem where it is."""
        event = None
        place = None
        stack, keys = self.stack, self.keys
        # The innermost open container and, when it is a mapping, the key awaiting its value
        # live in local variables: this loop runs once per event. keys[-1] is brought up to
        # date (`keys[-1] = key`) before anything that may report a problem, as path() reads it.
        current = None          # stack[-1], or None at the top level
        in_mapping = False      # whether current is a Mapping
        key = None
        remap = self.remap
        progress = self.progress
        hashes = self.spans is not None
        # libyaml places an empty value at the very end of a file without a final line break
        # on a line after the last ('---' alone): such places are mapped as editors count.
        size = len(self.text)
        due = progress.due(size) if progress is not None else math.inf    # (see Progress)
        try:
            get_event = parser.get_event
            document = Sequence(1, 1, False, True)
            documents = 0
            flow_depth = 0      # [ ] and { } open around the current event
            while True:
                event = get_event()
                cls = event.__class__
                if cls is ScalarEvent:
                    node = event.value
                    if event.style or event.anchor is not None or event.tag is not None:
                        if stack:
                            keys[-1] = key
                        node = self.check_scalar(event, flow_depth)
                    elif flow_depth and node[:1] == "-" or hashes and "#" in node:
                        if stack:
                            keys[-1] = key
                        self.check_plain(event, flow_depth)
                    mark = event.start_mark
                    place = self.place_of(mark) if remap or mark.index >= size else \
                        (mark.line + 1, mark.column + 1)
                elif cls is MappingStartEvent or cls is SequenceStartEvent:
                    if stack:
                        keys[-1] = key
                    if event.anchor is not None or event.tag is not None or \
                            len(stack) >= MAX_DEPTH:
                        self.check_start(event, len(stack))
                    mark = event.start_mark
                    kind = Mapping if cls is MappingStartEvent else Sequence
                    line, column = self.place_of(mark) if remap or mark.index >= size else \
                        (mark.line + 1, mark.column + 1)
                    current = kind(line, column, bool(event.flow_style), True)
                    stack.append(current)
                    keys.append(None)
                    in_mapping = kind is Mapping
                    key = None
                    flow_depth += current.flow
                    continue
                elif cls is MappingEndEvent or cls is SequenceEndEvent:
                    node = stack.pop()
                    keys.pop()
                    if stack:
                        current = stack[-1]
                        in_mapping = current.__class__ is Mapping
                        key = keys[-1]
                    else:
                        current, in_mapping, key = None, False, None
                    end_line = self.end_line_of(event) if remap else _end_line(event)
                    if cls is MappingEndEvent:
                        node.end_line = end_line
                        if event.end_mark.index >= due:
                            progress.at(event.end_mark.index / size)
                            due = progress.due(size)
                    if node.flow:
                        flow_depth -= 1
                        if not flow_depth and end_line > node.line:
                            self.check_continuation(node.line, end_line)
                    place = (node.line, node.column)
                elif cls is AliasEvent:
                    if stack:
                        keys[-1] = key
                    node = self.alias(event)
                    place = self.place_of(event.start_mark)
                elif cls is DocumentStartEvent:
                    documents += 1
                    if documents > 1:
                        raise SyntaxProblem("a second YAML document ('---'): a timeline file "
                                            "holds one document; remove the '---' line or "
                                            "split the file", *self.place_of(event.start_mark))
                    continue
                elif cls is StreamEndEvent:
                    return document
                else:  # StreamStart, DocumentEnd
                    continue

                # The node is complete: it is a key, a key's value, a list item or the root.
                if in_mapping:
                    if key is None:
                        if node.__class__ is not str or node == "<<":
                            keys[-1] = None
                            node = self.as_key(node, event)
                        key = node
                        current.key_place = place
                    else:
                        name, key = key, None
                        if name in current:
                            keys[-1] = None
                            self.refuse_duplicate(current, name)
                        else:
                            current[name] = node
                            current.places[name] = current.key_place + place
                else:
                    container = current if current is not None else document
                    container.append(node)
                    container.places.append(place)
        finally:
            if stack:
                keys[-1] = key
            # Problems without a node of their own (an error libyaml did not place) are
            # placed at the last event read.
            if event is not None:
                self.last_mark = event.start_mark

    def check_start(self, event, depth: int):
        """Refuses an anchor or tag on a mapping or list, and nesting beyond MAX_DEPTH."""
        line, column = self.place_of(event.start_mark)
        if event.anchor is not None or event.tag is not None:
            self.refuse_decorations(event, line, column)
        if depth >= MAX_DEPTH:
            raise SyntaxProblem(f"nested more than {MAX_DEPTH} levels deep; a timeline "
                                "never needs this", line, column)

    def check_scalar(self, event, flow_depth: int) -> Scalar:
        """A quoted, block or decorated scalar, checked (a plain one needs no checks)."""
        mark = event.start_mark
        if self.spans is not None:
            self.spans.append((mark.index, event.end_mark.index))
        if event.anchor is not None or event.tag is not None:
            self.refuse_decorations(event, *self.place_of(mark))
        value, style = event.value, event.style
        if style:
            # (A value on one of libyaml's lines is on one of the editors' lines too.)
            if style in "\"'" and event.end_mark.line != mark.line and not flow_depth:
                self.check_continuation(self.place_of(mark)[0],
                                        self.place_of(event.end_mark)[0])
            elif style in "|>" and value[:1] in ("", "\n"):
                self.check_leading_blank_lines(self.place_of(mark)[0])
            return value or QUOTED_EMPTY
        if flow_depth:
            self.check_lone_dash(event)
        return value

    def check_plain(self, event, flow_depth: int):
        """A plain scalar inside [ ] or { } that starts with '-', or one holding a '#' in a
        text where a comment may begin too early (its span is noted, see _check_comment_spacing).
        """
        if flow_depth:
            self.check_lone_dash(event)
        if self.spans is not None and "#" in event.value:
            self.spans.append((event.start_mark.index, event.end_mark.index))

    def check_lone_dash(self, event):
        value = event.value
        if value == "-" or value[:2] == "- ":
            self.report("a lone '-' inside [ ] or { }: put it in quotes ('-') or remove it",
                        *self.place_of(event.start_mark))

    def refuse_decorations(self, event, line: int, column: int):
        if event.anchor is not None:
            self.report(f"anchor '&{event.anchor}': anchors and aliases are not allowed in a "
                        "timeline; write the value out in full", line, column)
        tag = event.tag
        if tag is not None and tag != "!":
            tag = tag.replace("tag:yaml.org,2002:", "!!")
            self.report(f"tag '{tag}': YAML tags are not allowed in a timeline; remove it "
                        "(values are read as text and checked by the app)", line, column)

    def alias(self, event) -> Scalar:
        self.report(f"alias '*{event.anchor}': anchors and aliases are not allowed in a "
                    "timeline; write the value out in full", *self.place_of(event.start_mark))
        return ""

    def refuse_duplicate(self, mapping: Mapping, name: str):
        first_line = mapping.places[name][0]
        line, column = mapping.key_place
        self.report(f"duplicate key '{name}' (first written at line {first_line}); keep only "
                    "one", line, column, suffix=name)

    def check_continuation(self, first: int, last: int):
        """Lines continuing a quoted value or a [ ]/{ } list must be indented past their key."""
        if not self.stack:
            return
        needed = self.stack[-1].column     # spaces: one more than the parent's indentation
        lines = self.editor_lines()
        for number in range(first + 1, last + 1):
            text = lines.text_of(number)
            if text.strip() and len(text) - len(text.lstrip(" ")) < needed:
                self.report(f"this line continues the value begun on line {first} and must be "
                            f"indented by at least {needed} space(s), not tabs", number, 1)

    def check_leading_blank_lines(self, header: int):
        """Blank lines opening a block value may not be indented deeper than its first text."""
        lines = self.editor_lines()
        if re.search(r"[|>][-+]?[1-9]", lines.text_of(header)):
            return    # an explicit indentation indicator sets the indentation instead
        deepest, number = 0, header + 1
        while number <= len(lines) and not lines.text_of(number).strip():
            text = lines.text_of(number)
            deepest = max(deepest, len(text) - len(text.lstrip(" ")))
            number += 1
        if number <= len(lines):
            text = lines.text_of(number)
            first_text = len(text) - len(text.lstrip(" "))
            if deepest > first_text:
                self.report(f"blank lines at the start of this block value have more spaces "
                            f"({deepest}) than its first line of text ({first_text}); remove "
                            "the trailing spaces", header + 1, 1)

    def as_key(self, node: Node, event) -> Scalar:
        """The key text for a node read where a key belongs; `event` is its last event."""
        if not isinstance(node, str):
            self.report("a key must be plain text, not a list or mapping", node.line, node.column)
            return f"<complex key at line {node.line}>"
        if node == "<<" and not event.style:
            self.report("merge key '<<' is not allowed in a timeline; write the keys out in full",
                        *self.place_of(event.start_mark))
        return str(node)


# A '#' right after something other than a space or '#'. The '#' comes first in the pattern
# so that the search skips ahead to each '#' (3 ms over a 4 MB file, instead of 50 ms).
_COMMENT_CANDIDATE = re.compile(r"#(?<=[^\s#]#)")
_BLOCK_HEADER = re.compile(r"[|>][-+0-9]*")


def _check_comment_spacing(builder: _Builder, problems: list) -> None:
    """A '#' right after a value (no space before it) is invalid YAML that libyaml accepts.

    Only run when the text has such a '#'. A '#' inside a value (a URL's #fragment, "C#")
    is fine. The builder noted, in file order, the spans of the scalars that may hold one:
    every plain scalar whose text has a '#' (a '#' written in a plain value is in its text),
    and every quoted, block or decorated one (a block's header may hold a comment, a
    decoration a '#'). A '#' in no scalar's span is where libyaml began a comment; so is one
    right after a block's header ('|#').
    """
    spans = builder.spans
    starts = [start for start, _ in spans]
    text = builder.text
    for match in _COMMENT_CANDIDATE.finditer(text):
        at = match.start()
        index = bisect.bisect_right(starts, at) - 1
        if index >= 0:
            start, end = spans[index]
            if at < end and not _BLOCK_HEADER.fullmatch(text, start, at):
                continue
        line, column = builder.editor_lines().place(at)
        problems.append(("error", "a comment needs a space before '#'; add one, or put the "
                         "value in quotes if the '#' belongs to it", line, column, ""))


def to_plain(node: Node | None):
    """The node as plain Python values (str, list, dict), like PyYAML's BaseLoader gives."""
    if node is None:
        return None
    result_stack: list = []
    # Iterative post-order walk: deep documents must not hit Python's recursion limit.
    todo = [(node, False)]
    while todo:
        current, done = todo.pop()
        if isinstance(current, str):
            result_stack.append(current)
        elif not done:
            todo.append((current, True))
            children = current if current.__class__ is Sequence else current.values()
            todo.extend((child, False) for child in reversed(list(children)))
        else:
            count = len(current)
            values = result_stack[len(result_stack) - count:] if count else []
            del result_stack[len(result_stack) - count:]
            if current.__class__ is Sequence:
                result_stack.append(values)
            else:
                result_stack.append(dict(zip(current.keys(), values)))
    return result_stack[0]
