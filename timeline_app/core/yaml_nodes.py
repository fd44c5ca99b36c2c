"""Build located YAML nodes from libyaml's event stream, refusing what a timeline never needs.

PyYAML's constructor is the slow part of loading and guesses types the YAML 1.1 way (`no` is
False). We read libyaml's events ourselves and keep every scalar as text with its line and
column; the timeline schema converts values later. Tags, anchors, aliases and merge keys are
refused here, so alias and merge-key bombs cannot expand, and duplicate keys are reported
instead of silently keeping the last one.
"""
from __future__ import annotations

import bisect
import re

import yaml
from yaml.events import (AliasEvent, DocumentStartEvent, MappingEndEvent, MappingStartEvent,
                         ScalarEvent, SequenceEndEvent, SequenceStartEvent, StreamEndEvent)

try:
    from yaml._yaml import CParser
except ImportError:  # PyYAML built without libyaml: same events, slower
    CParser = None

MAX_DEPTH = 64
MAX_PROBLEMS = 1000
# libyaml refuses a few valid forms (YAML 1.2 directives, tabs inside block text) that the
# pure-Python parser reads; it gets a second opinion on files small enough for it to be quick.
SECOND_OPINION_MAX_CHARS = 1 << 20


class Scalar:
    __slots__ = ("value", "line", "column", "plain")

    def __init__(self, value: str, line: int, column: int, plain: bool):
        self.value = value
        self.line = line
        self.column = column
        self.plain = plain


class Sequence:
    __slots__ = ("items", "line", "column", "end_line", "flow")

    def __init__(self, line: int, column: int, flow: bool = False):
        self.items: list = []
        self.line = line
        self.column = column
        self.end_line = line
        self.flow = flow


class Mapping:
    __slots__ = ("items", "keys", "line", "column", "end_line", "flow")

    def __init__(self, line: int, column: int, flow: bool = False):
        self.items: dict = {}     # key text -> node
        self.keys: dict = {}      # key text -> its Scalar (for the key's position)
        self.line = line
        self.column = column
        self.end_line = line
        self.flow = flow


Node = Scalar | Sequence | Mapping


class SyntaxProblem(Exception):
    """The stream cannot be read further; carries (message, line, column) from 1."""

    def __init__(self, message: str, line: int, column: int):
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


class TooManyProblems(Exception):
    pass


def has_libyaml() -> bool:
    return CParser is not None


_parser = CParser if CParser is not None else yaml.BaseLoader


def parse_nodes(text: str, problems: list) -> Node | None:
    """The document's root node (None for an empty file).

    Problems are appended as (severity, message, line, column, yaml_path) tuples. A syntax
    error stops reading and is the only problem then reported for the stream.
    """
    found: list = []
    root, unreadable = _parse_with(_parser, text, found)
    if unreadable and CParser is not None and len(text) <= SECOND_OPINION_MAX_CHARS:
        second: list = []
        second_root, still_unreadable = _parse_with(yaml.BaseLoader, text, second)
        if not still_unreadable:
            root, found = second_root, second
    problems.extend(found)
    return root


def _parse_with(make_parser, text: str, problems: list) -> tuple[Node | None, bool]:
    """(root, whether the YAML itself could not be read) using the given event parser."""
    builder = _Builder(problems, text)
    try:
        root = builder.run(make_parser(text))
        if _COMMENT_CANDIDATE.search(text):
            _check_comment_spacing(make_parser(text), text, problems)
        return root, False
    except SyntaxProblem as stop:
        problems.append(("error", stop.message, stop.line, stop.column, builder.path()))
        return None, False
    except TooManyProblems:
        problems.append(("error", f"more than {MAX_PROBLEMS} problems; stopped reading here",
                         builder.line, 1, ""))
        return None, False
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        problems.append(("error", explain_syntax_error(err, _line_text(text, mark.line)),
                         mark.line + 1, mark.column + 1, builder.path()))
    except yaml.reader.ReaderError as err:
        line, column = _place_of_byte(text, err.position)
        problems.append(("error", f"character {err.character!r} is not allowed in YAML; "
                         "remove it", line, column, ""))
    except yaml.YAMLError as err:  # any other libyaml complaint, still never a traceback
        problems.append(("error", f"YAML cannot be read: {err}", builder.line, 1, ""))
    return None, True



