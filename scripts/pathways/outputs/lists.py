"""Pages the generator makes from lists: the pathways, the warning signs, the glossary."""

from __future__ import annotations

from ..render import Page

REVIEWED = {"reviewed_by", "last_reviewed", "next_review"}


def emit(site, out):
    said = out.words["pages"]
    review = site.review.model_dump(exclude={"locale"})
    yield Page("pathways.md", {**said["pathways"], "type": "about", **review},
               out.template("pathways.md.j2", pathways=site.pathways), "content/site.yaml")
    if site.warning_signs:
        ws = site.warning_signs
        yield Page("warning-signs.md", {"title": ws.title, "description": ws.description, "type": "about",
                                        **ws.model_dump(include=REVIEWED)},
                   out.template("warning-signs.md.j2"), site.signs_source)
    if out.terms:
        yield Page("glossary.md", {**said["glossary"], "type": "about", **review},
                   out.template("glossary.md.j2", terms=out.terms), "content/glossary.yaml")
