"""The clinicians' page (/clinicians/) and its machine-readable twin (/clinicians/links.json): what a
clinician might send a patient, with full addresses, QR codes and text for an after-visit summary."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .. import words
from . import connect
from ..links import LINKS_JSON, qr_file, relative_url, url_of
from ..model import REVIEW_DATES, PageType
from ..render import Generated, Page, json_text


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
    # The same page in each translation: language -> its title, url, full_url, short_url, summary and qr.
    translations: dict[str, dict] = field(default_factory=dict)


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


class _Links:
    """Makes each link, in the site's language and in each translation that has the page."""

    def __init__(self, out):
        self.out = out

    def _one(self, edition, label: str, summary: str, rel: str, short: str | None) -> LinkEntry:
        url, site_url = edition.address(rel), edition.config.home_url
        full = site_url + url
        meta = edition.metas[rel]
        title, description = str(meta["title"]), _sentence(meta["description"])
        said = edition.words["clinicians"]["summaries"][summary]
        # For the patient, ending with the address and no full stop (a portal could take it as part of the link).
        text = words.say(said, title=_sentence(title), description=description, url=full)
        prefix = f"/{edition.config.prefix}" if edition.config.prefix else ""
        return LinkEntry(label, title, description, url, full, f"{edition.config.site_url}/go/{short}/" if short else None,
                         text, prefix + "/" + qr_file(rel))

    def entry(self, label: str, summary: str, rel: str, short: str | None = None) -> LinkEntry:
        """One link: `label` is shown before it; `summary`, which after-visit summary of the catalogue."""
        made = self._one(self.out, label, summary, rel, short)
        for language, edition in self.out.editions.items():
            if rel in edition.metas:
                twin = asdict(self._one(edition, label, summary, rel, short))
                made.translations[language] = {key: twin[key] for key in
                                               ("title", "url", "full_url", "short_url", "summary", "qr")}
        return made


def clinician_links(site, out) -> list[LinkGroup]:
    """What a clinician might send a patient: each pathway (its overview, the step-by-step page and
    its results first, its questions folded), warning signs, and the treatment, test and condition
    pages, each also in every translation that has it (`out`, the renderer, holds them)."""
    metas, said = out.metas, out.words
    kinds, said = said["kinds"], said["clinicians"]
    labels, link = said["labels"], _Links(out).entry
    groups = []
    split = len(site.pathways) > PATHWAYS_ON_ONE_PAGE
    for pathway in site.pathways:
        overview = f"{pathway.id}/index.md"
        group = LinkGroup(pathway.title, [link(labels["pathway"], "pathway", overview, pathway.short_link)],
                          rel=f"clinicians/{pathway.id}.md" if split else "", source=site.sources[pathway.id])
        decide = f"{pathway.id}/decide.md"  # the whole pathway on one page, a question at a time
        if decide in metas:
            group.entries.append(link(labels["decide"], "decide", decide))
        for node in pathway.nodes:
            rel, label, summary = f"{pathway.id}/{node.id}.md", kinds[node.kind]["label"], kinds[node.kind]["summary"]
            if not node.exits():  # a result: shown first
                group.entries.append(link(f"{label} ({node.facts()['urgency']})", summary, rel, node.short_link))
            else:
                group.more.append(link(label, summary, rel, node.short_link))
        groups.append(group)
    if "warning-signs.md" in metas:
        groups.append(LinkGroup(said["groups"]["warning_signs"], [link(labels["warning_signs"], "page", "warning-signs.md")]))
    for page_type in GROUP_TYPES:
        pages = sorted(((page.rel, meta) for page, meta in site.pages if meta.type == page_type),
                       key=lambda item: item[1].title.lower())
        if pages:
            groups.append(LinkGroup(said["groups"][page_type.value], [
                link(labels[page_type.value], "page", rel) for rel, _ in pages]))
    return groups


def links_json(groups: list[LinkGroup]) -> str:
    """The clinicians' list, machine-readable (for an EHR link picker or a practice's own tools)."""
    data = {"groups": [{"title": g.title, "links": [
        asdict(e) for e in g.entries + g.more]} for g in groups]}
    return json_text(data)


def emit(site, out):
    groups = clinician_links(site, out)
    said = out.words["pages"]
    meta = {"type": "about", "audience": "clinicians", **site.review.model_dump(include=REVIEW_DATES),
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
