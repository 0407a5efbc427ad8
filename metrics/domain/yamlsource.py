"""Read YAML safely, keeping the line of every value and refusing duplicate keys.

We read the parser's events (which never build Python objects) and make the values ourselves,
so that tags like ``!!python/object`` are refused, a bad date is reported rather than raised, and
every value can be traced back to its line for error messages.

Reading is bounded, whatever the file holds: the file's size, how deeply values nest, how many
values there are, how many values aliases repeat ("billion laughs": nine aliases of nine aliases
of ... is a few hundred bytes that would expand to a billion values), how long a number may be
and how large. Each limit is checked as the events arrive, so a hostile file is refused after
reading only as much as it takes to see the limit passed, with the line where it was passed.
Nothing here recurses, so no nesting can exhaust the stack.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from metrics.domain.problems import (
    MAX_TEXT,
    Problem,
    control_message,
    control_problems,
    not_text_message,
    read_bytes,
)

Path_ = tuple[Any, ...]

MAX_PLAN_BYTES = 20_000_000  # the generated plan of 10,000 metrics (benchmarks/) is 4.4 MB
MAX_DEPTH = 50  # levels of nesting; a plan uses 6 (plan > metrics > metric > milestones > milestone > value)
MAX_VALUES = 1_000_000  # values in the whole plan, aliases expanded; the 10,000-metric plan has 445,000
MAX_REPEATED = 10_000  # values repeated through aliases (*name), all aliases together
MAX_NUMBER = 10**15  # numbers lie between -1e15 and 1e15 (sixteen digits: as exact as a float can be)
_MAX_NUMBER_CHARS = 32  # longer number text is refused unread (a 10,000-digit number takes seconds)
_PYTHON_REREAD_CHARS = 250_000  # re-read up to the error with the pure-Python parser when it is at most this long

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


class LocatedYaml:
    """A YAML document as plain Python values, with a line for every path into it."""

    def __init__(self, data: Any, lines: dict[Path_, int], refused: frozenset = frozenset()):
        self.data = data
        self.lines = lines
        self.refused = refused  # paths whose value the reader refused (a number out of range): reported once, there

    def line(self, path: Path_) -> int:
        """The line of the value at ``path``, or of its nearest enclosing value."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


