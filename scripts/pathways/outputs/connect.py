"""Pages by diagnosis code, answered the way MedlinePlus Connect answers an EHR's Infobutton request.

For every ICD-10-CM code that a pathway, result or page lists (`codes:`), and for each of its
parent codes (M54.16 also answers M54.1 and M54), a JSON file in MedlinePlus Connect's response
shape: /connect/icd10cm/<code>.json, and /connect/icd10cm/es/<code>.json where some of its pages
have a Spanish twin. Its contract is `Response` below (schema/connect.schema.json). The resolver
page /connect/ reads the Infobutton query (theme/assets/connect.js) and opens the best page; it
lists every code with its pages, so it works without JavaScript too. Static files cannot answer
a query themselves: what that means for an EHR is in the README ("Diagnosis-code links").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .. import codes as icd
from .. import words
from ..links import relative_url, url_of
from ..model import REVIEW_DATES
from ..render import Generated, Page, json_text

FOLDER = "connect/icd10cm"


@dataclass
class Coded:
    """A page that lists codes: what an answer says about it."""

    rel: str  # its docs file, e.g. conditions/spinal-stenosis.md
    title: str
    description: str
    reviewed: dt.date
    codes: list[str]
    source: str  # the author's file
    spanish: tuple[str, str, str] | None  # its Spanish twin's address, title and description, if it has one

    @property
    def url(self) -> str:
        return url_of(self.rel)


def coded_pages(site, out) -> list[Coded]:
    """Every page that lists codes, best first for a code they share: hand-written pages (a
    condition page explains the diagnosis itself), then pathways, then their results."""
    found = []

    def add(rel: str, listed: list[str], source: str) -> None:
        meta = out.metas[rel]
        twin = out.in_language(rel, "es")
        spanish = (twin[0], str(twin[1]["title"]), str(twin[1]["description"])) if twin else None
        found.append(Coded(rel, str(meta["title"]), str(meta["description"]), meta["last_reviewed"], list(listed),
                           source, spanish))

    for page, meta in site.pages:
        if meta.codes:
            add(page.rel, meta.codes, page.path)
    results = []
    for pathway in site.pathways:
        if pathway.codes:
            add(f"{pathway.id}/index.md", pathway.codes, site.sources[pathway.id])
        results += [(f"{pathway.id}/{node.id}.md", node.codes, site.sources[pathway.id])
                    for node in pathway.nodes if getattr(node, "codes", None)]
    for rel, listed, source in results:
        add(rel, listed, source)
    return found


def by_code(pages: list[Coded]) -> dict[str, list[Coded]]:
    """Each code listed, and each of its parents, with its pages: the pages that list the code
    itself first, then those that list a code under it; each group in `pages`' order."""
    exact: dict[str, list[Coded]] = {}
    under: dict[str, list[Coded]] = {}
    for page in pages:
        for code in page.codes:
            exact.setdefault(code, []).append(page)
            for parent in icd.parents(code):
                under.setdefault(parent, []).append(page)
    answers = {}
    for code in sorted(exact.keys() | under.keys()):
        listed = exact.get(code, []) + under.get(code, [])
        answers[code] = [page for j, page in enumerate(listed) if all(page is not other for other in listed[:j])]
    return answers


def for_clinicians(site, out) -> dict:
    """What the clinicians' page tells a record-system team (templates/_ehr.md.j2): the addresses
    to configure, each page's codes with their titles, and the FHIR resources."""
    base = out.config.site_url
    return {"resolver": f"{base}/connect/?mainSearchCriteria.v.cs={icd.OID}&mainSearchCriteria.v.c={{code}}"
                        "&informationRecipient.languageCode.c={language}",
            "answer": f"{base}/{FOLDER}/{{code}}.json", "answer_es": f"{base}/{FOLDER}/es/{{code}}.json",
            "pages": [{"url": page.url, "title": page.title, "codes": [(code, icd.title(code)) for code in page.codes]}
                      for page in coded_pages(site, out)],
            "fhir": site.pathways}


# ---------------------------------------------------------------- the response, as a contract

