"""Addresses: the URL scheme (a docs file's address, relative links, where a page's QR code goes)
and the URL lock.

Every published address is listed in urls.lock. A build fails when a locked address no longer
resolves, so a link on a printed handout or in a patient's record keeps working (former
addresses and short links are redirect pages: outputs/redirects.py).
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Iterable

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from .problems import Problem

LOCK_FILE = "urls.lock"
LINKS_JSON = "clinicians/links.json"
# Files that are not pages but are published for others to rely on, so they are locked too: the
# clinicians' list, and the folders record systems fetch from by address (the answers by diagnosis
# code, outputs/connect.py; the FHIR resources, outputs/fhir.py).
LOCKED_FILES = {LINKS_JSON}
LOCKED_FOLDERS = ("connect/icd10cm/", "fhir/")

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


def moved_with_pathway(pathway) -> list[tuple[str, str, str]]:
    """What a former id of `pathway` redirects, as (former address, address now, title) inside the
    pathway's folder: the overview, the decide page, each step and each step's former ids."""
    pairs = [("", "", pathway.title), ("decide/", "decide/", pathway.title)]
    for node in pathway.nodes:
        pairs += [(f"{name}/", f"{node.id}/", node.title) for name in (node.id, *node.aliases)]
    return pairs


def relative_url(target: str, page: str) -> str:
    """The URL `target` (a page's folder or a file) as a link from the page at URL `page`:
    relative, so the site works under any host or folder."""
    relative = posixpath.relpath(target, page)  # both absolute: no look-up of the working folder
    return relative + "/" if target.endswith("/") else relative


def published_urls(rels: Iterable[str]) -> set[str]:
    """Every address that resolves, given the files in the docs folder."""
    urls = set()
    for rel in rels:
        if rel.endswith(".md"):
            urls.add(url_of(rel))
        elif rel == "index.html" or rel.endswith("/index.html"):
            urls.add("/" + rel.removesuffix("index.html"))
        elif rel in LOCKED_FILES or rel.startswith(LOCKED_FOLDERS):
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


def _how_to_fix(url: str, site, locked: set[str]) -> str:
    """Advice for a locked address that no longer resolves, in the terms of the file to edit.
    `locked`: every locked address (a folder with a decide page was a pathway)."""
    parts = url.strip("/").split("/")
    language = parts[0] if len(parts) > 1 and parts[0] in site.config.translations else ""
    if language:  # a translation's address: the same advice as for the original's
        parts = parts[1:]
    pathways = {p.id: p for p in site.pathways}
    undo = f"if you removed it on purpose, run `pathways lock` to take it out of {LOCK_FILE}"
    if parts[0] == "go" and len(parts) == 2:
        return (f'put "short_link: {parts[1]}" back on the pathway or step it belonged to (a printed short link '
                f"cannot be changed); {undo}")
    if parts[0] == "connect" and url.endswith(".json"):
        return (f"a record system finds pages for the diagnosis code {parts[-1].removesuffix('.json')} at this "
                "address: put the code back under `codes:` on the page, pathway or result it was on; "
                f"if no page fits it any more, {undo}")
    if parts[0] == "fhir":
        return (f"record systems load this FHIR resource by its address: put back the pathway it was made from; {undo}")
    if parts[0] not in pathways and f"/{parts[0]}/decide/" in locked:
        return (f'if the pathway "{parts[0]}" was renamed, add its old id to the renamed pathway\'s file '
                f"(aliases: [{parts[0]}]; `pathways rename {parts[0]} NEW_ID` renames a pathway and does this); {undo}")
    if parts[0] in pathways and len(parts) == 2:
        return (f'if the step "{parts[1]}" was renamed, add its old id to the new step in '
                f"{site.sources[parts[0]]} (aliases: [{parts[1]}]); {undo}")
    if url.endswith("/") and url != "/":
        return (f"if the page was moved or renamed, add its old path to the new page's front matter "
                f"(aliases: [{'/'.join(parts)}]); {undo}")
    return undo


def lock_problems(root: Path, rels: Iterable[str], site, only_pathways: Iterable[str] | None = None,
                  skip: tuple[str, ...] = ()) -> list[Problem]:
    """A problem for each locked address that no longer resolves among the docs files `rels`.

    With `only_pathways`, only the addresses of those pathways are checked (a check of a
    few pathway files does not render the others); addresses starting with one of `skip` are not."""
    resolved = published_urls(rels)
    prefixes = None if only_pathways is None else tuple(f"/{pid}/" for pid in only_pathways)
    problems = []
    lock = read_lock(root / LOCK_FILE)
    locked = {url for _, url in lock}
    for line, url in lock:
        if url in resolved or (prefixes is not None and not url.startswith(prefixes)) or (skip and url.startswith(skip)):
            continue
        problems.append(Problem(LOCK_FILE, line, 1,
                                f"the published address {url} no longer leads anywhere, so links to it in "
                                f"patients' records and on printed handouts would break: "
                                f"{_how_to_fix(url, site, locked)}"))
    return problems


def unlocked_urls(root: Path, rels: Iterable[str]) -> list[str]:
    """Addresses the site publishes that urls.lock does not list yet."""
    locked = {url for _, url in read_lock(root / LOCK_FILE)}
    return sorted(published_urls(rels) - locked)


# ---------------------------------------------------------------- QR codes

def qr_file(rel: str) -> str:
    """Where a page's QR code goes: beside its Markdown file (options/mri.md -> options/mri.qr.svg).
    Not in a folder of its own: making a folder for each of thousands of pages took longer than
    writing all the pages."""
    return rel.removesuffix(".md") + ".qr.svg"
