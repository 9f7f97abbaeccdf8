"""Rendering: the validated Site becomes Markdown (and JSON, SVG) files for mkdocs.

`render_site` is a pure function from the Site to {path under the docs folder: text};
`write_tree` puts that on disk. Every page goes through templates/page.md.j2, which
adds the front matter the theme reads and the page's own reference list.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined

from . import flow, links, placeholders, safefiles, words
from .cite import Numbering, blank_code, keys_in, link_citations
from .graph import Graph
from .model import Pathway
from .readability import plain_text
from .sanitise import author_markdown
from .validate import Site

# How soon to act. Each urgency is shown as one of the three care cards of the NHS design system
# (non-urgent, urgent, immediate), which starts with the words a screen reader hears first (the
# words are the catalogue's, locales/en.yaml).
CARDS = {"routine": "non-urgent", "soon": "non-urgent", "urgent": "urgent", "emergency": "emergency"}
URGENCY = {key: {"card": card, **words.catalogue()["urgency"][key]} for key, card in CARDS.items()}
URGENCY_WORDS = {key: f'{u["level"]}: {u["action"][0].lower()}{u["action"][1:].rstrip(".")}' for key, u in URGENCY.items()}
KIND_WORDS = {kind: w["word"] for kind, w in words.catalogue()["kinds"].items()}
# HTML's own characters as entities, and a backslash before each character Markdown acts on.
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", **{c: "\\" + c for c in "\\`*_{}[]!|"}})
# "- [ ] Question?" items: the tasklist extension writes a checkbox with no label (axe-core reports it),
# so the generator writes each box inside a label holding its question, as node.md.j2 does.
_TICK_ITEM = re.compile(r"^(\s*[-*+]) \[ \] (.*)$", re.M)


def text(value: str) -> str:
    """Plain text from a pathway, made safe to drop into Markdown: shown as typed, never run.
    On one line: a line break could start a heading or end the list the text is in."""
    return " ".join(str(value).splitlines()).translate(_TEXT_ESCAPES)


ENV = Environment(
    loader=PackageLoader("pathways", "templates"),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
    auto_reload=False,  # templates ship with the package: no need to check their dates on every page
)
ENV.filters["text"] = text
ENV.filters["markdown"] = author_markdown


@dataclass
class Rendered:
    """What one page cites, so the References page can link back to it."""

    rel: str  # the page's file in the docs folder, e.g. options/medicines.md
    title: str
    keys: list[str] = field(default_factory=list)


class SiteRenderer:
    def __init__(self, site: Site, today: dt.date):
        self.site, self.today = site, today
        self.files: dict[str, str | bytes] = {}
        self.terms = sorted(site.glossary.terms.items(), key=lambda kv: kv[0].lower()) if site.glossary else []
        self.cited: list[Rendered] = []
        self.readable: dict[str, str] = {}  # patient pages' text, for the reading-level check
        self.reviews: dict[str, dt.date] = {}  # next review date of every page
        self.metas: dict[str, dict] = {}  # every page's front matter, for the clinicians' list
        self.config = links.site_config(site.root)

    # -- one page ------------------------------------------------------------

    def page(self, rel: str, meta: dict, body: str, extra_keys: list[str] = (), own_heading: bool = False) -> None:
        """Write one page. `own_heading`: the body starts with its own "# " heading (pathway steps);
        other pages get their title as heading here (the theme would show the menu label instead)."""
        if meta.get("audience", "patients") == "patients":
            self.readable[rel] = placeholders.fill(body, self.site.review.locale)
        self.reviews[rel] = meta["next_review"]
        self.metas[rel] = meta
        body, numbering = self.cite(body)
        for key in extra_keys:
            numbering.number(key)
        meta["review_overdue"] = meta["next_review"] < self.today
        # Dates as text here: templates call no Python methods (MiniJinja has none).
        meta["last_reviewed_text"], meta["next_review_text"] = _date(meta["last_reviewed"]), _date(meta["next_review"])
        front = {k: v for k, v in meta.items() if v is not None}
        front["title"] = html.escape(str(meta["title"]), quote=False)  # the theme prints titles unescaped
        # ... and the description inside a quoted attribute (<meta name="description" content="...">).
        front["description"] = html.escape(str(meta["description"]), quote=True)
        front["qr"] = links.qr_file(rel)  # for the printout (main.html); pipeline.generate makes the codes
        sources = self.sources(numbering, rel)
        # The abbr extension turns each glossary term into a tooltip. Only the terms the page uses:
        # Markdown parses every definition line, and all of them on every page made up most of
        # the build time of a large site.
        text = body + sources
        terms = [(term, meaning) for term, meaning in self.terms if term in text]
        self.files[rel] = ENV.get_template("page.md.j2").render(
            front_matter=_yaml(front), body=body, sources=sources, terms=terms,
            heading=None if own_heading else meta["title"], print_button=meta.get("type") == "option",
        )
        self.cited.append(Rendered(rel, str(meta["title"]), list(numbering.order)))

    def first_line(self, markdown: str | None) -> str:
        """A page's description: its first sentence, placeholders filled before the Markdown is stripped."""
        return _first_line(placeholders.fill(markdown or "", self.site.review.locale))

    def cite(self, body: str, anchor: str = "ref-") -> tuple[str, Numbering]:
        """The body with its citations as numbered links, and the numbering (which sources, in what order)."""
        numbering = Numbering(anchor)
        return link_citations(_tick_boxes(body), numbering, self.site.bibliography), numbering

    def sources(self, numbering: Numbering, rel: str) -> str:
        """The folded "Sources (N)" list of what `numbering` numbered, for the page `rel` ("" if none)."""
        if not numbering.order:
            return ""
        return ENV.get_template("_sources.md.j2").render(
            references=[(key, self.site.bibliography.render(key)) for key in numbering.order],
            anchor=numbering.anchor, list_id="references" if numbering.anchor == "ref-" else numbering.anchor + "list",
            references_url=links.relative_url(links.url_of("references.md"), links.url_of(rel)))

    def template(self, name: str, **context) -> str:
        return ENV.get_template(name).render(
            signs=self.site.warning_signs, urgency=URGENCY, urgency_words=URGENCY_WORDS, kind_words=KIND_WORDS,
            locale=self.site.review.locale, **context
        )

    # -- the whole site ------------------------------------------------------

    def render(self) -> dict[str, str | bytes]:
        content = self.site.root / "content"
        for page, meta in self.site.pages:
            self.page(page.rel, meta.model_dump(mode="python"), page.body)
        for rel in self.site.assets:  # regular files only, as load_site listed them (safefiles)
            self.files[rel] = safefiles.read_bytes(content / rel, f"content/{rel}")
        for pathway in self.site.pathways:
            self.pathway(pathway)
        review = self.site.review.model_dump()
        self.page("pathways.md", {"title": "Pathways", "description": "Choose the injection that did not help.",
                                  "type": "about", **review},
                  self.template("pathways.md.j2", pathways=self.site.pathways))
        if self.site.warning_signs:
            ws = self.site.warning_signs
            self.page("warning-signs.md", {"title": ws.title, "description": ws.description, "type": "about",
                                           **ws.model_dump(include={"reviewed_by", "last_reviewed", "next_review"})},
                      self.template("warning-signs.md.j2"))
        if self.terms:
            self.page("glossary.md", {"title": "Glossary", "description": "Medical words explained in plain language.",
                                      "type": "about", **review}, self.template("glossary.md.j2", terms=self.terms))
        self.clinicians_page(review)
        self.references_page(review)
        # Last, so that every alias finds its page. (Each page's QR code is made in pipeline.generate.)
        self.files.update(links.redirect_pages(self.site, self.config))
        # Locale values are plain words and digits (model.Locale), safe in Markdown, HTML and JSON alike.
        locale = self.site.review.locale
        return {rel: placeholders.fill(data, locale) if isinstance(data, str) else data
                for rel, data in self.files.items()}

    def clinicians_page(self, review: dict) -> None:
        groups = links.clinician_links(self.site, self.metas, self.config["site_url"])
        meta = {"type": "about", "audience": "clinicians", **review,
                # Every title and description again: search would list it for everything.
                "search": {"exclude": True}}
        self.page("clinicians.md", {**meta, "title": "Links for clinicians",
                                    "description": "Every pathway, result and treatment page, with links, QR codes "
                                                   "and text to paste into a patient's record."},
                  self.template("clinicians.md.j2", groups=groups, intro=True, relative=links.relative_url,
                                here=links.url_of("clinicians.md"), here_rel="clinicians.md"))
        for group in groups:  # on a large site, each pathway's links on a page of their own
            if group.rel:
                self.page(group.rel, {**meta, "title": f"Links for clinicians: {group.title}",
                                      "description": f"Links, QR codes and after-visit summaries for {group.title}."},
                          self.template("clinicians.md.j2", groups=[group], intro=False, relative=links.relative_url,
                                        here=links.url_of(group.rel), here_rel=group.rel))
        self.files[links.LINKS_JSON] = links.links_json(groups)

    def references_page(self, review: dict) -> None:
        pages_for: dict[str, list[tuple[str, str]]] = {}
        for rendered in self.cited:
            for key in rendered.keys:
                pages_for.setdefault(key, []).append((rendered.rel, rendered.title))
        bib = self.site.bibliography
        entries = [(key, bib.render(key), pages_for.get(key, [])) for key in bib.entries]
        self.page("references.md", {"title": "References", "description": "Every source this site cites.",
                                    "type": "about", "audience": "clinicians", **review},
                  self.template("references.md.j2", entries=entries))

    def pathway(self, pathway: Pathway) -> None:
        graph = Graph(pathway)
        nodes, depth, parent, before, left = graph.nodes, graph.depth, graph.parent, graph.predecessors, graph.steps_left()
        review = pathway.model_dump(include={"reviewed_by", "last_reviewed", "next_review"})
        base = {"pathway": pathway.id, "type": "pathway", **review}
        data = flow.compile_pathway(pathway, parent)
        flow_data = flow.html_safe_json(data)
        # Each step page carries the whole pathway for flow.js; past a few hundred steps that would
        # make the site grow with the square of the pathway, so the steps then go without (flow.js
        # leaves them as plain pages) and only the decide page carries it.
        step_data = flow_data if len(flow_data) <= flow.MAX_EMBEDDED_JSON else None
        steps = []  # each step's template context, for the decide page (flow.py)
        for node in pathway.nodes:
            others = [nodes[p] for p in before[node.id] if p != parent.get(node.id)]
            options = [(target, self.site.page(target)) for target in getattr(node, "options", [])]
            step = dict(pathway=pathway, node=node, nodes=nodes, depth=depth[node.id], total=depth[node.id] + left[node.id],
                        parent=nodes.get(parent.get(node.id)), others=others,
                        # Option pages are compared side by side from their summaries; tests and conditions listed.
                        compare=[(t, m) for t, m in options if m.summary is not None],
                        related=[(t, m) for t, m in options if m.summary is None])
            steps.append(step)
            body = self.template(node.template, own_page=True, **step)
            meta = {**base, "title": node.title, "description": self.first_line(node.text) or pathway.title,
                    "node": node.id, "kind": node.kind, "flow_data": step_data, **node.facts()}
            self.page(f"{pathway.id}/{node.id}.md", meta, body, own_heading=True)
        flow.render(self, pathway, steps, data, flow_data)
        all_keys = _keys_of(pathway, self.site)
        self.page(f"{pathway.id}/index.md",
                  {**base, "title": pathway.title, "description": self.first_line(pathway.summary)},
                  self.template("overview.md.j2", pathway=pathway, nodes=nodes,
                                map=flow.map_layout(graph), map_steps=flow.map_steps(graph)),
                  extra_keys=all_keys)


