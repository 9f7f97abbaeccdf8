"""Links clinicians can trust: URLs, the URL lock, redirects, short links, QR codes, the clinicians' list.

Every published address is listed in urls.lock. A build fails when a locked address
no longer resolves, so a link on a printed handout or in a patient's record keeps
working. Former addresses (aliases) and short links (/go/<name>/) become small
static redirect pages in the docs folder, which mkdocs copies as they are.
"""

from __future__ import annotations

import io
import json
import os
import posixpath
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterable

import segno
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from ruamel.yaml import YAML

from . import words
from .model import PageType
from .problems import Problem

LOCK_FILE = "urls.lock"
LINKS_JSON = "clinicians/links.json"
# Files that are not pages but are published for others to rely on, so they are locked too.
LOCKED_FILES = {LINKS_JSON}

# Redirect pages are HTML, not Markdown: this environment escapes everything it is given.
HTML = Environment(loader=PackageLoader("pathways", "templates"), undefined=StrictUndefined,
                   autoescape=select_autoescape(["html.j2"]), keep_trailing_newline=True,
                   trim_blocks=True, lstrip_blocks=True)


def url_of(rel: str) -> str:
    """Directory URL of a docs file: options/medicines.md -> /options/medicines/."""
    stem = rel.removesuffix(".md")
    if stem == "index":
        return "/"
    return "/" + stem.removesuffix("/index") + "/"


def folder_of(url: str) -> str:
    """The docs folder that holds a URL's files: /options/mri/ -> options/mri/, / -> ''."""
    return url.lstrip("/")


def relative_url(target: str, page: str) -> str:
    """The URL `target` (a page's folder or a file) as a link from the page at URL `page`:
    relative, so the site works under any host or folder."""
    relative = posixpath.relpath(target, page)  # both absolute: no look-up of the working folder
    return relative + "/" if target.endswith("/") else relative


def site_config(root: Path) -> dict[str, str]:
    """site_url (without its last slash) and site_name from mkdocs.yml: full URLs start with site_url."""
    # Round-trip mode reads mkdocs' !!python tags without running them.
    config = YAML().load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    return {"site_url": str(config.get("site_url") or "").rstrip("/"), "site_name": str(config["site_name"])}


def published_urls(rels: Iterable[str]) -> set[str]:
    """Every address that resolves, given the files in the docs folder."""
    urls = set()
    for rel in rels:
        if rel.endswith(".md"):
            urls.add(url_of(rel))
        elif rel == "index.html" or rel.endswith("/index.html"):
            urls.add("/" + rel.removesuffix("index.html"))
        elif rel in LOCKED_FILES:
            urls.add("/" + rel)
    return urls


# ---------------------------------------------------------------- the lock file

def read_lock(path: Path) -> list[tuple[int, str]]:
    """(line number, URL) for each address in the lock file; none when there is no lock file yet."""
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [(n, line.strip()) for n, line in enumerate(lines, 1) if line.strip() and not line.startswith("#")]


def lock_text(urls: Iterable[str]) -> str:
    return HTML.get_template("urls.lock.j2").render(urls=sorted(set(urls)))


def _how_to_fix(url: str, site) -> str:
    """Advice for a locked address that no longer resolves, in the terms of the file to edit."""
    parts = url.strip("/").split("/")
    pathways = {p.id: p for p in site.pathways}
    undo = f"if you removed it on purpose, run `pathways lock` to take it out of {LOCK_FILE}"
    if parts[0] == "go" and len(parts) == 2:
        return (f'put "short_link: {parts[1]}" back on the pathway or step it belonged to (a printed short link '
                f"cannot be changed); {undo}")
    if parts[0] in pathways and len(parts) == 2:
        return (f'if the step "{parts[1]}" was renamed, add its old id to the new step in '
                f"{site.sources[parts[0]]} (aliases: [{parts[1]}]); {undo}")
    if url.endswith("/") and url != "/":
        return (f"if the page was moved or renamed, add its old path to the new page's front matter "
                f"(aliases: [{'/'.join(parts)}]); {undo}")
    return undo


def lock_problems(root: Path, rels: Iterable[str], site, only_pathways: Iterable[str] | None = None) -> list[Problem]:
    """A problem for each locked address that no longer resolves among the docs files `rels`.

    With `only_pathways`, only the addresses of those pathways are checked (a check of a
    few pathway files does not render the others)."""
    resolved = published_urls(rels)
    prefixes = None if only_pathways is None else tuple(f"/{pid}/" for pid in only_pathways)
    problems = []
    for line, url in read_lock(root / LOCK_FILE):
        if url in resolved or (prefixes is not None and not url.startswith(prefixes)):
            continue
        problems.append(Problem(LOCK_FILE, line, 1,
                                f"the published address {url} no longer leads anywhere, so links to it in "
                                f"patients' records and on printed handouts would break: {_how_to_fix(url, site)}"))
    return problems


