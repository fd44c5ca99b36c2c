"""Text edits for the YAML editor: add or duplicate an event, find the event at a line.

The editor keeps the file exactly as its author wrote it (comments, order, layout, line
endings), so every change here is an edit of the text, never the YAML written out again.
Event blocks are found from the line numbers the loader records for each event; where a
value sits inside a block comes from PyYAML's composer, which reads positions and never
builds Python objects (the text has already been checked by the loader).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

import yaml

from timeline_app.core.dates import PartialDate, parse_date
from timeline_app.core.model import Event, Timeline

NEW_EVENT_ID = "new-event"
NEW_EVENT_TITLE = "New event"
NEW_EVENT_SUMMARY = "Describe what happened, in your own words."
NEW_EVENT_HINT = ("# Add 'sources: [article-id]' or 'excerpts:' with verbatim quotes, "
                  "from the articles list.")

_NEWLINE = re.compile(r"\n")
_ITEM = re.compile(r"( *)-(?: |$)")
_LONE_DASH = re.compile(r"( *)- *(?:#.*)?")
_ITEM_PREFIX = re.compile(r" *- +(?=[^\s{#])")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class EditError(ValueError):
    """The edit cannot be made in this text; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class TextEdit:
    """Replace `removed` characters at `offset` with `inserted`; then place the cursor.

    `cursor` is an offset in the text after the edit; `select_length` characters from the
    cursor on are selected (0: none).
    """
    offset: int
    removed: int
    inserted: str
    cursor: int
    select_length: int = 0


# -- finding an event by line ------------------------------------------------------------

class EventLines:
    """Where the events of one timeline are, by line: made once per timeline shown, since the
    cursor moves far more often than the text is checked again."""

    def __init__(self, timeline: Timeline):
        self.timeline = timeline
        self._by_line: tuple[list[Event], list[int]] | None = None     # when first asked
        self._lines: tuple[str | None, _Lines | None] = (None, None)    # the last text's

    def _events_in_file_order(self) -> tuple[list[Event], list[int]]:
        """The events in file order and their first lines: sorted when first needed (the
        editor may never be opened)."""
        if self._by_line is None:
            events = sorted(self.timeline.events, key=lambda e: e.line)
            self._by_line = (events, [e.line for e in events])
        return self._by_line

    def event_at(self, line: int) -> str | None:
        """The id of the event whose block (event.line to event.end_line) holds the 1-based
        line."""
        events, firsts = self._events_in_file_order()
        index = bisect.bisect_right(firsts, line) - 1
        if index < 0 or line > events[index].end_line:
            return None
        return events[index].id

    def block_of(self, text: str, event_id: str) -> tuple[int, int] | None:
        """The first and last line (from 1) of the event's block in `text`, the text the
        timeline was loaded from: its '- ' line to its last value, trailing comments left
        out."""
        event = self.timeline.event(event_id)
        if event is None:
            return None
        events, firsts = self._events_in_file_order()
        index = bisect.bisect_left(firsts, event.line)
        if self._lines[0] is not text:      # one text, many selections: its lines found once
            self._lines = (text, _Lines(text))
        lines = self._lines[1]
        try:
            following = [_item_start(lines, e) for e in events[index:index + 2]]
        except EditError:           # not a '- ' list (a flow sequence): the loader's lines
            return event.line, event.end_line
        block = _block_from(lines, event, following[0], following[1:2])
        return block.first, block.last


# -- new and duplicated events -------------------------------------------------------------

def new_event_edit(text: str, timeline: Timeline, date: PartialDate | str,
                   track: str = "") -> TextEdit:
    """Insert a filled-in event at its place in date order, title selected for typing; in
    `track` when one is given (the selected event's, say).

    It goes before the first event block (in file order) dated later than `date`, above the
    comments that head that block, or else after the last event block. Raises DateError for
    a bad date string and EditError when the events are not a '- ' list.
    """
    when = parse_date(date) if isinstance(date, str) else date
    lines = _Lines(text)
    event_id = _unique_id(NEW_EVENT_ID, _taken(timeline))
    blocks = _blocks(lines, timeline)
    if not blocks:
        return _first_event_edit(lines, timeline, when, event_id)
    later = next((b for b in blocks if b.event.date.sort_key() > when.sort_key()), None)
    model = later or blocks[-1]
    template = _template(_item_prefix(lines, model), event_id, when, track)
    gap = [""] if _spaced(lines, blocks) else []
    if later is not None:
        return _insert(lines, _lead(lines, later), template + gap, _TITLE_LINE)
    return _insert(lines, model.last + 1, gap + template, len(gap) + _TITLE_LINE)


