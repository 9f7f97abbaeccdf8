"""Writing what the emitters (outputs/) yield: pages through templates, files as they are.

Every page goes through templates/page.md.j2, which adds the front matter the theme reads
and the page's own reference list. The renderer also keeps what the checks read: each
file's source, patient pages' text, review dates and front matter, and what each page cites.
`write_tree` puts the files on disk.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from . import links, placeholders, words
from .cite import Numbering, blank_code, link_citations
from .readability import plain_text
from .sanitise import author_markdown
from .validate import Site

# How soon to act. Each urgency is shown as one of the three care cards of the NHS design system
# (non-urgent, urgent, immediate), which starts with the words a screen reader hears first (the
# words are the catalogue's, locales/en.yaml).
CARDS = {"routine": "non-urgent", "soon": "non-urgent", "urgent": "urgent", "emergency": "emergency"}


def urgency(said: dict) -> dict[str, dict[str, str]]:
    """Each urgency's card and words, from the catalogue `said`."""
    return {key: {"card": card, **said["urgency"][key]} for key, card in CARDS.items()}


def urgency_words(said: dict) -> dict[str, str]:
    """Each urgency in one line: "Soon: book a visit with your care team"."""
    return {key: f'{u["level"]}: {u["action"][0].lower()}{u["action"][1:].rstrip(".")}' for key, u in urgency(said).items()}