def unlocked_urls(root: Path, rels: Iterable[str]) -> list[str]:
    """Addresses the site publishes that urls.lock does not list yet."""
    locked = {url for _, url in read_lock(root / LOCK_FILE)}
    return sorted(published_urls(rels) - locked)


# ---------------------------------------------------------------- redirects

@dataclass(frozen=True)
class Redirect:
    source: str  # the former or short address, e.g. /go/esi/
    target: str  # where it leads now, e.g. /after-epidural-injection/
    title: str  # the target's title, for the visible link


def redirects(site) -> list[Redirect]:
    """Every former address (node and page aliases) and short link, with where it leads now."""
    found = []
    for pathway in site.pathways:
        if pathway.short_link:
            found.append(Redirect(f"/go/{pathway.short_link}/", f"/{pathway.id}/", pathway.title))
        for node in pathway.nodes:
            target = f"/{pathway.id}/{node.id}/"
            found += [Redirect(f"/{pathway.id}/{alias}/", target, node.title) for alias in node.aliases]
            if node.short_link:
                found.append(Redirect(f"/go/{node.short_link}/", target, node.title))
    for page, meta in site.pages:
        found += [Redirect(url_of(alias + ".md"), url_of(page.rel), meta.title) for alias in meta.aliases]
    return found


def redirect_pages(site, config: dict[str, str]) -> dict[str, str]:
    """{docs path: HTML} for each redirect. Relative targets keep the site working under any host or folder."""
    pages = {}
    for redirect in redirects(site):
        pages[folder_of(redirect.source) + "index.html"] = HTML.get_template("redirect.html.j2").render(
            target=relative_url(redirect.target, redirect.source), full=config["site_url"] + redirect.target,
            title=redirect.title, site_name=config["site_name"])
    return pages


# ---------------------------------------------------------------- QR codes

# Medium error correction survives a smudged or creased printout; border 4 is the standard quiet zone.
# A fixed mask: any reader decodes every mask, and trying all eight was 4 ms a code.
QR_MAKE = {"error": "m", "mask": 0}
QR_SVG = {"kind": "svg", "xmldecl": False, "scale": 4, "border": 4}


def qr_svg(full_url: str) -> bytes:
    """A QR code for `full_url` as SVG, made here at build time (no QR web service sees the address)."""
    out = io.BytesIO()
    segno.make(full_url, **QR_MAKE).save(out, **QR_SVG, title=f"QR code for {full_url}")
    return out.getvalue()


def qr_file(rel: str) -> str:
    """Where a page's QR code goes: beside its Markdown file (options/mri.md -> options/mri.qr.svg).
    Not in a folder of its own: making a folder for each of thousands of pages took longer than
    writing all the pages."""
    return rel.removesuffix(".md") + ".qr.svg"


def qr_codes(rels: Iterable[str], site_url: str, cache: Path) -> dict[str, bytes]:
    """{docs path: SVG}: a QR code for each page, encoding the page's full URL.

    The codes are kept in the JSON file `cache` between builds. A code depends only on its
    address (which never changes: urls.lock) and the settings above, and making one takes about
    1 ms: seconds of every build of a site of thousands of pages. (mkdocs-material keeps its
    social cards in .cache/ for the same reason.)"""
    urls = {qr_file(rel): site_url + url_of(rel) for rel in rels if rel.endswith(".md")}
    settings = repr((QR_MAKE, QR_SVG, segno.__version__))
    try:
        stored = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # none yet, or unreadable: make them anew
        stored = None
    fits = isinstance(stored, dict) and stored.get("settings") == settings and isinstance(stored.get("codes"), dict)
    kept = stored["codes"] if fits else {}
    codes = {url: kept.get(url) or qr_svg(url).decode("utf-8") for url in urls.values()}
    if codes != kept:  # new pages, or pages gone: keep exactly this build's codes
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")  # another build may be reading it
        partial.write_text(json.dumps({"settings": settings, "codes": codes}), encoding="utf-8")
        partial.replace(cache)
    return {rel: codes[url].encode("utf-8") for rel, url in urls.items()}


# ---------------------------------------------------------------- the clinicians' page

GROUP_TYPES = ((PageType.option, "Treatments and other options"), (PageType.test, "Tests"),
               (PageType.condition, "Conditions"))


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