def _date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _keys_of(pathway: Pathway, site: Site) -> list[str]:
    texts = [pathway.summary] + [n.text or "" for n in pathway.nodes]
    if site.warning_signs and "emergency" in site.warning_signs.levels:
        texts += [s.text for s in site.warning_signs.levels["emergency"].signs]
    keys = [key for t in texts for key, _ in keys_in(t)] + list(pathway.sources)
    return list(dict.fromkeys(keys))


def _first_line(markdown: str | None) -> str:
    if not markdown:
        return ""
    return plain_text(markdown).split(". ")[0].strip().rstrip(".") + "."


def _tick_boxes(markdown: str) -> str:
    """Task-list items (outside code) as list items holding a labelled checkbox."""
    if "[ ]" not in markdown:
        return markdown
    out, last = [], 0
    for match in _TICK_ITEM.finditer(blank_code(markdown)):
        item = markdown[match.start(2):match.end(2)]  # from the original: the mask blanks inline code
        out += [markdown[last:match.start()], match.group(1), f' <label><input type="checkbox"> {item}</label>']
        last = match.end()
    return "".join(out) + markdown[last:]


def _yaml(data: dict) -> str:
    # PyYAML's C emitter (PyYAML comes with mkdocs, which reads this front matter back with it):
    # about 15 times faster than ruamel's pure-Python one, which was a tenth of generation time.
    return yaml.dump({k: v.value if isinstance(v, Enum) else v for k, v in data.items()},
                     Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), default_flow_style=False,
                     allow_unicode=True)


def render_site(site: Site, today: dt.date) -> dict[str, str | bytes]:
    return SiteRenderer(site, today).render()


def write_tree(files: dict[str, str | bytes], docs: Path) -> None:
    """Make `docs` hold exactly `files`, touching only what changed (so live preview stays quick)."""
    docs.mkdir(parents=True, exist_ok=True)
    folders = {docs}
    for rel, data in files.items():
        path = docs / rel
        raw = data.encode("utf-8") if isinstance(data, str) else data
        try:
            if path.stat().st_size == len(raw) and path.read_bytes() == raw:
                continue
        except FileNotFoundError:
            pass
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        path.write_bytes(raw)
    wanted = {docs / rel for rel in files}
    for path in sorted(docs.rglob("*"), reverse=True):
        if path.is_file() and path not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