# In English, for the editors' schema (schema.py) and `pathways diff`, which speak to editors.
URGENCY_WORDS = urgency_words(words.catalogue())
KIND_WORDS = {kind: w["word"] for kind, w in words.catalogue()["kinds"].items()}
# HTML's own characters as entities, and a backslash before each character Markdown acts on.
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", **{c: "\\" + c for c in "\\`*_{}[]!|"}})
# "- [ ] Question?" items: the tasklist extension writes a checkbox with no label (axe-core reports it),
# so the generator writes each box inside a label holding its question, as node.md.j2 does.
_TICK_ITEM = re.compile(r"^(\s*[-*+]) \[ \] (.*)$", re.M)


def text(value: str) -> str:
    """Plain text from a pathway, made safe to drop into Markdown: shown as typed, never run.
    On one line: a line break could start a heading or end the list the text is in. Placeholders
    stay as written, for the pipeline to fill with their plain-word values last."""
    line, out, last = " ".join(str(value).splitlines()), [], 0
    for match in placeholders.PLACEHOLDER.finditer(line):
        out += [line[last:match.start()].translate(_TEXT_ESCAPES), match.group(0)]
        last = match.end()
    return "".join(out) + line[last:].translate(_TEXT_ESCAPES)


ENV = Environment(
    loader=PackageLoader("pathways", "templates"),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
    auto_reload=False,  # templates ship with the package: no need to check their dates on every page
)
ENV.filters["text"] = text
ENV.filters["markdown"] = author_markdown


@dataclass
class Generated:
    """A file the site publishes as it is (JSON, HTML, SVG, an image), and the author's file it was made from."""

    rel: str  # its path in the docs folder, e.g. after-epidural-injection/pathway.json
    data: str | bytes
    source: str  # e.g. pathways/after-epidural-injection.yaml ("" when nothing an author wrote made it)


def json_text(data) -> str:
    """A published JSON file. Compact: json's fast C encoder runs only without indenting (indented,
    the FHIR files of a 10,000-step pathway took a fifth of its check), and programs read these."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


@dataclass
class Page:
    """A Markdown page to write through page.md.j2. `own_heading`: the body starts with its own
    "# " heading (pathway steps); other pages get their title as heading (the theme would show
    the menu label instead). `extra_keys`: sources listed though the body does not cite them.
    `scored`: false for a page made of other pages' text (the decide page holds every step, each
    scored on its own page), whose reading level says nothing more."""

    rel: str
    meta: dict
    body: str
    source: str
    extra_keys: list[str] = field(default_factory=list)
    own_heading: bool = False
    scored: bool = True


@dataclass
class Rendered:
    """What one page cites, so the References page can link back to it."""

    rel: str  # the page's file in the docs folder, e.g. options/medicines.md
    title: str
    keys: list[str] = field(default_factory=list)


class SiteRenderer:
    def __init__(self, site: Site, today: dt.date):
        self.site, self.today = site, today
        self.files: dict[str, str | bytes] = {}
        self.sources_of: dict[str, str] = {}  # docs path -> the author's file it was made from
        self.terms = sorted(site.glossary.terms.items(), key=lambda kv: kv[0].lower()) if site.glossary else []
        self.cited: list[Rendered] = []
        self.readable: dict[str, str] = {}  # patient pages' text, for the reading-level check
        self.reviews: dict[str, dt.date] = {}  # next review date of every page
        self.metas: dict[str, dict] = {}  # every page's front matter, for the clinicians' list
        self.config = site.config
        self.editions: dict[str, SiteRenderer] = {}  # language -> its translation, emitted first (translate.py)
        self.translated: dict = {}  # a translation file -> what it says about itself (translate.Translated)
        self.words = said = words.catalogue(site.config.language)  # what readers see, in the site's language
        self._words = dict(urgency=urgency(said), urgency_words=urgency_words(said),
                           kind_words={kind: w["word"] for kind, w in said["kinds"].items()}, words=said)

    def add_all(self, made) -> None:
        for item in made:
            self.sources_of[item.rel] = item.source
            if isinstance(item, Page):
                self.page(item)
            else:
                self.files[item.rel] = item.data

    def edition_words(self, meta: dict, rel: str, source: str) -> None:
        """The page's link to its other-language twin, and a translated page's review line."""
        other = self.twin(rel)
        if other:
            said = words.catalogue(other)["languages"]
            here, there = self.address(rel), self.address(rel, other)
            meta["twin"] = {"lang": other, "url": links.relative_url(there, here), "full": self.config.home_url + there,
                            "label": said["this_page_in"] + said[other]}
        about = self.translated.get(source)
        if about is not None:
            said = self.words["languages"]
            meta["translation"] = (words.say(said["translation_reviewed"], name=about.reviewed_by,
                                             date=self.date(about.last_reviewed) if about.last_reviewed else "")
                                   if about.reviewed_by else " ".join(said["translation_unreviewed"].split()))

    def address(self, rel: str, language: str | None = None) -> str:
        """A page's URL in the whole site (with the edition's folder): /es/options/mri/."""
        prefix = self.config.prefix if language is None else ("" if language == self.config.original else language)
        return (f"/{prefix}" if prefix else "") + links.url_of(rel)

    def in_language(self, rel: str, language: str) -> tuple[str, dict] | None:
        """The page `rel` in the translation `language`: its address in the whole site and its front
        matter, or None when that edition has no such page."""
        edition = self.editions.get(language)
        if edition is None or rel not in edition.metas:
            return None
        return edition.address(rel), edition.metas[rel]

    def twin(self, rel: str) -> str | None:
        """The language of the page's twin in the other edition, if it has one."""
        if self.config.prefix:
            return self.config.original  # every translated page translates an original one
        return next((language for language, edition in self.editions.items() if rel in edition.metas), None)

    def page(self, item: Page) -> None:
        rel, meta, body, source = item.rel, item.meta, item.body, item.source
        if item.scored and meta.get("audience", "patients") == "patients":
            self.readable[rel] = placeholders.fill(body, self.site.config.locale)
        self.reviews[rel] = meta["next_review"]
        self.metas[rel] = meta
        body, numbering = self.cite(body)
        for key in item.extra_keys:
            numbering.number(key)
        meta["review_overdue"] = meta["next_review"] < self.today
        # Dates as text here: templates call no Python methods (MiniJinja has none).
        meta["last_reviewed_text"], meta["next_review_text"] = self.date(meta["last_reviewed"]), self.date(meta["next_review"])
        meta["printed_reviewed"] = words.say(self.words["theme"]["printed_reviewed"], last=meta["last_reviewed_text"],
                                             next=meta["next_review_text"])
        self.edition_words(meta, rel, source)
        front = {k: v for k, v in meta.items() if v is not None}
        front["title"] = html.escape(str(meta["title"]), quote=False)  # the theme prints titles unescaped
        # ... and the description inside a quoted attribute (<meta name="description" content="...">).
        front["description"] = html.escape(str(meta["description"]), quote=True)
        front["qr"] = links.qr_file(rel)  # for the printout (main.html); pipeline.generate makes the codes
        sources = self.sources(numbering, rel)
        # The abbr extension turns each glossary term into a tooltip. Only the terms the page uses:
        # Markdown parses every definition line, and all of them on every page made up most of
        # the build time of a large site.
        text = body + sources
        terms = [(term, meaning) for term, meaning in self.terms if term in text]
        self.files[rel] = ENV.get_template("page.md.j2").render(
            front_matter=_yaml(front), body=body, sources=sources, terms=terms,
            heading=None if item.own_heading else meta["title"], print_button=meta.get("type") == "option", words=self.words,
        )
        self.cited.append(Rendered(rel, str(meta["title"]), list(numbering.order)))

    def date(self, day: dt.date) -> str:
        """A date the way the site's language writes it (the catalogue's `dates`)."""
        said = self.words["dates"]
        return words.say(said["format"], day=str(day.day), month=said["months"][day.month - 1], year=str(day.year))

    def first_line(self, markdown: str | None) -> str:
        """A page's description: its first sentence, placeholders filled before the Markdown is stripped."""
        return _first_line(placeholders.fill(markdown or "", self.site.config.locale))

    def cite(self, body: str, anchor: str = "ref-") -> tuple[str, Numbering]:
        """The body with its citations as numbered links, and the numbering (which sources, in what order)."""
        numbering = Numbering(anchor)
        return link_citations(_tick_boxes(body), numbering, self.site.bibliography), numbering

    def sources(self, numbering: Numbering, rel: str) -> str:
        """The folded "Sources (N)" list of what `numbering` numbered, for the page `rel` ("" if none)."""
        if not numbering.order:
            return ""
        return ENV.get_template("_sources.md.j2").render(
            references=[(key, self.site.bibliography.render(key, self.words["sources"]["web_page"]))
                        for key in numbering.order],
            anchor=numbering.anchor, list_id="references" if numbering.anchor == "ref-" else numbering.anchor + "list",
            references_url=links.relative_url(links.url_of("references.md"), links.url_of(rel)), words=self.words)

    def template(self, name: str, **context) -> str:
        return ENV.get_template(name).render(
            signs=self.site.warning_signs, **self._words,
            locale=self.site.config.locale, **context
        )




def _first_line(markdown: str | None) -> str:
    if not markdown:
        return ""
    return plain_text(markdown).split(". ")[0].strip().rstrip(".") + "."


def _tick_boxes(markdown: str) -> str:
    """Task-list items (outside code) as list items holding a labelled checkbox."""
    if "[ ]" not in markdown:
        return markdown
    out, last = [], 0
    for match in _TICK_ITEM.finditer(blank_code(markdown)):
        item = markdown[match.start(2):match.end(2)]  # from the original: the mask blanks inline code
        out += [markdown[last:match.start()], match.group(1), f' <label><input type="checkbox"> {item}</label>']
        last = match.end()
    return "".join(out) + markdown[last:]


# Characters YAML refuses, or reads as a line break inside a quoted string; json writes them as they are.
_NOT_FOR_YAML = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def _yaml(data: dict) -> str:
    """Front matter: a `key: value` line per key, in order, each value written by json, which YAML
    reads as the same value (JSON is YAML's flow style); a date as a YAML date. A YAML dumper's
    Python half was a tenth of the time of generating 10,000 pages, json's C encoder is twelve
    times quicker, and a property test holds that YAML reads back exactly what was written."""
    lines = []
    for key in sorted(data):
        value = data[key].value if isinstance(data[key], Enum) else data[key]
        if isinstance(value, dt.date):
            text = value.isoformat()
        else:
            text = _NOT_FOR_YAML.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False))
        lines.append(f"{json.dumps(key)}: {text}\n")  # quoted: YAML would read a key like `on` as true
    return "".join(lines)


def write_files(files: dict[str, str | bytes], docs: Path) -> int:
    """Write `files` into `docs`, touching only what changed (so live preview stays quick); how many changed."""
    folders, changed = {docs}, 0
    docs.mkdir(parents=True, exist_ok=True)
    for rel, data in files.items():
        path = docs / rel
        raw = data.encode("utf-8") if isinstance(data, str) else data
        try:
            if path.stat().st_size == len(raw) and path.read_bytes() == raw:
                continue
        except FileNotFoundError:
            pass
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        path.write_bytes(raw)
        changed += 1
    return changed


def write_tree(files: dict[str, str | bytes], docs: Path) -> None:
    """Make `docs` hold exactly `files` (write_files, then anything else removed)."""
    write_files(files, docs)
    wanted = {docs / rel for rel in files}
    for path in sorted(docs.rglob("*"), reverse=True):
        if path.is_file() and path not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