# With more pathways than this, each pathway's links get a page of their own (/clinicians/<pathway>/).
PATHWAYS_ON_ONE_PAGE = 5
# Hosts that mean site_url in mkdocs.yml was never set (RFC 2606 reserves them for examples).
PLACEHOLDER_HOSTS = ("example.org", "example.com", "example.net", "localhost", "127.0.0.1")


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def _summary(kind: str, title: str, description: str, full: str) -> str:
    """What a clinician pastes into an after-visit summary: a sentence or two for the patient, in
    plain words, ending with the address and no full stop (a portal could take it as part of the link)."""
    if kind == "Pathway":
        return ("We talked about what to do next after your injection. This guide goes through it with you, "
                f"one question at a time: {full}")
    if kind == "Step by step":
        return f"To go through your options one question at a time, open: {full}"
    if kind.startswith("Result"):
        return f"{_sentence(title)} This page says what to do next, with questions to ask at your next visit: {full}"
    if kind == "Question":
        return f"{_sentence(title)} Answer this question to see what to do next: {full}"
    return f"{_sentence(description)} Read more: {full}"


def _entry(kind: str, rel: str, meta: dict, site_url: str, short: str | None) -> LinkEntry:
    url = url_of(rel)
    full = site_url + url
    return LinkEntry(kind, str(meta["title"]), _sentence(meta["description"]), url, full,
                     f"{site_url}/go/{short}/" if short else None,
                     _summary(kind, str(meta["title"]), meta["description"], full), "/" + qr_file(rel))


def clinician_links(site, metas: dict[str, dict], site_url: str) -> list[LinkGroup]:
    """What a clinician might send a patient: each pathway (its overview, the step-by-step page and
    its results first, its questions folded), warning signs, and the treatment, test and condition
    pages. `metas` is each rendered page's front matter by docs path."""
    groups = []
    split = len(site.pathways) > PATHWAYS_ON_ONE_PAGE
    for pathway in site.pathways:
        group = LinkGroup(pathway.title, [_entry("Pathway", f"{pathway.id}/index.md", metas[f"{pathway.id}/index.md"],
                                                 site_url, pathway.short_link)],
                          rel=f"clinicians/{pathway.id}.md" if split else "")
        decide = f"{pathway.id}/decide.md"  # the whole pathway on one page, a question at a time (flow.py)
        if decide in metas:
            group.entries.append(_entry("Step by step", decide, metas[decide], site_url, None))
        for node in pathway.nodes:
            rel = f"{pathway.id}/{node.id}.md"
            if not node.exits():  # a result: shown first
                label = f"{words.kind_label(node.kind)} ({node.facts()['urgency']})"
                group.entries.append(_entry(label, rel, metas[rel], site_url, node.short_link))
            else:
                group.more.append(_entry(words.kind_label(node.kind), rel, metas[rel], site_url, node.short_link))
        groups.append(group)
    if "warning-signs.md" in metas:
        groups.append(LinkGroup("Warning signs", [_entry("Warning signs", "warning-signs.md", metas["warning-signs.md"],
                                                         site_url, None)]))
    for page_type, title in GROUP_TYPES:
        pages = sorted(((page.rel, meta) for page, meta in site.pages if meta.type == page_type),
                       key=lambda item: item[1].title.lower())
        if pages:
            groups.append(LinkGroup(title, [_entry(page_type.value.capitalize(), rel, metas[rel], site_url, None)
                                            for rel, _ in pages]))
    return groups


def site_url_warning(root: Path) -> str | None:
    """A warning while mkdocs.yml's site_url is still a placeholder: every full address, QR code and
    after-visit summary would lead to a site that is not ours."""
    url = site_config(root)["site_url"]
    host = url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0].lower()
    if url and host not in PLACEHOLDER_HOSTS and not host.endswith(tuple("." + h for h in PLACEHOLDER_HOSTS)):
        return None
    lines = (root / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    line = next((n for n, text in enumerate(lines, 1) if text.startswith("site_url:")), 1)
    return (f"mkdocs.yml:{line}:1: warning: site_url is {url or 'not set'}, a placeholder: the clinicians' links, QR codes "
            "and printed addresses point there. Set site_url to the site's public address before publishing.")


def links_json(groups: list[LinkGroup]) -> str:
    """The clinicians' list, machine-readable (for an EHR link picker or a practice's own tools)."""
    data = {"groups": [{"title": g.title, "links": [
        asdict(e) for e in g.entries + g.more]} for g in groups]}
    # Compact: json's fast C encoder is used only without indenting, and a program reads this file.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
