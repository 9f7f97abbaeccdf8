"""The decision flow: a page per pathway that asks one question at a time, the pathway as
JSON for it, and a map of the whole pathway for the overview page.

Addresses. The reader's place and answers live in the URL:

- Every step has one address, its static page /<pathway>/<node>/ (node.md.j2). That page
  works on its own without JavaScript, so it is both the fallback and what a link to a
  step opens.
- The answers given so far are in the fragment, which browsers never send to a server:
  /<pathway>/<node>/#answers=<question-id>.<n>,<question-id>.<n> (n counts that question's
  answers from 1). Answers are replayed from the start, so the same answers always reach
  the same step and always give the same address; a fragment that does not replay to the
  step in the path is ignored, as if the reader had arrived without answers.
- /<pathway>/decide/ is the same flow on one page. It holds every step, rendered by the
  same template as the step pages (only the current one is shown), and the pathway JSON.
  Each answer is a real link to the next step's page, with the answers so far in its
  fragment; theme/assets/flow.js follows it in place instead: it shows that step, moves
  focus to its heading and pushes the link's address (history.pushState), so Back and
  Forward step through the flow and a copied address opens the same step on its static
  page. The decide page opens at the start, at #answers=... or at #at=<node>, and then
  shows the address of that step (history.replaceState).
- On a step page, flow.js only reads the fragment: it lists the answers with a "change"
  link for each and makes the answer, continue and back links carry the answers on.

The pathway JSON holds only the graph and the words the script shows as text (titles and
answer labels). It is written to /<pathway>/pathway.json and embedded in each step page
(by theme/main.html, from the page's front matter).
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass

from . import words
from .graph import Graph
from .model import Pathway

# The map: sizes in SVG user units (CSS pixels at 100 %).
BOX_WIDTH = 200
LINE_HEIGHT = 16
CHARS_PER_LINE = 25  # of a 13px title in a 200-wide box, with padding
COLUMN_GAP = 40
ROW_GAP = 70  # at least; more when a row has many answers, each label on lines of its own
LABEL_LINE = 16
LABEL_CHARS = 22  # of a 12px label: wrapped onto more lines, never cut short
MAX_EMBEDDED_JSON = 32_000  # characters of pathway JSON in each step page (about 150 steps)


# ---------------------------------------------------------------- the pathway as data

def compile_pathway(pathway: Pathway, parent: dict[str, str]) -> dict:
    """What flow.js needs: the graph, and titles and labels to show as text.

    `parent` is the step before each step on the shortest route, used for the back link
    when the reader's own route is not known."""
    nodes = []
    for node in pathway.nodes:
        item = {"id": node.id, "kind": node.kind, "title": node.title, "back": parent.get(node.id)}
        exits = node.exits()
        if len(exits) == 1 and exits[0].label is None:  # one way on, no answer to choose
            item["next"] = exits[0].next
        elif exits:
            item["answers"] = [{"label": e.label, "next": e.next} for e in exits]
        nodes.append(item | node.facts())
    return {"id": pathway.id, "title": pathway.title, "start": pathway.start, "nodes": nodes}


