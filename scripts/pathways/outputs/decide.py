"""The decide page, /<pathway>/decide/: the whole pathway on one page, one question at a time.

It holds every step, rendered by the same template as the step pages (flow.js shows only the
current one), and the pathway JSON. Each step numbers its own sources from 1 and lists only
those, so a printed result carries only what it cites. Why: docs/adr/0021.
"""

from __future__ import annotations

from .. import words
from ..render import Page


def emit(context, out):
    pathway = context.pathway
    rel = f"{pathway.id}/decide.md"
    sections = []
    for step in context.steps:
        body, numbering = out.cite(context.content(out, step), anchor=f"ref-{step['node'].id}-")
        sections.append((step["node"], body + "\n\n" + out.sources(numbering, rel)))
    said = {key: words.say(text, title=pathway.title) for key, text in out.words["pages"]["decide"].items()}
    meta = {**context.base, **said,
            "hide": ["toc"],  # the hidden steps' headings would fill the contents list
            "search": {"exclude": True},  # search finds a pathway by its overview (steps.emit)
            "flow_data": context.flow_data, "flow_words": context.flow_words}
    start = context.graph[pathway.start]
    yield Page(rel, meta, out.template("decide.md.j2", pathway=pathway, sections=sections, start=start),
               context.source, own_heading=True, scored=False)
