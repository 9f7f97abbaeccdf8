"""The pathway map on the overview page: boxes and arrows laid out at build time (drawn as SVG by
templates/map_svg.html.j2, no diagram library at view time), and the same map in words."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from ..graph import Graph

# The map: sizes in SVG user units (CSS pixels at 100 %).
BOX_WIDTH = 200
LINE_HEIGHT = 16
CHARS_PER_LINE = 25  # of a 13px title in a 200-wide box, with padding
COLUMN_GAP = 40
ROW_GAP = 70  # at least; more when a row has many answers, each label on lines of its own
LABEL_LINE = 16
LABEL_CHARS = 22  # of a 12px label: wrapped onto more lines, never cut short


@dataclass
class Box:
    id: str
    kind: str
    urgency: str | None
    caption: str
    title: str
    lines: list[str]
    x: float = 0
    y: float = 0
    height: float = 0


@dataclass
class Edge:
    path: str
    lines: list[str]  # the answer's label, wrapped
    label_x: float
    label_y: float  # of the first line


@dataclass
class MapStep:
    """One question (or information step) of the map in words, and where each answer leads."""

    number: int
    node: object
    exits: list[tuple[str | None, object, int | None]]  # (answer label or None for "continue", step, its number)


def _wrap(text: str, width: int = CHARS_PER_LINE) -> list[str]:
    return textwrap.wrap(text, width) or [""]


def _exits(node, said: dict) -> list[tuple[str, str]]:
    """Each exit's label on the map: an information step's one way on says "Continue"."""
    return [(said["continue"] if e.label is None else e.label, e.next) for e in node.exits()]


def _point(p0, p1, p2, p3, t: float) -> tuple[float, float]:
    """A point on a cubic Bézier curve."""
    u = 1 - t
    return tuple(u**3 * a + 3 * u * u * t * b + 3 * u * t * t * c + t**3 * d for a, b, c, d in zip(p0, p1, p2, p3))


def _at_height(p0, p1, p2, p3, y: float) -> tuple[float, float]:
    """The point where a downward curve crosses height `y`: each answer's label sits on its
    own line under the question, so labels of one question never overlap."""
    low, high = 0.0, 1.0
    for _ in range(20):  # height grows along a downward curve: halve the interval until it is tiny
        middle = (low + high) / 2
        low, high = (middle, high) if _point(p0, p1, p2, p3, middle)[1] < y else (low, middle)
    return _point(p0, p1, p2, p3, (low + high) / 2)


def _rows(graph: Graph) -> list[list[str]]:
    """Steps grouped by their distance from the start, each row ordered to keep lines from
    crossing: a step sits under the average place of the steps that lead to it."""
    depth = graph.depth
    rows: list[list[str]] = [[] for _ in range(max(depth.values()))]
    for node in graph.pathway.nodes:
        rows[depth[node.id] - 1].append(node.id)
    before = graph.predecessors
    for above, row in zip(rows, rows[1:]):
        place = {node_id: i for i, node_id in enumerate(above)}

        def weight(node_id: str) -> float:
            # Every step has a step above it: the one before it on the shortest route.
            feeders = [place[earlier] for earlier in before[node_id] if earlier in place]
            return sum(feeders) / len(feeders)

        row.sort(key=weight)
    return rows


def map_layout(graph: Graph, said: dict) -> dict:
    """Boxes and arrows of the pathway map, drawn at build time as SVG (templates/map_svg.html.j2),
    labelled in the words of the catalogue `said`."""
    rows = _rows(graph)
    width = max(len(row) for row in rows) * (BOX_WIDTH + COLUMN_GAP) + COLUMN_GAP
    boxes = _boxes(graph, rows, said, width)
    edges = []
    for node in graph.pathway.nodes:
        source = boxes[node.id]
        exits = _exits(node, said)
        above = 0  # label lines already placed under this box: each label starts below the last
        for i, (label, target_id) in enumerate(exits):
            lines = _wrap(label, LABEL_CHARS)
            path, label_at = _arrow(source, boxes[target_id], i, len(exits), above)
            above += len(lines)
            edges.append(Edge(path, lines, label_at[0], label_at[1] + 4))
    return {"boxes": list(boxes.values()), "edges": edges, "width": width, "height": max(b.y + b.height for b in boxes.values()) + 20,
            "line_height": LINE_HEIGHT, "label_line": LABEL_LINE, "box_width": BOX_WIDTH}


def _boxes(graph: Graph, rows: list[list[str]], said: dict, width: float) -> dict[str, Box]:
    """Each step's box, row by row, centred; a row is as tall as its longest title, and the gap
    under it leaves room for every answer's label of its busiest step."""
    nodes = graph.nodes
    boxes: dict[str, Box] = {}
    y = 20.0
    for row in rows:
        row_boxes = []
        for node_id in row:
            node = nodes[node_id]
            urgency = node.facts().get("urgency")
            level = said["urgency"][urgency]["level"].lower() if urgency else ""
            caption = said["kinds"][node.kind]["label"] + (f": {level}" if urgency else "")
            row_boxes.append(Box(node_id, node.kind, urgency, caption, node.title, _wrap(node.title)))
        height = max(len(b.lines) for b in row_boxes) * LINE_HEIGHT + 36
        left = (width - len(row) * (BOX_WIDTH + COLUMN_GAP) + COLUMN_GAP) / 2
        for i, box in enumerate(row_boxes):
            box.x, box.y, box.height = left + i * (BOX_WIDTH + COLUMN_GAP), y, height
            boxes[box.id] = box
        label_lines = max(sum(len(_wrap(label, LABEL_CHARS)) for label, _ in _exits(nodes[node_id], said)) for node_id in row)
        y += height + max(ROW_GAP, 30 + label_lines * LABEL_LINE)
    return boxes


