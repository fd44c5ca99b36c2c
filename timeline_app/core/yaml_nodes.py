"""Build located YAML nodes from libyaml's event stream, refusing what a timeline never needs.

PyYAML's constructor is the slow part of loading and guesses types the YAML 1.1 way (`no` is
False). We read libyaml's events ourselves and keep every scalar as text with its line and
column; the timeline schema converts values later. Tags, anchors, aliases and merge keys are
refused here, so alias and merge-key bombs cannot expand, and duplicate keys are reported
instead of silently keeping the last one.
"""
from __future__ import annotations

import yaml
from yaml.events import (AliasEvent, DocumentStartEvent, MappingEndEvent, MappingStartEvent,
                         ScalarEvent, SequenceEndEvent, SequenceStartEvent, StreamEndEvent)

try:
    from yaml._yaml import CParser
except ImportError:  # PyYAML built without libyaml: same events, slower
    CParser = None

MAX_DEPTH = 64
MAX_PROBLEMS = 1000


class Scalar:
    __slots__ = ("value", "line", "column", "plain")

    def __init__(self, value: str, line: int, column: int, plain: bool):
        self.value = value
        self.line = line
        self.column = column
        self.plain = plain


class Sequence:
    __slots__ = ("items", "line", "column", "end_line")

    def __init__(self, line: int, column: int):
        self.items: list = []
        self.line = line
        self.column = column
        self.end_line = line


class Mapping:
    __slots__ = ("items", "keys", "line", "column", "end_line")

    def __init__(self, line: int, column: int):
        self.items: dict = {}     # key text -> node
        self.keys: dict = {}      # key text -> its Scalar (for the key's position)
        self.line = line
        self.column = column
        self.end_line = line


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


def _parser(text: str):
    return CParser(text) if CParser is not None else yaml.BaseLoader(text)


def parse_nodes(text: str, problems: list) -> Node | None:
    """The document's root node (None for an empty file).

    Problems are appended as (severity, message, line, column, yaml_path) tuples. A syntax
    error stops reading and is the only problem then reported for the stream.
    """
    builder = _Builder(problems)
    try:
        return builder.run(_parser(text))
    except SyntaxProblem as stop:
        problems.append(("error", stop.message, stop.line, stop.column, builder.path()))
    except TooManyProblems:
        problems.append(("error", f"more than {MAX_PROBLEMS} problems; stopped reading here",
                         builder.line, 1, ""))
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
    return None


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

    def __init__(self, problems: list):
        self.problems = problems
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
                node = Scalar(event.value, line, column, not event.style)
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                if event.anchor is not None or event.tag is not None:
                    self.refuse_decorations(event, line, column)
                if len(stack) >= MAX_DEPTH:
                    raise SyntaxProblem(f"nested more than {MAX_DEPTH} levels deep; a timeline "
                                        "never needs this", line, column)
                stack.append(Mapping(line, column) if cls is MappingStartEvent
                             else Sequence(line, column))
                keys.append(None)
                continue
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                node = stack.pop()
                keys.pop()
                node.end_line = event.end_mark.line + 1 - (event.end_mark.column == 0)
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

    def as_key(self, node: Node) -> Scalar:
        if node.__class__ is not Scalar:
            self.report("a key must be plain text, not a list or mapping", node.line, node.column)
            return Scalar(f"<complex key at line {node.line}>", node.line, node.column, False)
        if node.value == "<<" and node.plain:
            self.report("merge key '<<' is not allowed in a timeline; write the keys out in full",
                        node.line, node.column)
        return node


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
