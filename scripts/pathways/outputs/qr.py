"""A QR code for each page, encoding its full address, made at build time: no QR web service ever
sees an address (docs/adr/0022). Beside each page's Markdown file (links.qr_file)."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Iterable

import segno

from ..links import qr_file, url_of
from ..render import Generated

# Medium error correction survives a smudged or creased printout; border 4 is the standard quiet zone.
# A fixed mask: any reader decodes every mask, and trying all eight was 4 ms a code.
QR_MAKE = {"error": "m", "mask": 0}
QR_SVG = {"kind": "svg", "xmldecl": False, "scale": 4, "border": 4}


def qr_svg(full_url: str) -> bytes:
    """A QR code for `full_url` as SVG, made here at build time (no QR web service sees the address)."""
    out = io.BytesIO()
    segno.make(full_url, **QR_MAKE).save(out, **QR_SVG, title=f"QR code for {full_url}")
    return out.getvalue()



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


def cache_file(root: Path) -> Path:
    # Not in build/: a clean build (rm -rf build site) still finds the codes. Safe to delete.
    return root / ".cache" / "qr-codes.json"


def emit(site, out):
    pages = [rel for rel in out.files if rel.endswith(".md")]
    for rel, svg in qr_codes(pages, out.config.site_url, cache_file(site.root)).items():
        yield Generated(rel, svg, out.sources_of.get(rel.removesuffix(".qr.svg") + ".md", ""))
