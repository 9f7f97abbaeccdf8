"""What the site publishes: each output is a module here with an `emit` that yields files.

An emitter takes the validated site and yields `Page`s (Markdown pages, written through
templates/page.md.j2 with their front matter and sources) and `Generated` files (JSON, HTML,
SVG), each recording the author's file it was made from. The lists below are the one place
that decides what is published, and in what order (a page's place decides where the
References page lists it). A new output is a module here and one line below.
"""

from __future__ import annotations

import datetime as dt

from .. import placeholders
from ..render import Generated, Page, SiteRenderer
from ..validate import Site
from . import clinicians, connect, decide, fhir, lists, pages, pathway_json, qr, redirects, references, steps

# Each pathway's outputs, in order, from its steps' shared context (steps.Context).
PATHWAY = (steps.emit, pathway_json.emit, decide.emit, steps.emit_overview)
# The whole site's, in order; `pathways` stands for PATHWAY run for each pathway.
SITE = (pages.emit, "pathways", lists.emit, clinicians.emit, connect.emit, fhir.emit, references.emit,
        redirects.emit)
# Only in the site's own language: the clinicians' pages (for staff; they give each link in every language),
# and the files record systems read (each gives the pages in every language).
ORIGINAL_ONLY = (clinicians.emit, connect.emit, fhir.emit)
# Made only when the site is written (build, serve): they cost time and keep a cache, and no check reads them.
WHEN_WRITING = (qr.emit,)

__all__ = ["Generated", "Page", "emit", "render_site", "when_writing"]


def emit(site: Site, today: dt.date, editions: dict[str, SiteRenderer] | None = None,
         translated: dict | None = None) -> SiteRenderer:
    """Run every emitter; the renderer then holds the files and what the checks read. `editions`:
    the translations already emitted, by language (for links between twins and the clinicians'
    links in every language); `translated`: a translation's files' review lines (translate.Translated
    by file)."""
    out = SiteRenderer(site, today)
    out.editions, out.translated = editions or {}, translated or {}
    for emitter in SITE:
        if site.config.prefix and emitter in ORIGINAL_ONLY:
            continue
        if emitter == "pathways":
            for pathway in site.pathways:
                context = steps.Context(site, pathway, out)
                for each in PATHWAY:
                    out.add_all(each(context, out))
        else:
            out.add_all(emitter(site, out))
    # Locale values are plain words and digits (model.Locale), safe in Markdown, HTML and JSON alike.
    locale = site.config.locale
    out.files = {rel: placeholders.fill(data, locale) if isinstance(data, str) else data
                 for rel, data in out.files.items()}
    return out


def when_writing(site: Site, out: SiteRenderer) -> None:
    """Add the outputs made only when the site is written to `out.files`."""
    for emitter in WHEN_WRITING:
        out.add_all(emitter(site, out))


def render_site(site: Site, today: dt.date) -> dict[str, str | bytes]:
    return emit(site, today).files