def duplicate_event_edit(text: str, timeline: Timeline, event_id: str) -> TextEdit:
    """Copy the event's block right after it, with a new unique id; the title is selected."""
    lines = _Lines(text)
    blocks = _blocks(lines, timeline)
    block = next((b for b in blocks if b.event.id == event_id), None)
    if block is None:
        raise EditError(f"there is no event '{event_id}' to duplicate")
    copy = [lines[number] for number in range(block.first, block.last + 1)]
    id_node, title_node = _id_and_title(copy)
    _replace_id(copy, id_node, event_id, _unique_id(f"{event_id}-copy",
                                                    _taken(timeline)))
    gap = [""] if _spaced(lines, blocks) else []
    title_line = title_node.start_mark.line
    return _insert(lines, block.last + 1, gap + copy, len(gap) + title_line,
                   _value_span(copy[title_line], title_node))


# -- the text as lines ---------------------------------------------------------------------

class _Lines:
    """The text's lines (numbered from 1, without their line break) and their offsets."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [match.end() for match in _NEWLINE.finditer(text)]
        first_break = text.find("\n")
        self.newline = "\r\n" if first_break > 0 and text[first_break - 1] == "\r" else "\n"

    @property
    def count(self) -> int:
        return len(self.starts)

    def __getitem__(self, number: int) -> str:
        start = self.starts[number - 1]
        end = self.starts[number] if number < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\n").removesuffix("\r")

    def offset(self, number: int) -> int:
        """Where line `number` starts; the end of the text for the line after the last."""
        return self.starts[number - 1] if number <= len(self.starts) else len(self.text)


def _is_blank(line: str) -> bool:
    return not line.strip()


def _is_comment(line: str) -> bool:
    return line.lstrip().startswith("#")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


@dataclass(frozen=True, slots=True)
class _Block:
    event: Event
    first: int      # the line of the item's '-'
    last: int       # its last line, trailing blank lines and outdented comments left out
    dash: int       # the column of the '-', from 0


def _blocks(lines: _Lines, timeline: Timeline) -> list[_Block]:
    """The events' blocks in file order."""
    events = sorted(timeline.events, key=lambda e: e.line)
    starts = [_item_start(lines, event) for event in events]
    return [_block_from(lines, event, start, starts[index + 1:index + 2])
            for index, (event, start) in enumerate(zip(events, starts))]


def _block_from(lines: _Lines, event: Event, start: tuple[int, int],
                next_start: list[tuple[int, int]]) -> _Block:
    """The event's block from its item start to, at most, the line before the next item's.

    The loader's end_line reaches to where the next token starts, which can take in blank
    lines, comments and even the next item's first line; those are cut off here. A comment
    indented no deeper than the '-' cannot belong to a value of the event (block text must
    be indented past its key), so it is left outside.
    """
    first, dash = start
    limit = next_start[0][0] - 1 if next_start else lines.count
    last = max(event.line, min(event.end_line, limit))
    while last > event.line and (_is_blank(lines[last]) or
                                 (_is_comment(lines[last]) and _indent(lines[last]) <= dash)):
        last -= 1
    return _Block(event, first, last, dash)


def _item_start(lines: _Lines, event: Event) -> tuple[int, int]:
    """(line, column) of the '-' that opens the event's item: on its first line, or alone above."""
    match = _ITEM.match(lines[event.line])
    if match:
        return event.line, len(match[1])
    number = event.line - 1
    while number > 0 and (_is_blank(lines[number]) or _is_comment(lines[number])):
        number -= 1
    match = _LONE_DASH.fullmatch(lines[number]) if number > 0 else None
    if match is None:
        raise EditError("the events are not written as a list of '- ' items (one per event), "
                        "so the editor cannot place an event; write each event as a '- ' item "
                        "under 'events:'")
    return number, len(match[1])


def _lead(lines: _Lines, block: _Block) -> int:
    """The first line of the block with the comments written right above it (a heading)."""
    number = block.first
    while number > 1 and _is_comment(lines[number - 1]) and \
            _indent(lines[number - 1]) <= block.dash:
        number -= 1
    return number


def _spaced(lines: _Lines, blocks: list[_Block]) -> bool:
    """Whether the file puts a blank line between events (judged from its first two)."""
    if len(blocks) < 2:
        return False
    return any(_is_blank(lines[n]) for n in range(blocks[0].last + 1, blocks[1].first))


def _item_prefix(lines: _Lines, block: _Block) -> str:
    """How this file opens an event item ('  - ', '    -   '), to write new ones the same way."""
    match = _ITEM_PREFIX.match(lines[block.first])
    return match[0] if match else " " * block.dash + "- "


def _insert(lines: _Lines, before: int, new_lines: list[str], cursor_line: int,
            span: tuple[int, int] | None = None) -> TextEdit:
    """Insert whole lines before line `before`; the cursor goes to new_lines[cursor_line].

    `span` is (column, length) of the selection in that line; by default the value of its
    'key: value'.
    """
    newline = lines.newline
    offset = lines.offset(before)
    inserted = newline.join(new_lines) + newline
    first = offset
    if offset == len(lines.text) and lines.text and not lines.text.endswith("\n"):
        # The file has no line break at its end: keep it that way.
        inserted, first = newline + newline.join(new_lines), offset + len(newline)
    column, length = span or _after_colon(new_lines[cursor_line])
    cursor = first + sum(len(line) + len(newline) for line in new_lines[:cursor_line]) + column
    return TextEdit(offset, 0, inserted, cursor, length)