def _line_text(text: str, line: int) -> str:
    start = 0
    for _ in range(line):
        start = text.find("\n", start) + 1
        if start == 0:
            return ""
    end = text.find("\n", start)
    return text[start:end if end >= 0 else len(text)]


def explain_syntax_error(err: yaml.MarkedYAMLError, line_text: str = "") -> str:
    """libyaml's words, plus what a person should do about them."""
    problem = (err.problem or "").strip()
    context = (err.context or "").strip()
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


def _place_of_byte(text: str, position: int) -> tuple[int, int]:
    prefix = text.encode("utf-8")[:position].decode("utf-8", "replace")
    return prefix.count("\n") + 1, len(prefix) - (prefix.rfind("\n") + 1) + 1


class _Builder:
    """Turns events into nodes with an explicit stack (no recursion, so no depth crash)."""

    def __init__(self, problems: list, text: str):
        self.problems = problems
        self.text = text
        self.lines: list[str] | None = None     # split only when a check needs them
        self.flow_depth = 0
        self.stack: list = []      # open containers
        self.keys: list = []       # per open mapping: the pending key Scalar, else None
        self.line = 1

    def report(self, message: str, line: int, column: int, suffix: str = ""):
        if len(self.problems) >= MAX_PROBLEMS:
            raise TooManyProblems
        path = self.path()
        if suffix:
            path = f"{path}.{suffix}" if path else suffix
        self.problems.append(("error", message, line, column, path))

    def path(self) -> str:
        parts = []
        for container, key in zip(self.stack, self.keys):
            if isinstance(container, Sequence):
                parts.append(f"[{len(container.items)}]")
            elif key is not None:
                parts.append(("." if parts else "") + key.value)
        return "".join(parts)

    def refuse_decorations(self, event, line: int, column: int):
        if event.anchor is not None:
            self.report(f"anchor '&{event.anchor}': anchors and aliases are not allowed in a "
                        "timeline; write the value out in full", line, column)
        tag = event.tag
        if tag is not None and tag != "!":
            tag = tag.replace("tag:yaml.org,2002:", "!!")
            self.report(f"tag '{tag}': YAML tags are not allowed in a timeline; remove it "
                        "(values are read as text and checked by the app)", line, column)

    def run(self, parser) -> Node | None:
        root = None
        documents = 0
        stack, keys = self.stack, self.keys
        while True:
            event = parser.get_event()
            cls = event.__class__
            mark = event.start_mark
            line, column = mark.line + 1, mark.column + 1
            self.line = line
            if cls is ScalarEvent:
                if event.anchor is not None or event.tag is not None:
                    self.refuse_decorations(event, line, column)
                style = event.style
                node = Scalar(event.value, line, column, not style)
                if style:
                    if style in "\"'" and event.end_mark.line != mark.line and \
                            not self.flow_depth:
                        self.check_continuation(line, event.end_mark.line + 1)
                    elif style in "|>" and event.value[:1] in ("", "\n"):
                        self.check_leading_blank_lines(line)
                elif self.flow_depth and (event.value == "-" or event.value[:2] == "- "):
                    self.report("a lone '-' inside [ ] or { }: put it in quotes ('-') or "
                                "remove it", line, column)
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                if event.anchor is not None or event.tag is not None:
                    self.refuse_decorations(event, line, column)
                if len(stack) >= MAX_DEPTH:
                    raise SyntaxProblem(f"nested more than {MAX_DEPTH} levels deep; a timeline "
                                        "never needs this", line, column)
                flow = bool(event.flow_style)
                self.flow_depth += flow
                stack.append(Mapping(line, column, flow) if cls is MappingStartEvent
                             else Sequence(line, column, flow))
                keys.append(None)
                continue
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                node = stack.pop()
                keys.pop()
                node.end_line = event.end_mark.line + 1 - (event.end_mark.column == 0)
                if node.flow:
                    self.flow_depth -= 1
                    if not self.flow_depth and node.end_line > node.line:
                        self.check_continuation(node.line, node.end_line)
            elif cls is AliasEvent:
                self.report(f"alias '*{event.anchor}': anchors and aliases are not allowed in "
                            "a timeline; write the value out in full", line, column)
                node = Scalar("", line, column, True)
            elif cls is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise SyntaxProblem("a second YAML document ('---'): a timeline file holds "
                                        "one document; remove the '---' line or split the file",
                                        line, column)
                continue
            elif cls is StreamEndEvent:
                return root
            else:  # StreamStart, DocumentEnd
                continue

            if not stack:
                root = node
                continue
            parent = stack[-1]
            if parent.__class__ is Sequence:
                parent.items.append(node)
                continue
            key = keys[-1]
            if key is None:
                keys[-1] = self.as_key(node)
                continue
            keys[-1] = None
            name = key.value
            if name in parent.items:
                first = parent.keys[name]
                self.report(f"duplicate key '{name}' (first written at line {first.line}); "
                            "keep only one", key.line, key.column, suffix=name)
                continue
            parent.items[name] = node
            parent.keys[name] = key

    def check_continuation(self, first: int, last: int):
        """Lines continuing a quoted value or a [ ]/{ } list must be indented past their key."""
        if not self.stack:
            return
        needed = self.stack[-1].column     # spaces: one more than the parent's indentation
        if self.lines is None:
            self.lines = self.text.split("\n")
        for number in range(first + 1, last + 1):
            text = self.lines[number - 1]
            if text.strip() and len(text) - len(text.lstrip(" ")) < needed:
                self.report(f"this line continues the value begun on line {first} and must be "
                            f"indented by at least {needed} space(s), not tabs", number, 1)

    def check_leading_blank_lines(self, header: int):
        """Blank lines opening a block value may not be indented deeper than its first text."""
        if self.lines is None:
            self.lines = self.text.split("\n")
        if re.search(r"[|>][-+]?[1-9]", self.lines[header - 1]):
            return    # an explicit indentation indicator sets the indentation instead
        deepest, number = 0, header
        while number < len(self.lines) and not self.lines[number].strip():
            deepest = max(deepest, len(self.lines[number]) - len(self.lines[number].lstrip(" ")))
            number += 1
        if number < len(self.lines):
            first_text = len(self.lines[number]) - len(self.lines[number].lstrip(" "))
            if deepest > first_text:
                self.report(f"blank lines at the start of this block value have more spaces "
                            f"({deepest}) than its first line of text ({first_text}); remove "
                            "the trailing spaces", header + 1, 1)

    def as_key(self, node: Node) -> Scalar:
        if node.__class__ is not Scalar:
            self.report("a key must be plain text, not a list or mapping", node.line, node.column)
            return Scalar(f"<complex key at line {node.line}>", node.line, node.column, False)
        if node.value == "<<" and node.plain:
            self.report("merge key '<<' is not allowed in a timeline; write the keys out in full",
                        node.line, node.column)
        return node


