"""The clinicians' page (/clinicians/) and its machine-readable twin (/clinicians/links.json): what a
clinician might send a patient, with full addresses, QR codes and text for an after-visit summary."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from .. import words
from . import connect
from ..links import LINKS_JSON, qr_file, relative_url, url_of
from ..model import PageType
from ..render import Generated, Page


GROUP_TYPES = (PageType.option, PageType.test, PageType.condition)


@dataclass
class LinkEntry:
    kind: str  # e.g. "Pathway", "Result (urgent)", "Treatment"
    title: str
    description: str
    url: str  # site-relative, e.g. /options/mri/
    full_url: str
    short_url: str | None
    summary: str  # after-visit summary: plain text for pasting into a patient's record
    qr: str  # site-relative URL of the page's QR code


@dataclass
class LinkGroup:
    title: str
    entries: list[LinkEntry] = field(default_factory=list)  # shown first: overviews, results, pages
    more: list[LinkEntry] = field(default_factory=list)  # a pathway's questions and other steps, folded
    rel: str = ""  # the page it is on, when a large site gives each pathway a page of its own
    source: str = "content/site.yaml"  # the author's file it lists


# With more pathways than this, each pathway's links get a page of their own (/clinicians/<pathway>/).
PATHWAYS_ON_ONE_PAGE = 5


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def _entry(label: str, summary: str, rel: str, meta: dict, site_url: str, short: str | None) -> LinkEntry:
    """One link: `label` is shown before it; `summary` is its after-visit summary from the catalogue."""
    url = url_of(rel)
    full = site_url + url
    title, description = str(meta["title"]), _sentence(meta["description"])
    # For the patient, ending with the address and no full stop (a portal could take it as part of the link).
    text = words.say(summary, title=_sentence(title), description=description, url=full)
    return LinkEntry(label, title, description, url, full, f"{site_url}/go/{short}/" if short else None,
                     text, "/" + qr_file(rel))


def clinician_links(site, metas: dict[str, dict], site_url: str, said: dict) -> list[LinkGroup]:
    """What a clinician might send a patient: each pathway (its overview, the step-by-step page and
    its results first, its questions folded), warning signs, and the treatment, test and condition
    pages. `metas` is each rendered page's front matter by docs path; `said`, the word catalogue."""
    kinds, summaries, said = said["kinds"], said["clinicians"]["summaries"], said["clinicians"]
    labels = said["labels"]
    groups = []
    split = len(site.pathways) > PATHWAYS_ON_ONE_PAGE
    for pathway in site.pathways:
        overview = f"{pathway.id}/index.md"
        group = LinkGroup(pathway.title, [_entry(labels["pathway"], summaries["pathway"], overview, metas[overview],
                                                 site_url, pathway.short_link)],
                          rel=f"clinicians/{pathway.id}.md" if split else "", source=site.sources[pathway.id])
        decide = f"{pathway.id}/decide.md"  # the whole pathway on one page, a question at a time
        if decide in metas:
            group.entries.append(_entry(labels["decide"], summaries["decide"], decide, metas[decide], site_url, None))
        for node in pathway.nodes:
            rel, label, summary = f"{pathway.id}/{node.id}.md", kinds[node.kind]["label"], summaries[kinds[node.kind]["summary"]]
            if not node.exits():  # a result: shown first
                group.entries.append(_entry(f"{label} ({node.facts()['urgency']})", summary, rel, metas[rel], site_url,
                                            node.short_link))
            else:
                group.more.append(_entry(label, summary, rel, metas[rel], site_url, node.short_link))
        groups.append(group)
    if "warning-signs.md" in metas:
        groups.append(LinkGroup(said["groups"]["warning_signs"], [_entry(
            labels["warning_signs"], summaries["page"], "warning-signs.md", metas["warning-signs.md"], site_url, None)]))
    for page_type in GROUP_TYPES:
        pages = sorted(((page.rel, meta) for page, meta in site.pages if meta.type == page_type),
                       key=lambda item: item[1].title.lower())
        if pages:
            groups.append(LinkGroup(said["groups"][page_type.value], [
                _entry(labels[page_type.value], summaries["page"], rel, metas[rel], site_url, None) for rel, _ in pages]))
    return groups


def links_json(groups: list[LinkGroup]) -> str:
    """The clinicians' list, machine-readable (for an EHR link picker or a practice's own tools)."""
    data = {"groups": [{"title": g.title, "links": [
        asdict(e) for e in g.entries + g.more]} for g in groups]}
    # Compact: json's fast C encoder is used only without indenting, and a program reads this file.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def emit(site, out):
    groups = clinician_links(site, out.metas, out.config.site_url, out.words)
    said = out.words["pages"]
    meta = {"type": "about", "audience": "clinicians", **site.review.model_dump(exclude={"locale"}),
            # Every title and description again: search would list it for everything.
            "search": {"exclude": True}}
    yield Page("clinicians.md", {**meta, **said["clinicians"]},
               out.template("clinicians.md.j2", groups=groups, intro=True, relative=relative_url,
                            here=url_of("clinicians.md"), here_rel="clinicians.md",
                            ehr=connect.for_clinicians(site, out)), "content/site.yaml")
    for group in groups:  # on a large site, each pathway's links on a page of their own
        if group.rel:
            own = {key: words.say(text, title=group.title) for key, text in said["clinicians_pathway"].items()}
            yield Page(group.rel, {**meta, **own},
                       out.template("clinicians.md.j2", groups=[group], intro=False, relative=relative_url,
                                    here=url_of(group.rel), here_rel=group.rel), group.source)
    yield Generated(LINKS_JSON, links_json(groups), "content/site.yaml")