def _after_colon(line: str) -> tuple[int, int]:
    column = line.index(": ") + 2
    return column, len(line) - column


_TITLE_LINE = 2     # the index of the title in the template


def _template(prefix: str, event_id: str, when: PartialDate, track: str = "") -> list[str]:
    pad = " " * len(prefix)
    return [f"{prefix}id: {event_id}",
            f"{pad}date: {when.iso()}",
            f"{pad}title: {NEW_EVENT_TITLE}",           # at _TITLE_LINE
            *([f"{pad}track: {track}"] if track else []),
            f"{pad}summary: {NEW_EVENT_SUMMARY}",
            f"{pad}{NEW_EVENT_HINT}"]


def _first_event_edit(lines: _Lines, timeline: Timeline, when: PartialDate,
                      event_id: str) -> TextEdit:
    """Turn 'events: []' (or an empty 'events:') into a '- ' list holding the new event."""
    root = _composed(lines.text)
    pair = _pair(root, "events") if getattr(root, "flow_style", True) is False else None
    if pair is None:
        raise EditError("the file's top level is written in { } form, so the editor cannot "
                        "add an event; write 'events:' on a line of its own")
    key, value = pair
    head, last = lines[key.start_mark.line + 1], key.start_mark.line + 1
    if isinstance(value, yaml.SequenceNode):      # 'events: []', perhaps with a comment after
        last = value.end_mark.line + 1
        if value.start_mark.line == key.start_mark.line:
            after = lines[last][value.end_mark.column:].strip()
            head = head[:value.start_mark.column].rstrip() + (f" {after}" if after else "")
    prefix = _article_prefix(lines, timeline) or " " * (key.start_mark.column + 2) + "- "
    new_lines = [head] + _template(prefix, event_id, when)
    offset = lines.offset(key.start_mark.line + 1)
    removed = lines.offset(last) + len(lines[last]) - offset
    newline = lines.newline
    title = len(newline.join(new_lines[:1 + _TITLE_LINE]) + newline)
    column, length = _after_colon(new_lines[1 + _TITLE_LINE])
    return TextEdit(offset, removed, newline.join(new_lines), offset + title + column, length)


def _article_prefix(lines: _Lines, timeline: Timeline) -> str | None:
    """How the articles list opens its items, so a first event is written the same way."""
    if not timeline.articles:
        return None
    match = _ITEM_PREFIX.match(lines[timeline.articles[0].line])
    return match[0] if match else None


def _composed(text: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as err:
        raise EditError("the text cannot be read as YAML here; fix the file first") from err


def _pair(mapping: yaml.Node | None, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    """(key node, value node) of `key` in a mapping node."""
    if not isinstance(mapping, yaml.MappingNode):
        return None
    return next(((k, v) for k, v in mapping.value if k.value == key), None)


def _id_and_title(block_lines: list[str]) -> tuple[yaml.ScalarNode, yaml.ScalarNode]:
    """The value nodes of the event's id and title, read from its block alone."""
    root = _composed("\n".join(block_lines) + "\n")
    item = root.value[0] if isinstance(root, yaml.SequenceNode) and root.value else None
    found = [_pair(item, "id"), _pair(item, "title")]
    if not all(pair is not None and isinstance(pair[1], yaml.ScalarNode) for pair in found):
        raise EditError("this event's lines cannot be copied on their own; fix the file first")
    return found[0][1], found[1][1]


def _replace_id(block_lines: list[str], node: yaml.ScalarNode, old: str, new: str) -> None:
    mark = node.start_mark
    line = block_lines[mark.line]
    start = mark.column + (node.style in ("'", '"'))
    if line[start:start + len(old)] != old:
        raise EditError(f"the id '{old}' is not where the file says it is; fix the file first")
    block_lines[mark.line] = line[:start] + new + line[start + len(old):]


def _value_span(line: str, node: yaml.ScalarNode) -> tuple[int, int]:
    """(column, length) of a one-line value as written, inside its quotes; else its start."""
    start = node.start_mark.column
    quoted = node.style in ("'", '"')
    inner, value = start + quoted, node.value
    written = line[inner:inner + len(value)]
    closed = not quoted or line[inner + len(value):inner + len(value) + 1] == node.style
    if node.start_mark.line == node.end_mark.line and written == value and closed:
        return inner, len(value)
    return start, 0


def _taken(timeline: Timeline) -> set[str]:
    return {event.id for event in timeline.events}


def _unique_id(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`, ... whichever is first free."""
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"
