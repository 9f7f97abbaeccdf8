"""A pathway's own pages: one page per step (/<pathway>/<step>/, which works without JavaScript),
and the overview with the map (/<pathway>/)."""

from __future__ import annotations

from ..cite import keys_in
from ..graph import Graph
from ..model import REVIEW_DATES
from ..render import Page
from . import pathway_json, pathway_map


class Context:
    """What a pathway's emitters share: its graph, its JSON and each step's template context."""

    def __init__(self, site, pathway, out):
        self.site, self.pathway, self.source = site, pathway, site.sources[pathway.id]
        self.graph = graph = Graph(pathway)
        nodes, depth, parent, before, left = graph.nodes, graph.depth, graph.parent, graph.predecessors, graph.steps_left()
        self.base = {"pathway": pathway.id, "type": "pathway", **pathway.model_dump(include=REVIEW_DATES)}
        self.data = pathway_json.compile_pathway(pathway, parent)
        self.flow_data = pathway_json.html_safe_json(self.data)
        self.flow_words = pathway_json.html_safe_json(out.words["flow"])  # flow.js's own words
        self.steps = []  # each step's template context, shared with the decide page
        for node in pathway.nodes:
            others = [nodes[p] for p in before[node.id] if p != parent.get(node.id)]
            options = [(target, site.page(target)) for target in getattr(node, "options", [])]
            self.steps.append(dict(
                pathway=pathway, node=node, nodes=nodes, depth=depth[node.id], total=depth[node.id] + left[node.id],
                parent=nodes.get(parent.get(node.id)), others=others,
                # Option pages are compared side by side from their summaries; tests and conditions listed.
                compare=[(t, m) for t, m in options if m.summary is not None],
                related=[(t, m) for t, m in options if m.summary is None]))
        self._content: dict[str, str] = {}

    def content(self, out, step: dict) -> str:
        """The step's content (node.md.j2), the same on its own page and on the decide page: rendered once."""
        node = step["node"]
        if node.id not in self._content:
            self._content[node.id] = out.template(node.template, **step)
        return self._content[node.id]


def emit(context, out):
    # Each step page carries the whole pathway for flow.js; past a few hundred steps that would
    # make the site grow with the square of the pathway, so the steps then go without (flow.js
    # leaves them as plain pages) and only the decide page carries it.
    step_data = context.flow_data if len(context.flow_data) <= pathway_json.MAX_EMBEDDED_JSON else None
    pathway = context.pathway
    for step in context.steps:
        node = step["node"]
        # Out of search: a pathway is found by its overview, whose map names every step. A result's
        # advice holds only for the answers that lead to it, after the warning signs (docs/adr/0028).
        meta = {**context.base, "title": node.title, "description": out.first_line(node.text) or pathway.title,
                "node": node.id, "kind": node.kind, "flow_data": step_data,
                "flow_words": context.flow_words if step_data else None, "search": {"exclude": True}, **node.facts()}
        body = out.template("_step_heading.md.j2", **step) + context.content(out, step)
        yield Page(f"{pathway.id}/{node.id}.md", meta, body, context.source, own_heading=True)


def emit_overview(context, out):
    pathway, site = context.pathway, context.site
    yield Page(f"{pathway.id}/index.md",
               {**context.base, "title": pathway.title, "description": out.first_line(pathway.summary)},
               out.template("overview.md.j2", pathway=pathway, nodes=context.graph.nodes,
                            map=pathway_map.map_layout(context.graph, out.words), map_steps=pathway_map.map_steps(context.graph)),
               context.source, extra_keys=_keys_of(pathway, site))


def _keys_of(pathway, site) -> list[str]:
    """Every source the pathway cites, and the emergency warning signs' (the overview lists them all)."""
    texts = [pathway.summary] + [n.text or "" for n in pathway.nodes]
    if site.warning_signs and "emergency" in site.warning_signs.levels:
        texts += [s.text for s in site.warning_signs.levels["emergency"].signs]
    keys = [key for t in texts for key, _ in keys_in(t)] + list(pathway.sources)
    return list(dict.fromkeys(keys))