def read_yaml(path: Path, display: str) -> tuple[LocatedYaml | None, list[Problem]]:
    raw, problem = read_bytes(path, display, MAX_PLAN_BYTES, "a YAML file", f"a plan may be at most {MAX_PLAN_BYTES // 1_000_000} MB (a plan of 10,000 metrics is about 4.5 MB)")
    if problem is not None:
        return None, [problem]
    assert raw is not None
    not_text = not_text_message(raw, "YAML text")
    if not_text is not None:
        return None, [Problem(display, 0, "", "", f"{not_text}; save it as UTF-8 text")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(display, line, "", "", f"is not UTF-8 text ({exc.reason} at byte {exc.start})")]
    controls = control_problems(text, display, raw=raw)
    del raw
    if controls:
        return None, controls
    try:
        builder = _read(text, display)
    except _Refused as refused:
        return None, [Problem(display, refused.line, "", "", refused.message)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        what = exc.problem or exc.context or "could not be read"
        if exc.problem and exc.context and exc.problem.startswith("but "):
            what = f"{exc.context}, {exc.problem}"  # e.g. 'expected a single document in the stream, but found another document'
        if "<block" in what or "expected key" in what:
            what += " (check the indentation)"
        return None, [Problem(display, line, "", "", f"YAML syntax error: {what}")]
    except yaml.YAMLError as exc:
        return None, [Problem(display, 0, "", "", f"YAML error: {' '.join(str(exc).split())}")]
    if not builder.found:
        return None, [Problem(display, 1, "", "", "the plan is empty (expected title, organisation, areas, metrics and actions)")]
    problems = [Problem(display, line, "", format_path(where), message) for line, where, message in builder.problems]
    return LocatedYaml(builder.root, builder.lines, frozenset(builder.refused)), problems


def _read(text: str, display: str) -> _Builder:
    """libyaml's C parser when installed (about 20x faster: a 1,000-metric plan took 3 s in pure
    Python). On a syntax error the pure-Python parser reads the text again up to the error, so the
    message is PyYAML's (it names what it expected and what it found); libyaml's own message is
    kept when that would take long (an error far into a big file)."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is None:
        return _Builder(display).build(yaml.SafeLoader(text))
    try:
        return _Builder(display).build(fast(text))
    except (yaml.scanner.ScannerError, yaml.parser.ParserError, yaml.reader.ReaderError) as exc:
        raise _python_error(text, display, exc) from None


def _python_error(text: str, display: str, fast_error: yaml.YAMLError) -> yaml.YAMLError:
    mark = getattr(fast_error, "problem_mark", None) or getattr(fast_error, "context_mark", None)
    if mark is None:
        return fast_error
    end = -1
    for _ in range(mark.line + 3):  # the error's line and two after, for the parser's look-ahead
        end = text.find("\n", end + 1)
        if end < 0:
            break
    prefix = text if end < 0 else text[: end + 1]
    if len(prefix) > _PYTHON_REREAD_CHARS:
        return fast_error
    try:
        _Builder(display).build(yaml.SafeLoader(prefix))
    except yaml.MarkedYAMLError as exc:
        found = exc.problem_mark or exc.context_mark
        if found is not None and found.line <= mark.line + 1:
            return exc
    except (yaml.YAMLError, _Refused):
        pass
    return fast_error


class _Refused(Exception):
    """A limit was passed: the file is refused at this line, and reading stops."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


@dataclass
class _Anchor:
    """A value named with &name, to be repeated where *name appears."""

    line: int
    scalar: str | None = None  # the text, when the value is a scalar (a key may repeat it)
    value: Any = None
    size: int = 0  # values in it, its own aliases expanded
    lines: tuple = ()  # (path inside it, line, assign) as recorded while reading it
    problems: tuple = ()  # (line, path inside it, message, refused)
    open: bool = True  # still being read: an alias to it now would be a loop


class _Frame:
    """A mapping or sequence being read."""

    __slots__ = ("is_map", "value", "path", "active", "line", "mark", "anchor", "log_start", "problem_start", "values_start", "key", "key_line", "first_line", "is_key")

    def __init__(self, is_map: bool, value: Any, path: Path_, active: bool, line: int, mark: Any):
        self.is_map, self.value, self.path, self.active, self.line, self.mark = is_map, value, path, active, line, mark
        self.anchor: str | None = None
        self.key: Any = _NO_KEY  # mappings: the key read, waiting for its value
        self.key_line = 0
        self.first_line: dict[str, int] = {}
        self.is_key = False  # a list or mapping written as a key: its mapping waits for the value next


_NO_KEY = object()  # a mapping waiting for a key
_SKIP = object()  # a key whose value is not kept (a duplicate, a merge key, a list as a key)


class _Builder:
    """Plain values from parser events, with the line of every path, problems, and the limits."""

    def __init__(self, display: str):
        self.display = display
        self.root: Any = None
        self.found = False
        self.lines: dict[Path_, int] = {}
        self.problems: list[tuple[int, Path_, str]] = []
        self.refused: set[Path_] = set()
        self.values = 0
        self.repeated = 0
        self.anchors: dict[str, _Anchor] = {}
        self._open_anchors = 0
        self._line_log: list[tuple[Path_, int, bool]] = []  # while an anchor is open: what it records
        self._problem_log: list[tuple[int, Path_, str, bool]] = []
        self._resolver = yaml.resolver.Resolver()
        self._plain: dict[str, tuple[Any, str | None, bool]] = {}
        self._constructor = yaml.constructor.SafeConstructor()

    # -- the stream ----------------------------------------------------------------------------

    def build(self, loader: Any) -> _Builder:
        try:
            get = loader.get_event
            get()  # stream start
            event = get()
            if isinstance(event, StreamEndEvent):
                return self
            self.found = True
            self.root, root_mark = self._document(get)
            get()  # document end
            event = get()
            if not isinstance(event, StreamEndEvent):
                raise ComposerError("expected a single document in the stream", root_mark, "but found another document", event.start_mark)
            return self
        finally:
            loader.dispose()

    def _document(self, get) -> tuple[Any, Any]:
        """The document's one value: read without recursion, one event at a time (a plan of
        10,000 metrics is 460,000 events, so this loop is written for speed)."""
        stack: list[_Frame] = []
        lines = self.lines
        root_mark = None
        while True:
            event = get()
            kind = type(event)
            if stack:
                parent = stack[-1]
                if kind is MappingEndEvent or kind is SequenceEndEvent:
                    stack.pop()
                    value = self._close(parent) if parent.anchor is not None else parent.value
                    if not stack:
                        return value, root_mark
                    if not parent.is_key:
                        self._attach(stack[-1], value)
                    continue
                if parent.is_map and parent.key is _NO_KEY:
                    self._read_key(event, kind, parent, stack)
                    continue
                if parent.is_map:
                    key = parent.key
                    if key is _SKIP:
                        active, path = False, parent.path + (_SKIP,)
                    else:
                        active, path = parent.active, parent.path + (key,)
                else:
                    active, path = parent.active, parent.path + (len(parent.value),)
            else:
                active, path = True, ()
                root_mark = event.start_mark
            line = event.start_mark.line + 1
            if kind is ScalarEvent:
                self.values += 1
                if self.values > MAX_VALUES:
                    self._count(line, 0)
                if active:
                    lines.setdefault(path, line)
                if event.anchor is None:
                    if self._open_anchors:
                        self._line_log.append((path, line, False))
                    value = self._scalar(event, path, line, active)
                else:
                    self._define(event.anchor, line, event.start_mark)
                    starts = len(self._line_log), len(self._problem_log), self.values - 1
                    self._line_log.append((path, line, False))
                    value = self._scalar(event, path, line, active)
                    self._finish_anchor(event.anchor, value, scalar=event.value, starts=starts, path=path)
            elif kind is AliasEvent:
                value = self._repeat(self._alias(event, line), path, active)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                self._count(line)
                stack.append(self._open(event, path, active))
                self._check_depth(len(stack), line)
                continue
            else:  # pragma: no cover - the parser sends nothing else inside a document
                raise ComposerError(None, None, f"unexpected {event}", event.start_mark)
            if not stack:
                return value, root_mark
            parent = stack[-1]
            if parent.is_map:
                if parent.key is not _SKIP:
                    parent.value[parent.key] = value
                    if parent.active:
                        lines[path] = parent.key_line
                parent.key = _NO_KEY
            else:
                parent.value.append(value)

    def _read_key(self, event: Any, kind: type, parent: _Frame, stack: list[_Frame]) -> None:
        key_line = event.start_mark.line + 1
        if kind is ScalarEvent:
            self._count(key_line)
            if event.anchor is not None:
                self._define(event.anchor, key_line, event.start_mark)
                self._finish_anchor(event.anchor, event.value, scalar=event.value)
            self._key(parent, event.value, key_line, event)
        elif kind is AliasEvent:
            anchor = self._alias(event, key_line)
            if anchor.scalar is not None:
                self._key(parent, anchor.scalar, key_line, None)
            else:
                self._bad_key(parent, key_line)
        else:  # a list or mapping as a key: read it, keep nothing
            self._count(key_line)
            self._bad_key(parent, key_line)
            frame = self._open(event, parent.path + (_SKIP,), False)
            frame.is_key = True
            stack.append(frame)
            self._check_depth(len(stack), key_line)

    # -- mappings and sequences ----------------------------------------------------------------

    def _open(self, event: Any, path: Path_, active: bool) -> _Frame:
        line = event.start_mark.line + 1
        is_map = isinstance(event, MappingStartEvent)
        frame = _Frame(is_map, {} if is_map else [], path, active, line, event.start_mark)
        if active:
            self.lines.setdefault(path, line)
        if event.anchor is not None:
            self._define(event.anchor, line, event.start_mark)
            frame.anchor = event.anchor
            frame.log_start, frame.problem_start, frame.values_start = len(self._line_log), len(self._problem_log), self.values - 1
        if self._open_anchors:
            self._line_log.append((path, line, False))
        tag = event.tag
        if tag is None or tag == "!":
            tag = self._resolver.resolve(yaml.MappingNode if is_map else yaml.SequenceNode, None, event.implicit)
        if tag != (_MAP if is_map else _SEQ):
            self._problem(line, path, f"YAML tag '{tag}' is not allowed (plain values only)", active)
        return frame

    def _close(self, frame: _Frame) -> Any:
        if frame.anchor is not None:
            self._finish_anchor(frame.anchor, frame.value, starts=(frame.log_start, frame.problem_start, frame.values_start), path=frame.path)
        return frame.value

    def _attach(self, parent: _Frame, value: Any) -> None:
        if not parent.is_map:
            parent.value.append(value)
            return
        key = parent.key
        if key is not _SKIP:
            parent.value[key] = value
            if parent.active:
                self.lines[parent.path + (key,)] = parent.key_line
        parent.key = _NO_KEY

    def _key(self, parent: _Frame, key: str, line: int, event: Any) -> None:
        """A mapping's key, as written (keys stay text: '1' is the key '1')."""
        if event is not None and event.style == '"':
            message = control_message(key)
            if message is not None:
                self._problem(line, parent.path, f"a key {message}", parent.active)
                parent.key = _SKIP
                return
        if key == "<<":
            self._problem(line, parent.path, "YAML merge keys ('<<') are not supported; write the fields out", parent.active)
            parent.key = _SKIP
            return
        if key in parent.first_line:
            self._problem(line, parent.path + (key,), f"duplicate key '{key}' (first given on line {parent.first_line[key]})", parent.active)
            parent.key = _SKIP
            return
        parent.first_line[key] = line
        parent.key, parent.key_line = key, line
        path = parent.path + (key,)
        if parent.active:
            self.lines[path] = line
        if self._open_anchors:
            self._line_log.append((path, line, True))

    def _bad_key(self, parent: _Frame, line: int) -> None:
        self._problem(line, parent.path, "a key must be a plain word, not a list or mapping", parent.active)
        parent.key = _SKIP

    # -- scalars -------------------------------------------------------------------------------

    def _scalar(self, event: ScalarEvent, path: Path_, line: int, active: bool) -> Any:
        value = event.value
        tag = event.tag
        if tag is None and event.implicit[0]:  # plain: the same text is the same value (dates, words, flags)
            made = self._plain.get(value)
            if made is None:
                made = self._make(self._resolver.resolve(yaml.ScalarNode, value, event.implicit), value, event)
                if len(value) <= 64:
                    self._plain[value] = made
        else:
            if tag is None or tag == "!":
                tag = _STR if tag is None else self._resolver.resolve(yaml.ScalarNode, value, event.implicit)
            made = self._make(tag, value, event)
        result, message, refused = made
        if message is not None:
            self._problem(line, path, message, active, refused)
        return result

    def _make(self, tag: str, value: str, event: ScalarEvent) -> tuple[Any, str | None, bool]:
        """A scalar's value, and what is wrong with it (None) and whether it is refused."""
        if tag == _STR:
            if len(value) > MAX_TEXT:
                return value, f"is {len(value):,} characters long: a value may have at most {MAX_TEXT:,} (the most a spreadsheet cell holds)", True
            if event.style == '"':  # only escapes (\v, \x00) make control characters: the file itself has none
                message = control_message(value)
                if message is not None:
                    return value, message, True
            return value, None, False
        if tag == _TIMESTAMP:
            return value, None, False  # kept as text; the schema checks it is a real YYYY-MM-DD date
        if tag not in _PLAIN_TAGS:
            return value, f"YAML tag '{tag}' is not allowed (plain values only)", False
        if tag in (_INT, _FLOAT) and len(value) > _MAX_NUMBER_CHARS:
            return value, f"'{value[:12]}...' is a number {len(value):,} characters long: {_NUMBER_RANGE}", True
        try:
            result = self._constructor.yaml_constructors[tag](self._constructor, yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, style=event.style))
        except (ValueError, yaml.YAMLError):
            return value, None, False
        if tag in (_INT, _FLOAT) and math.isfinite(result) and abs(result) > MAX_NUMBER:
            return value, f"{value} is too large: {_NUMBER_RANGE}", True
        return result, None, False

    # -- anchors and aliases -------------------------------------------------------------------

    def _define(self, name: str, line: int, mark: Any) -> _Anchor:
        previous = self.anchors.get(name)
        if previous is not None:
            raise ComposerError(None, None, f"the anchor '&{name}' is used twice (first on line {previous.line}): give each its own name", mark)
        anchor = self.anchors[name] = _Anchor(line)
        self._open_anchors += 1
        return anchor

    def _finish_anchor(self, name: str, value: Any, scalar: str | None = None, starts: tuple | None = None, path: Path_ = ()) -> None:
        anchor = self.anchors[name]
        anchor.value, anchor.scalar, anchor.open = value, scalar, False
        if starts is not None:
            log_start, problem_start, values_start = starts
            cut = len(path)
            anchor.lines = tuple((p[cut:], line, assign) for p, line, assign in self._line_log[log_start:])
            anchor.problems = tuple((line, p[cut:], message, refused) for line, p, message, refused in self._problem_log[problem_start:])
            anchor.size = self.values - values_start
        else:  # a key with an anchor: nothing to repeat but its text
            anchor.size = 1
        self._open_anchors -= 1
        if not self._open_anchors:
            self._line_log.clear()
            self._problem_log.clear()

    def _alias(self, event: AliasEvent, line: int) -> _Anchor:
        anchor = self.anchors.get(event.anchor)
        if anchor is None:
            raise ComposerError(None, None, f"found undefined alias '{event.anchor}'", event.start_mark)
        if anchor.open:
            raise _Refused(line, f"alias '*{event.anchor}' is inside the value it repeats (&{event.anchor} on line {anchor.line}): it would repeat for ever")
        self.repeated += anchor.size
        if self.repeated > MAX_REPEATED:
            raise _Refused(line, f"aliases repeat more than {MAX_REPEATED:,} values (here '*{event.anchor}', {anchor.size:,} values): write the values out instead")
        self._count(line, anchor.size)
        return anchor

    def _repeat(self, anchor: _Anchor, path: Path_, active: bool) -> Any:
        """The anchor's value at ``path``, with its lines and problems there, as if written out."""
        lines = self.lines
        for rel, line, assign in anchor.lines:
            if _SKIP in rel:  # inside a value that is not kept (after a duplicate key)
                continue
            where = path + rel
            if active:
                if assign:
                    lines[where] = line
                else:
                    lines.setdefault(where, line)
            if self._open_anchors:
                self._line_log.append((where, line, assign))
        for line, rel, message, refused in anchor.problems:
            if _SKIP not in rel:
                self._problem(line, path + rel, message, active, refused)
        return anchor.value

    # -- bookkeeping ---------------------------------------------------------------------------

    def _count(self, line: int, n: int = 1) -> None:
        self.values += n
        if self.values > MAX_VALUES:
            raise _Refused(line, f"the plan has more than {MAX_VALUES:,} values (a plan of 10,000 metrics has about 450,000)")

    def _check_depth(self, depth: int, line: int) -> None:
        if depth > MAX_DEPTH:
            raise _Refused(line, f"values are nested more than {MAX_DEPTH} levels deep (a plan needs 6)")

    def _problem(self, line: int, path: Path_, message: str, active: bool, refused: bool = False) -> None:
        if active:
            self.problems.append((line, path, message))
            if refused:
                self.refused.add(path)
        if self._open_anchors:
            self._problem_log.append((line, path, message, refused))


_NUMBER_RANGE = "a number must lie between -1e15 and 1e15 (put it in quotes if it is text)"


def format_path(path: Path_) -> str:
    """('metrics', 3, 'milestones', 1, 'date') -> 'metrics[3].milestones[1].date'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
