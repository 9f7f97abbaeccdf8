"""The pathway as JSON for theme/assets/flow.js: /<pathway>/pathway.json, and embedded in step pages.

It holds only the graph and the words the script shows as text (titles and answer labels);
its shape is schema/flow.schema.json (a test checks every pathway's JSON against it). How the
flow uses it, and why the answers live in the address's fragment: docs/adr/0021.
"""

from __future__ import annotations

import json
from typing import Literal

from pydantic import Field

from ..model import KINDS, Pathway, Strict, Urgency
from ..render import Generated, json_text

MAX_EMBEDDED_JSON = 32_000  # characters of pathway JSON in each step page (about 150 steps)


# The contract with flow.js, as a model: `pathways schema` writes it as schema/flow.schema.json.
class FlowAnswer(Strict):
    label: str = Field(description="The answer's words, shown in the reader's list of answers.")
    next: str = Field(description="Id of the step it leads to.")


class FlowStep(Strict):
    id: str = Field(description="The step's id; its page is ../<id>/.")
    kind: Literal[tuple(KINDS)] = Field(description="The kind of step (model.NODE_KINDS); flow.js reads its shape, not this.")
    title: str = Field(description="The step's title, shown as text.")
    back: str | None = Field(description="Id of the step before it on the shortest route (none at the start).")
    answers: list[FlowAnswer] | None = Field(None, description="A step the reader answers: its answers, in order "
                                                               "(#answers=<id>.<n> counts them from 1).")
    next: str | None = Field(None, description="A step with one way on and nothing to answer: where it leads.")
    urgency: Urgency | None = Field(None, description="A result: how soon to act.")


class FlowPathway(Strict):
    """/<pathway>/pathway.json and the page data of step and decide pages: what flow.js reads."""

    id: str
    title: str = Field(description="The pathway's title (the back link at the start names it).")
    start: str = Field(description="Id of the first step.")
    nodes: list[FlowStep]


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


def emit(context, out):
    yield Generated(f"{context.pathway.id}/pathway.json",
                    json_text(context.data), context.source)
