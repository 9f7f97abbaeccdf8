"""The offline kiosk edition: `pathways build --offline` builds a copy of the site that works opened
from a disk or a USB stick (file://), into offline-site/, and offline-site.zip beside it.

From file:// a browser opens a folder's address as a file listing, not as its index.html, fetches
nothing (so no search index and no instant navigation), and starts no Web Worker (which the
theme's search runs in). So the same generated docs are built with mkdocs once more, with
  - instant navigation off (it fetches pages);
  - the search index also written as a script (search/search_index.js), which the theme loads
    instead of fetching the index when it finds itself on file://, and the iframe-worker shim
    (vendor/, MIT, from the npm package iframe-worker 1.0.4) that runs the search worker in a
    frame there. mkdocs-material's offline plugin does these two, but it also turns off
    directory addresses, which our pages, redirects and flow.js are built on, and it loads the
    shim from a CDN; the site loads nothing from elsewhere (docs/adr/0031);
  - every link to a folder (../options/mri/, .., /clinicians/) made a link to its index.html,
    in the built pages, the redirect pages' scripts and the search index; flow.js does the same for the addresses it
    makes (it checks location.protocol).
Everything else (the checks, the allow-list sweep, the atomic swap) is the normal build's
(build.build, given this edition's mkdocs step and what to do before publishing).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import posixpath
import re
import shutil
import zipfile
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from .build import BuildFailed, build, mkdocs_logging
from .validate import Site

FOLDER = "offline-site"
SHIM = Path(__file__).parent / "vendor" / "iframe-worker-shim.js"
SHIM_IN_SITE = "assets/javascripts/iframe-worker-shim.js"
# Features that fetch pages, which file:// cannot do.
FETCHING_FEATURES = {"navigation.instant", "navigation.instant.prefetch", "navigation.instant.progress"}
# A link or source attribute in the built HTML (mkdocs and the theme quote every attribute).
_ADDRESS = re.compile(r'\b(href|src)="([^"]*)"')
_REFRESH = re.compile(r'(<meta http-equiv="refresh" content="\d+; url=)([^"]*)(")')
# A redirect page's script (templates/redirect.html.j2), which keeps the #fragment the refresh would drop.
_REDIRECT = re.compile(r'(<script>location\.replace\()("(?:[^"\\]|\\.)*")')


def file_address(value: str, page: str) -> str:
    """A link from the built page `page` (its path in the site, e.g. options/mri/index.html) as it
    works from file://: a folder's address gets index.html; an address from the site's root is made
    relative. Other sites' addresses, mailto:, tel:, #fragments and files are left as they are."""
    if not value or value.startswith(("#", "//")) or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", value):
        return value
    path, hash_, fragment = value.partition("#")
    path, query, search = path.partition("?")
    if path.startswith("/"):
        path = posixpath.relpath(path, "/" + posixpath.dirname(page)) + ("/" if path.endswith("/") else "")
    last = path.rsplit("/", 1)[-1]
    if path in ("", ".", "..") or path.endswith("/") or last in (".", ".."):
        path = (path.rstrip("/") + "/" if path else "") + "index.html"
    return path + query + search + hash_ + fragment


def rewrite_pages(site_dir: Path) -> None:
    for page in site_dir.rglob("*.html"):
        rel = page.relative_to(site_dir).as_posix()
        text = page.read_text(encoding="utf-8")
        new = _ADDRESS.sub(lambda m: f'{m.group(1)}="{file_address(m.group(2), rel)}"', text)
        new = _REFRESH.sub(lambda m: m.group(1) + file_address(m.group(2), rel) + m.group(3), new)
        new = _REDIRECT.sub(lambda m: m.group(1) + json.dumps(file_address(json.loads(m.group(2)), rel)), new)
        if new != text:
            page.write_text(new, encoding="utf-8")


def search_script(site_dir: Path) -> None:
    """search/search_index.js: the index as a script (`var __index = ...`, the name the theme reads
    on file://), each result's address pointing at its index.html."""
    index = site_dir / "search" / "search_index.json"
    data = json.loads(index.read_text(encoding="utf-8"))
    for doc in data.get("docs", []):
        where = doc["location"]  # "" and "#section" are the home page
        doc["location"] = file_address("." + where if where[:1] in ("", "#") else where, "index.html")
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    (site_dir / "search" / "search_index.js").write_text(f"var __index = {text}\n", encoding="utf-8")


def run_mkdocs(config_file: Path, out: Path) -> None:
    """One edition's mkdocs build (config_file: its configuration, mkdocs_config.py), for file://."""
    mkdocs_logging()
    config = load_config(str(config_file), site_dir=str(out), strict=True)
    config.theme["features"] = [f for f in config.theme["features"] if f not in FETCHING_FEATURES]
    config.extra["polyfills"] = [*config.extra.get("polyfills", []), SHIM_IN_SITE]
    try:
        mkdocs_build(config)
    except (MkDocsException, SystemExit) as exc:
        raise BuildFailed(f"mkdocs could not build the offline edition: {exc}") from None


def build_offline(root: Path, today: dt.date) -> tuple[Site, Path]:
    """Check, generate and build the offline edition into root/offline-site (replaced only on
    success, as the normal build replaces site/), and zip it. Returns the site and the zip's path.
    Raises Problems or BuildFailed."""
    archive = root / f"{FOLDER}.zip"

    def finish(version: Path) -> None:
        for edition in [version] + [p.parent.parent for p in version.glob("*/search/search_index.json")]:
            shutil.copy(SHIM, edition / SHIM_IN_SITE)  # each edition's theme looks for it in its own assets
            search_script(edition)
        rewrite_pages(version)
        _zip(version, archive)

    return build(root, today, site_dir=root / FOLDER, mkdocs=run_mkdocs, finish=finish), archive


def _zip(folder: Path, archive: Path) -> None:
    """The edition as one zip whose top folder is offline-site/ (written beside, then moved over the old one)."""
    partial = archive.with_name(archive.name + ".partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as zipped:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zipped.write(path, f"{FOLDER}/{path.relative_to(folder).as_posix()}")
    os.replace(partial, archive)
