"""Read YAML safely, keeping the line of every value and refusing duplicate keys.

We compose the node tree (which never builds Python objects) and convert it ourselves, so
that tags like ``!!python/object`` are refused, a bad date is reported rather than raised, and
every value can be traced back to its line for error messages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from metrics.domain.problems import Problem

Path_ = tuple[Any, ...]

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


class LocatedYaml:
    """A YAML document as plain Python values, with a line for every path into it."""

    def __init__(self, data: Any, lines: dict[Path_, int]):
        self.data = data
        self.lines = lines

    def line(self, path: Path_) -> int:
        """The line of the value at ``path``, or of its nearest enclosing value."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


def read_yaml(path: Path, display: str) -> tuple[LocatedYaml | None, list[Problem]]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [Problem(display, 0, "", "", "file not found")]
    except IsADirectoryError:
        return None, [Problem(display, 0, "", "", "is a folder, not a YAML file")]
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        return None, [Problem(display, line, "", "", f"is not UTF-8 text ({exc.reason} at byte {exc.start})")]
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        what = exc.problem or exc.context or "could not be read"
        if exc.problem and exc.context and exc.problem.startswith("but "):
            what = f"{exc.context}, {exc.problem}"  # e.g. 'expected a single document in the stream, but found another document'
        if "<block" in what:
            what += " (check the indentation)"
        return None, [Problem(display, line, "", "", f"YAML syntax error: {what}")]
    except yaml.YAMLError as exc:  # e.g. several documents
        return None, [Problem(display, 0, "", "", f"YAML error: {exc}")]
    if node is None:
        return None, [Problem(display, 1, "", "", "the plan is empty (expected title, organisation, areas, metrics and actions)")]
    converter = _Converter(display)
    data = converter.convert(node, ())
    return LocatedYaml(data, converter.lines), converter.problems


def _compose(text: str) -> yaml.Node | None:
    """libyaml's C parser when installed (about 20x faster: a 1,000-metric plan took 3 s in pure
    Python); on any error the pure-Python parser reads it again, so messages stay the same."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return yaml.compose(text, Loader=fast)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


class _Converter:
    def __init__(self, display: str):
        self.display = display
        self.lines: dict[Path_, int] = {}
        self.problems: list[Problem] = []
        self._scalars = yaml.constructor.SafeConstructor()

    def convert(self, node: yaml.Node, path: Path_) -> Any:
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                self._bad_tag(node, path)
            return [self.convert(item, path + (i,)) for i, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        if node.tag != _MAP:
            self._bad_tag(node, path)
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                self._add(line, path, "a key must be a plain word, not a list or mapping")
                continue
            key = key_node.value
            if key == "<<":
                self._add(line, path, "YAML merge keys ('<<') are not supported; write the fields out")
                continue
            if key in first_line:
                self._add(line, path + (key,), f"duplicate key '{key}' (first given on line {first_line[key]})")
                continue
            first_line[key] = line
            self.lines[path + (key,)] = line
            result[key] = self.convert(value_node, path + (key,))
            self.lines[path + (key,)] = line
        return result

    def _scalar(self, node: yaml.ScalarNode, path: Path_) -> Any:
        if node.tag == _TIMESTAMP:
            return node.value  # kept as text; the schema checks it is a real YYYY-MM-DD date
        if node.tag in _PLAIN_TAGS:
            try:
                return self._scalars.construct_object(node)
            except (ValueError, yaml.YAMLError):
                return node.value
        self._bad_tag(node, path)
        return node.value

    def _bad_tag(self, node: yaml.Node, path: Path_) -> None:
        self._add(node.start_mark.line + 1, path, f"YAML tag '{node.tag}' is not allowed (plain values only)")

    def _add(self, line: int, path: Path_, message: str) -> None:
        self.problems.append(Problem(self.display, line, "", format_path(path), message))


def format_path(path: Path_) -> str:
    """('metrics', 3, 'milestones', 1, 'date') -> 'metrics[3].milestones[1].date'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