_COMMENT_CANDIDATE = re.compile(r"[^\s#]#")
_BLOCK_HEADER = re.compile(r"[|>][-+0-9]*")


def _check_comment_spacing(parser, text: str, problems: list) -> None:
    """A '#' right after a value (no space before it) is invalid YAML that libyaml accepts.

    Only run when the text has such a '#'. A '#' inside a value (a URL's #fragment, "C#")
    is fine, so values' spans come from a second, cheap pass over the events.
    """
    spans = []
    while True:
        event = parser.get_event()
        if event.__class__ is StreamEndEvent:
            break
        if event.__class__ is ScalarEvent:
            spans.append((event.start_mark.index, event.end_mark.index))
    starts = [start for start, _ in spans]
    for match in _COMMENT_CANDIDATE.finditer(text):
        at = match.start() + 1
        index = bisect.bisect_right(starts, at) - 1
        if index >= 0:
            start, end = spans[index]
            if at < end and not _BLOCK_HEADER.fullmatch(text, start, at):
                continue
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
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
        if current.__class__ is Scalar:
            result_stack.append(current.value)
        elif not done:
            todo.append((current, True))
            children = current.items if current.__class__ is Sequence else current.items.values()
            todo.extend((child, False) for child in reversed(list(children)))
        else:
            count = len(current.items)
            values = result_stack[len(result_stack) - count:] if count else []
            del result_stack[len(result_stack) - count:]
            if current.__class__ is Sequence:
                result_stack.append(values)
            else:
                result_stack.append(dict(zip(current.items.keys(), values)))
    return result_stack[0]