def _arrow(source: Box, target: Box, i: int, count: int, above: int) -> tuple[str, tuple[float, float]]:
    """The curve of exit `i` of `count` from `source` to `target` as an SVG path, and where its
    label goes (below the `above` label lines already under the box)."""
    if target.y > source.y:  # downwards: from the bottom edge, spread out, to the top
        p0 = (source.x + BOX_WIDTH * (i + 1) / (count + 1), source.y + source.height)
        p3 = (target.x + BOX_WIDTH / 2, target.y - 6)
        middle = (p0[1] + p3[1]) / 2
        p1, p2 = (p0[0], middle), (p3[0], middle)
        label_at = _at_height(p0, p1, p2, p3, p0[1] + LABEL_LINE * (above + 1))
    else:  # back up or along the row: round the right-hand side
        p0 = (source.x + BOX_WIDTH, source.y + source.height * (i + 1) / (count + 1))
        p3 = (target.x + BOX_WIDTH + 6, target.y + target.height / 2)
        bulge = max(p0[0], p3[0]) + COLUMN_GAP * 0.9
        p1, p2 = (bulge, p0[1]), (bulge, p3[1])
        label_at = _point(p0, p1, p2, p3, 0.5)
    return "M{:.0f},{:.0f} C{:.0f},{:.0f} {:.0f},{:.0f} {:.0f},{:.0f}".format(*p0, *p1, *p2, *p3), label_at


def map_steps(graph: Graph) -> list[MapStep]:
    """The map in words, flat: each step with a way on once, numbered in the order a reader meets
    them (nearest the start first), with where each of its exits leads."""
    nodes = graph.nodes
    asked = [nodes[i] for i in graph.depth if nodes[i].exits()]
    number = {node.id: n for n, node in enumerate(asked, 1)}
    return [MapStep(number[node.id], node, [(e.label, nodes[e.next], number.get(e.next)) for e in node.exits()])
            for node in asked]
