"""Pages the generator makes from lists: the pathways, the warning signs, the glossary."""

from __future__ import annotations

from ..model import REVIEW_DATES
from ..render import Page



def emit(site, out):
    said = out.words["pages"]
    review = site.review.model_dump(include=REVIEW_DATES)
    yield Page("pathways.md", {**said["pathways"], "type": "about", **review},
               out.template("pathways.md.j2", pathways=site.pathways), "content/site.yaml")
    if site.warning_signs:
        ws = site.warning_signs
        yield Page("warning-signs.md", {"title": ws.title, "description": ws.description, "type": "about",
                                        **ws.model_dump(include=REVIEW_DATES)},
                   out.template("warning-signs.md.j2"), site.signs_source)
    if out.terms:
        yield Page("glossary.md", {**said["glossary"], "type": "about", **review},
                   out.template("glossary.md.j2", terms=out.terms), "content/glossary.yaml")
