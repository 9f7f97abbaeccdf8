"""Reading authors' files: YAML with line numbers, and Markdown pages with front matter.

Nothing here judges the content (that is validate.py); it only refuses files that
cannot be read at all: not UTF-8, empty, broken YAML, or YAML aliases that would
expand into a huge document.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, SequenceNode

from .problems import Problem, Problems
from .yaml_errors import explain

# A pathway has a few hundred YAML nodes; a million-node expansion is an attack or a mistake.
MAX_EXPANDED_NODES = 100_000


@dataclass
class Document:
    """A parsed YAML file that remembers where each value came from."""

    path: str  # as shown to authors, relative to the project
    data: Any
    root: Node  # the parsed YAML before it became data: it knows the line of every value
    lines: list[str]
    line_offset: int = 0  # lines before the YAML starts (front matter)

    def find(self, needle: str, loc: tuple) -> tuple[int, int]:
        """1-based position of `needle` in the source, searching from the value at `loc` on."""
        line, _ = self.where(loc)
        for number in range(line - self.line_offset - 1, len(self.lines)):
            col = self.lines[number].find(needle)
            if col >= 0:
                return number + 1 + self.line_offset, col + 1
        return self.where(loc)

    def _walk(self, loc: tuple):
        """Follow `loc` as far as it exists, skipping names that are not keys (pydantic's union tags).
        Yields (key node or None for a list item, value node) for each step taken."""
        node = self.root
        for key in loc:
            if isinstance(node, MappingNode):
                pair = next(((k, v) for k, v in node.value if k.value == str(key)), None)
                if pair:
                    yield pair
                    node = pair[1]
            elif isinstance(node, SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
                yield None, node.value[key]
                node = node.value[key]
            else:
                return

    def _position(self, node: Node) -> tuple[int, int]:
        return node.start_mark.line + 1 + self.line_offset, node.start_mark.column + 1

    def where(self, loc: tuple) -> tuple[int, int]:
        """1-based (line, col) of the value at `loc`, or of the nearest parent that exists.
        A list or mapping is shown at its key, as an editor would point to it."""
        position = self._position(self.root)
        for key, value in self._walk(loc):
            position = self._position(key if key and isinstance(value, (MappingNode, SequenceNode)) else value)
        return position

    def key_position(self, loc: tuple) -> tuple[int, int]:
        """1-based position of the *key* at the end of `loc` (for unknown fields)."""
        steps = list(self._walk(loc))
        if steps and steps[-1][0] is not None and steps[-1][0].value == str(loc[-1]):
            return self._position(steps[-1][0])
        return self.where(loc)

    def problem(self, loc: tuple, message: str, *, at_key: bool = False) -> Problem:
        line, col = self.key_position(loc) if at_key else self.where(loc)
        return Problem(self.path, line, col, message)


def read_text(path: Path, shown_as: str) -> str:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        col = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        raise Problems([Problem(shown_as, line, col,
                                "this file is not saved as UTF-8 text: save it again as UTF-8 "
                                "(in most editors: File > Save with encoding > UTF-8)")])
    if not text.strip():
        raise Problems([Problem(shown_as, 1, 1, "this file is empty")])
    return text.removeprefix("\ufeff")


def _expanded_size(node: Node, memo: dict[int, int]) -> int:
    """How many nodes the document has once every alias is copied out in full."""
    if id(node) in memo:
        return memo[id(node)]
    memo[id(node)] = 1  # guards against recursive aliases while this node is being measured
    size = 1
    if isinstance(node, SequenceNode):
        size += sum(_expanded_size(child, memo) for child in node.value)
    elif isinstance(node, MappingNode):
        size += sum(_expanded_size(k, memo) + _expanded_size(v, memo) for k, v in node.value)
    memo[id(node)] = size
    return size


# The live preview re-reads every file on each save; an unchanged file is parsed only once.
# Nothing changes a Document after parsing, so sharing one is safe.
@functools.lru_cache(maxsize=4096)
def parse_yaml(text: str, shown_as: str, line_offset: int = 0) -> Document:
    # The safe loader reads YAML 1.2 ("No" stays a word, not false), refuses duplicate keys, and
    # parses in C (ruamel.yaml.clib): ten times faster than the round-trip one on a large site.
    yaml = YAML(typ="safe")
    try:
        root = yaml.compose(text)
        if root is not None and _expanded_size(root, {}) > MAX_EXPANDED_NODES:
            raise Problems([Problem(shown_as, 1 + line_offset, 1,
                                    "this file uses YAML aliases (*name) that would expand into a huge "
                                    f"document (over {MAX_EXPANDED_NODES:,} items); write the values out instead")])
        # Built from the nodes above rather than parsed again: parsing is most of the time.
        data = yaml.constructor.construct_document(root) if root is not None else None
    except MarkedYAMLError as err:
        line, col, message = explain(err, text)
        raise Problems([Problem(shown_as, line + line_offset, col, message)]) from None
    except YAMLError as err:
        raise Problems([Problem(shown_as, 1 + line_offset, 1, f"this is not valid YAML: {err}")]) from None
    if data is None:
        raise Problems([Problem(shown_as, 1 + line_offset, 1, "this file has no content, only comments")])
    return Document(shown_as, data, root, text.splitlines(), line_offset)


def read_yaml(path: Path, shown_as: str) -> Document:
    return parse_yaml(read_text(path, shown_as), shown_as)


@dataclass
class Page:
    """A hand-written Markdown page: its front matter and body."""

    path: str  # shown to authors, e.g. content/options/medicines.md
    rel: str  # path under content/, e.g. options/medicines.md
    front: Document
    body: str
    body_line: int  # line number of the body's first line


def read_page(path: Path, shown_as: str, rel: str) -> Page:
    text = read_text(path, shown_as)
    lines = text.split("\n")
    if lines[0].strip() != "---" or "---" not in (line.strip() for line in lines[1:]):
        raise Problems([Problem(shown_as, 1, 1,
                                "this page has no front matter: start it with a line '---', then title, "
                                "description, type and review dates, then another '---'")])
    end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    front = parse_yaml("\n".join(lines[1:end]) + "\n", shown_as, line_offset=1)
    return Page(shown_as, rel, front, "\n".join(lines[end + 1:]), end + 2)
