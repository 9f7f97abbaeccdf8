"""Reading authors' files: YAML with line numbers, and Markdown pages with front matter.

Nothing here judges the content (that is validate.py); it only refuses files that
cannot be read at all: not UTF-8, empty, broken YAML, or YAML aliases that would
expand into a huge document.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import ConstructorError, SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent
from ruamel.yaml.nodes import MappingNode, Node, SequenceNode
from ruamel.yaml.resolver import VersionedResolver

from . import safefiles
from .problems import Problem, Problems
from .yaml_errors import explain

# A pathway has a few hundred YAML nodes; aliases adding a million is an attack or a mistake.
MAX_EXPANDED_NODES = 100_000
# A pathway nests about six levels; thousands would exhaust the parser's stack.
MAX_DEPTH = 100


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
    raw = safefiles.read_bytes(path, shown_as)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(raw) > 1 and b"\x00" in raw[:2]):
        raise Problems([Problem(shown_as, 1, 1, "this file is saved as UTF-16 text: save it again as UTF-8 "
                                                "(in most editors: File > Save with encoding > UTF-8)")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        col = len(raw[raw.rfind(b"\n", 0, err.start) + 1: err.start].decode("utf-8", "replace")) + 1
        raise Problems([Problem(shown_as, line, col,
                                "this file is not saved as UTF-8 text: save it again as UTF-8 "
                                "(in most editors: File > Save with encoding > UTF-8)")])
    if not text.strip():
        raise Problems([Problem(shown_as, 1, 1, "this file is empty")])
    text = text.removeprefix("\ufeff")
    hidden = _HIDDEN.search(text)
    if hidden:
        line = text.count("\n", 0, hidden.start()) + 1
        col = hidden.start() - (text.rfind("\n", 0, hidden.start()) + 1) + 1
        raise Problems([Problem(shown_as, line, col, f"an invisible control character (code {ord(hidden.group(0))}) "
                                                     "is here: delete it (it often comes from copying text "
                                                     "out of another program)")])
    return text


# Characters YAML refuses and Markdown would pass on unseen: C0 and C1 controls, except tab and line ends.
_HIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


def _check_shape(text: str, shown_as: str, line_offset: int) -> bool:
    """Refuse YAML nested deeper than anyone writes (the parser would run out of stack) and an
    alias inside the very list or mapping it names (it would never end), before building
    anything from it. Returns whether the file uses aliases at all."""
    depth, anchors, aliases = 0, [], False
    for event in YAML(typ="safe").parse(text):  # events come one by one: no recursion, little memory
        if isinstance(event, CollectionStartEvent):
            depth += 1
            anchors.append(event.anchor)
            if depth > MAX_DEPTH:
                raise Problems([_at(shown_as, line_offset, event, f"lists or fields are nested more than {MAX_DEPTH} "
                                                                  "levels deep here; a pathway needs only a few")])
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
            anchors.pop()
        elif isinstance(event, AliasEvent):
            aliases = True
            if event.anchor in anchors:
                raise Problems([_at(shown_as, line_offset, event, f"the alias *{event.anchor} is inside the very "
                                                                  f"thing &{event.anchor} names, so it would never "
                                                                  "end; write the values out instead")])
    return aliases


def _at(shown_as: str, line_offset: int, event, message: str) -> Problem:
    return Problem(shown_as, event.start_mark.line + 1 + line_offset, event.start_mark.column + 1, message)


def _alias_growth(root: Node) -> int:
    """How many more nodes the document has once every alias is copied out in full."""
    sizes: dict[int, int] = {}
    stack = [(root, False)]
    while stack:  # depth first, without recursion: aliases make a graph with no cycles (_check_shape)
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        if isinstance(node, SequenceNode):
            children = node.value
        elif isinstance(node, MappingNode):
            children = [part for pair in node.value for part in pair]
        else:
            children = []
        if children_done:
            sizes[id(node)] = 1 + sum(sizes[id(child)] for child in children)
        else:
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in sizes)
    return sizes[id(root)] - len(sizes)


class _Constructor(SafeConstructor):
    """The safe constructor, with what it cannot build reported at its place in the file."""

    def construct_date_as_text(self, node):
        # Kept as written: the model reads it as a date and can say where one is impossible (2026-13-01).
        return self.construct_scalar(node)

    def construct_int_or_refuse(self, node):
        try:
            return self.construct_yaml_int(node)
        except ValueError:
            raise ConstructorError(None, None, "this number is far too long to be a number anyone means",
                                   node.start_mark) from None


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_date_as_text)
_Constructor.add_constructor("tag:yaml.org,2002:int", _Constructor.construct_int_or_refuse)


class _Resolver(VersionedResolver):
    """ruamel's resolver, asking for the document's YAML version once rather than at every value
    (that question was a third of reading a 10,000-step pathway). The version is set by the
    document's start (a %YAML line), before its first value."""

    @functools.cached_property
    def versioned_resolver(self):
        return super().versioned_resolver


# The live preview re-reads every file on each save; an unchanged file is parsed only once.
# Nothing changes a Document after parsing, so sharing one is safe.
@functools.lru_cache(maxsize=4096)
def parse_yaml(text: str, shown_as: str, line_offset: int = 0) -> Document:
    # The safe loader reads YAML 1.2 ("No" stays a word, not false), refuses duplicate keys, and
    # parses in C (ruamel.yaml.clib): ten times faster than the round-trip one on a large site.
    yaml = YAML(typ="safe")
    yaml.Constructor, yaml.Resolver = _Constructor, _Resolver
    try:
        uses_aliases = _check_shape(text, shown_as, line_offset)
        root = yaml.compose(text)
        if root is not None and uses_aliases and _alias_growth(root) > MAX_EXPANDED_NODES:
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