def html_safe_json(data: dict) -> str:
    """JSON that can sit inside <script> in an HTML page: no pathway text can end the script
    (`</script>`) or open a comment, because <, > and & are written as \\u escapes."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# ---------------------------------------------------------------- the map

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


def _exits(node) -> list[tuple[str, str]]:
    """Each exit's label on the map: an information step's one way on says "Continue"."""
    return [(words.catalogue()["continue"] if e.label is None else e.label, e.next) for e in node.exits()]


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


def map_layout(graph: Graph) -> dict:
    """Boxes and arrows of the pathway map, drawn at build time as SVG (templates/map_svg.html.j2)."""
    rows = _rows(graph)
    nodes = graph.nodes
    width = max(len(row) for row in rows) * (BOX_WIDTH + COLUMN_GAP) + COLUMN_GAP
    boxes: dict[str, Box] = {}
    y = 20.0
    for row in rows:
        row_boxes = []
        for node_id in row:
            node = nodes[node_id]
            urgency = node.facts().get("urgency")
            caption = words.kind_label(node.kind) + (f": {urgency}" if urgency else "")
            row_boxes.append(Box(node_id, node.kind, urgency, caption, node.title, _wrap(node.title)))
        height = max(len(b.lines) for b in row_boxes) * LINE_HEIGHT + 36
        left = (width - len(row) * (BOX_WIDTH + COLUMN_GAP) + COLUMN_GAP) / 2
        for i, box in enumerate(row_boxes):
            box.x, box.y, box.height = left + i * (BOX_WIDTH + COLUMN_GAP), y, height
            boxes[box.id] = box
        label_lines = max(sum(len(_wrap(label, LABEL_CHARS)) for label, _ in _exits(nodes[node_id])) for node_id in row)
        y += height + max(ROW_GAP, 30 + label_lines * LABEL_LINE)
    edges = []
    for node in graph.pathway.nodes:
        source = boxes[node.id]
        exits = _exits(node)
        above = 0  # label lines already placed under this box: each label starts below the last
        for i, (label, target_id) in enumerate(exits):
            target, lines = boxes[target_id], _wrap(label, LABEL_CHARS)
            if target.y > source.y:  # downwards: from the bottom edge, spread out, to the top
                p0 = (source.x + BOX_WIDTH * (i + 1) / (len(exits) + 1), source.y + source.height)
                p3 = (target.x + BOX_WIDTH / 2, target.y - 6)
                middle = (p0[1] + p3[1]) / 2
                p1, p2 = (p0[0], middle), (p3[0], middle)
                label_at = _at_height(p0, p1, p2, p3, p0[1] + LABEL_LINE * (above + 1))
            else:  # back up or along the row: round the right-hand side
                p0 = (source.x + BOX_WIDTH, source.y + source.height * (i + 1) / (len(exits) + 1))
                p3 = (target.x + BOX_WIDTH + 6, target.y + target.height / 2)
                bulge = max(p0[0], p3[0]) + COLUMN_GAP * 0.9
                p1, p2 = (bulge, p0[1]), (bulge, p3[1])
                label_at = _point(p0, p1, p2, p3, 0.5)
            path = "M{:.0f},{:.0f} C{:.0f},{:.0f} {:.0f},{:.0f} {:.0f},{:.0f}".format(*p0, *p1, *p2, *p3)
            above += len(lines)
            edges.append(Edge(path, lines, label_at[0], label_at[1] + 4))
    return {"boxes": list(boxes.values()), "edges": edges, "width": width, "height": max(b.y + b.height for b in boxes.values()) + 20,
            "line_height": LINE_HEIGHT, "label_line": LABEL_LINE, "box_width": BOX_WIDTH}


def map_steps(graph: Graph) -> list[MapStep]:
    """The map in words, flat: each step with a way on once, numbered in the order a reader meets
    them (nearest the start first), with where each of its exits leads."""
    nodes = graph.nodes
    asked = [nodes[i] for i in graph.depth if nodes[i].exits()]
    number = {node.id: n for n, node in enumerate(asked, 1)}
    return [MapStep(number[node.id], node, [(e.label, nodes[e.next], number.get(e.next)) for e in node.exits()])
            for node in asked]


# ---------------------------------------------------------------- the pages

def render(renderer, pathway: Pathway, steps: list[dict], data: dict, flow_data: str) -> None:
    """Write the decide page and pathway.json. `steps` are the template contexts of the
    step pages, so each step on the decide page is rendered exactly as on its own page;
    `flow_data` is `data` as html_safe_json made it for them. Each step numbers its own
    sources from 1 and lists only those, so a printed result carries only what it cites."""
    renderer.files[f"{pathway.id}/pathway.json"] = json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    rel = f"{pathway.id}/decide.md"
    start = next(step for step in steps if step["node"].id == pathway.start)
    sections = []
    for step in steps:
        body, numbering = renderer.cite(renderer.template(step["node"].template, own_page=False, **step),
                                        anchor=f"ref-{step['node'].id}-")
        sections.append((step["node"], body + "\n\n" + renderer.sources(numbering, rel)))
    review = pathway.model_dump(include={"reviewed_by", "last_reviewed", "next_review"})
    meta = {"pathway": pathway.id, "type": "pathway", **review,
            "title": f"{pathway.title}: one question at a time",
            "description": f"{pathway.title}, one question at a time.",
            "hide": ["toc"],  # the hidden steps' headings would fill the contents list
            # Search finds each step on its own page; indexed here too, every hit would show twice.
            "search": {"exclude": True},
            "flow_data": flow_data}
    renderer.page(rel, meta, renderer.template("decide.md.j2", pathway=pathway, sections=sections, start=start["node"]),
                  own_heading=True)