class _Open(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Value(_Open):
    value: str = Field(alias="_value")


class Text(_Open):
    """Atom text as MedlinePlus Connect's JSON writes it. Always plain text here: an EHR may show
    it as it is, so it holds no HTML."""

    value: str = Field(alias="_value")
    type: Literal["text"] = "text"


class Link(_Open):
    href: str = Field(description="The page's full address.")
    rel: Literal["alternate"] = "alternate"


class Entry(_Open):
    lang: Literal["en", "es"]
    title: Text = Field(description="The page's title.")
    link: list[Link] = Field(min_length=1, max_length=1)
    id: Value = Field(description="The page's full address, which never changes (urls.lock).")
    updated: Value = Field(description="When the page was last reviewed, as an Atom date-time.")
    summary: Text = Field(description="The page's one-sentence description.")


class Category(_Open):
    scheme: Literal["mainSearchCriteria.v.c", "mainSearchCriteria.v.cs", "informationRecipient.languageCode.c"]
    term: str


class Author(_Open):
    name: Value
    uri: Value


class Feed(_Open):
    base: str = Field(description="The site's address.")
    lang: Literal["en", "es"]
    title: Text = Field(description="The site's name.")
    updated: Value = Field(description="The latest review date of the pages listed.")
    id: Value = Field(description="This file's own full address.")
    author: Author
    subtitle: Text = Field(description="Which code this answers, with its official title.")
    category: list[Category] = Field(description="The request this answers: the code, its code system (ICD-10-CM's "
                                                 "OID) and the language.")
    entry: list[Entry] = Field(min_length=1, description="The pages for this code, best first.")


class Response(_Open):
    """/connect/icd10cm/<code>.json: MedlinePlus Connect's JSON response shape (an Atom feed)."""

    feed: Feed


def _when(day: dt.date) -> Value:
    return Value(value=f"{day.isoformat()}T00:00:00Z")


def response(code: str, pages: list[Coded], lang: str, site_name: str, site_url: str, said: dict) -> Response:
    """The answer for `code` in `lang`: in Spanish, only the pages that have a Spanish twin, with its
    address, title and description."""
    own = f"{site_url}/{FOLDER}/" + ("es/" if lang == "es" else "") + f"{code}.json"
    entries = [Entry(lang=lang, title=Text(value=title), link=[Link(href=site_url + url)], id=Value(value=site_url + url),
                     updated=_when(page.reviewed), summary=Text(value=description))
               for page in pages
               for url, title, description in [page.spanish if lang == "es" else (page.url, page.title, page.description)]]
    return Response(feed=Feed(
        base=site_url + "/", lang=lang, title=Text(value=site_name), updated=_when(max(p.reviewed for p in pages)),
        id=Value(value=own), author=Author(name=Value(value=site_name), uri=Value(value=site_url + "/")),
        subtitle=Text(value=words.say(said["feed_subtitle"], code=code, title=icd.title(code))),
        category=[Category(scheme="mainSearchCriteria.v.c", term=code),
                  Category(scheme="mainSearchCriteria.v.cs", term=icd.OID),
                  Category(scheme="informationRecipient.languageCode.c", term=lang)],
        entry=entries))


def emit(site, out):
    answers = by_code(coded_pages(site, out))
    if not answers:
        return
    said, name, base = out.words["connect"], out.config.site_name, out.config.site_url
    spanish = {}
    spanish_said = words.catalogue("es")["connect"] if "es" in out.editions else said
    spanish_name = out.editions["es"].config.site_name if "es" in out.editions else name
    for code, pages in answers.items():
        english = response(code, pages, "en", name, base, said)
        yield Generated(f"{FOLDER}/{code}.json", json_text(english.model_dump(by_alias=True)), pages[0].source)
        twins = [page for page in pages if page.spanish]
        if twins:
            spanish[code] = f"/{FOLDER}/es/{code}.json"
            answer = response(code, twins, "es", spanish_name, base, spanish_said)
            yield Generated(f"{FOLDER}/es/{code}.json", json_text(answer.model_dump(by_alias=True)), twins[0].source)
    here = url_of("connect.md")
    meta = {"type": "about", "audience": "clinicians", **site.review.model_dump(include=REVIEW_DATES),
            **out.words["pages"]["connect"], "pw_connect": True,
            "search": {"exclude": True}}  # it lists every coded page's title: search would match it for all of them
    rows = [dict(code=code, title=icd.title(code), pages=pages, json=relative_url(f"/{FOLDER}/{code}.json", here),
                 json_es=relative_url(spanish[code], here) if code in spanish else None)
            for code, pages in answers.items()]
    yield Page("connect.md", meta, out.template("connect.md.j2", rows=rows, relative=relative_url, here=here),
               "content/site.yaml")


