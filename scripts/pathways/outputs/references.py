"""The References page: every source in the bibliography, with the pages that cite it."""

from __future__ import annotations

from ..model import REVIEW_DATES
from ..render import Page


def emit(site, out):
    pages_for: dict[str, list[tuple[str, str]]] = {}
    for rendered in out.cited:  # every page written before this one
        for key in rendered.keys:
            pages_for.setdefault(key, []).append((rendered.rel, rendered.title))
    bib = site.bibliography
    web_page = out.words["sources"]["web_page"]
    entries = [(key, bib.render(key, web_page), pages_for.get(key, [])) for key in bib.entries]
    yield Page("references.md", {**out.words["pages"]["references"], "type": "about",
                                 "audience": "clinicians", **site.review.model_dump(include=REVIEW_DATES)},
               out.template("references.md.j2", entries=entries), "content/bibliography.yaml")
