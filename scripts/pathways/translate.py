"""Translations: text only, laid over the English site's clinical logic (docs/adr/0030).

A translation of a pathway (pathways/<language>/<id>.yaml), a page (content/<language>/<path>.md),
the warning signs or the glossary holds the same text fields as its English source, keyed by the
English ids: the steps, where each answer leads, urgencies, options, citations' keys and review
dates stay in the English file. Every English string must be there, non-empty, and nothing else.

Staleness: `pathways translated FILE` records, in the file's `english:` block, a short hash of
every English string it translates. When the English changes later, `check` names each string
that changed (a warning; `check --strict` makes it a problem).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from io import StringIO
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from . import placeholders, safety, words
from .cite import keys_in
from .graph import Graph
from .load import Document, Page, read_page, read_yaml
from .model import FlowTest, Glossary, OptionSummary, Pathway, Sign, SignLevel, WarningSigns
from .problems import Problem, Problems
from .validate import Site, check_body

# What a translation may say about itself, beside its text.
ABOUT = ("translates", "translation_reviewed_by", "translation_last_reviewed", "english")


@dataclasses.dataclass
class Translated:
    """What a translation file says about itself: who reviewed it as a medical translator, and when."""

    reviewed_by: str | None
    last_reviewed: dt.date | None


# ---------------------------------------------------------------- the English text, as a shape

def pathway_text(pathway: Pathway) -> dict:
    """The text of a pathway, in the shape its translation has (steps keyed by id)."""
    nodes = {}
    for node in pathway.nodes:
        step: dict[str, Any] = {"title": node.title}
        if node.text:
            step["text"] = node.text
        answers = getattr(node, "answers", None)
        if answers:
            step["answers"] = [{"label": a.label, **({"hint": a.hint} if a.hint else {})} for a in answers]
        if getattr(node, "ask", None):
            step["ask"] = list(node.ask)
        nodes[node.id] = step
    return {"title": pathway.title, "summary": pathway.summary, "audience": pathway.audience, "nodes": nodes}


def page_text(meta) -> dict:
    text = {"title": meta.title, "description": meta.description}
    if meta.summary is not None:
        text["summary"] = meta.summary.model_dump()
    return text


def signs_text(signs: WarningSigns) -> dict:
    return {"title": signs.title, "description": signs.description, "intro": signs.intro,
            "levels": {level: {"heading": group.heading, "signs": [{"text": s.text} for s in group.signs]}
                       for level, group in signs.levels.items()}}


def glossary_text(glossary: Glossary) -> dict:
    return {"terms": {term: {"term": term, "meaning": meaning} for term, meaning in glossary.terms.items()}}


def flatten(data: Any, at: tuple = ()) -> dict[tuple, Any]:
    """Every string in `data` by its place ("nodes", "start", "answers", 0, "label")."""
    if isinstance(data, dict):
        return {k: v for key, value in data.items() for k, v in flatten(value, at + (key,)).items()}
    if isinstance(data, list):
        return {k: v for i, value in enumerate(data) for k, v in flatten(value, at + (i,)).items()}
    return {at: data}


def _name(at: tuple) -> str:
    return ".".join(str(part) for part in at)


def fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


# ---------------------------------------------------------------- parity

def _describe(at: tuple) -> str:
    """A place in words: `step "x", answer 2, label`."""
    words, parts = [], list(at)
    if parts[:1] == ["nodes"] and len(parts) > 1:
        words.append(f'step "{parts[1]}"')
        parts = parts[2:]
    for part in parts:
        words.append(f"item {part + 1}" if isinstance(part, int) else f'"{part}"')
    return ", ".join(words) or "the file"


def parity(doc: Document, english: dict, source: str, extra_text: dict | None = None) -> list[Problem]:
    """A problem for each string the translation lacks, leaves empty or adds."""
    data = {k: v for k, v in (doc.data or {}).items() if k not in ABOUT} if isinstance(doc.data, dict) else {}
    data.update(extra_text or {})
    want, have = flatten(english), flatten(data)
    problems = []
    for at in want:
        if at not in have:
            parent = at[:-1]
            problems.append(doc.problem(parent, f"{_describe(at)} is missing: every text of {source} needs its "
                                                "translation here (the same ids, answers in the same order)"))
        elif not isinstance(have[at], str) or not have[at].strip():
            problems.append(doc.problem(at, f"{_describe(at)} is empty: write its translation"))
        else:
            problems += _same_sources(doc, at, str(want[at]), have[at], source)
    known = {at[:n] for at in want for n in range(1, len(at) + 1)}
    extra = {next(at[:n] for n in range(1, len(at) + 1) if at[:n] not in known) for at in have if at not in want}
    for at in sorted(extra, key=lambda at: doc.where(at)):  # each added step or field once, at its top
        problems.append(doc.problem(at, f"{_describe(at)} is not in {source}: a translation has only the "
                                        "English file's text (steps, answers, results and links are "
                                        "changed in the English file), so remove it", at_key=True))
    return problems


def _same_sources(doc: Document, at: tuple, english: str, translated: str, source: str) -> list[Problem]:
    """A translated text cites the same sources and fills the same placeholders as its English."""
    problems = []
    for what, found in (("cites", lambda t: sorted(key for key, _ in keys_in(t))),
                        ("has the placeholders", lambda t: sorted(m.group(0).replace(" ", "")
                                                                   for m in placeholders.PLACEHOLDER.finditer(t)))):
        mine, theirs = found(translated), found(english)
        if mine != theirs:
            problems.append(doc.problem(at, f"{_describe(at)} {what} {', '.join(mine) or 'nothing'}, but in {source} "
                                            f"it {what} {', '.join(theirs) or 'nothing'}: a "
                                            "translation keeps every source and placeholder of the English"))
    return problems


def stale(doc: Document, english: dict, source: str) -> list[Problem]:
    """A warning for each English string changed since `pathways translated` last recorded it."""
    recorded = (doc.data or {}).get("english") if isinstance(doc.data, dict) else None
    if not isinstance(recorded, dict):
        return [doc.problem((), f"this translation does not record which version of {source} it translates: "
                                f"once it is up to date, run `pathways translated {doc.path}`")]
    changed = [at for at, text in flatten(english).items() if recorded.get(_name(at)) != fingerprint(str(text))]
    if not changed:
        return []
    shown = "; ".join(_describe(at) for at in changed[:8]) + ("; ..." if len(changed) > 8 else "")
    return [doc.problem(("english",), f"{len(changed)} English text(s) of {source} changed since this was translated "
                                      f"({shown}): update the translation, then run `pathways translated {doc.path}`",
                        at_key=True)]


def record(path: Path, english: dict) -> None:
    """`pathways translated FILE`: write the fingerprints of the English it now translates."""
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 100
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        _, front, body = text.split("---\n", 2)
        data = yaml.load(front)
    else:
        data = yaml.load(text)
    data["english"] = {_name(at): fingerprint(str(value)) for at, value in flatten(english).items()}
    out = StringIO()
    yaml.dump(data, out)
    path.write_text(f"---\n{out.getvalue()}---\n{body}" if path.suffix == ".md" else out.getvalue(), encoding="utf-8")


# ---------------------------------------------------------------- laying the text over the logic

def translate_pathway(pathway: Pathway, data: dict) -> Pathway:
    nodes = []
    for node in pathway.nodes:
        step = data["nodes"][node.id]
        update: dict[str, Any] = {"title": step["title"], "text": step.get("text", node.text)}
        if getattr(node, "answers", None):
            update["answers"] = [a.model_copy(update={"label": t["label"], "hint": t.get("hint", a.hint)})
                                 for a, t in zip(node.answers, step["answers"])]
        if getattr(node, "ask", None):
            update["ask"] = list(step["ask"])
        nodes.append(node.model_copy(update=update))
    translated = pathway.model_copy(update={"title": data["title"], "summary": data["summary"],
                                            "audience": data["audience"], "nodes": nodes})
    return translated.model_copy(update={"tests": [_translated_test(pathway, translated, t) for t in pathway.tests]})


def _translated_test(english: Pathway, translated: Pathway, test: FlowTest) -> FlowTest:
    """The same test with each answer as the translation labels it (the same answer, by position)."""
    by_id = {n.id: n for n in translated.nodes}
    answered = Graph(english).replay(test.answers).answered
    return test.model_copy(update={"answers": [by_id[step].exits()[position].label for step, position in answered]})


def translate_signs(signs: WarningSigns, data: dict) -> WarningSigns:
    levels = {level: SignLevel(heading=data["levels"][level]["heading"],
                               signs=[Sign(text=s["text"]) for s in data["levels"][level]["signs"]])
              for level in signs.levels}
    return signs.model_copy(update={"title": data["title"], "description": data["description"],
                                    "intro": data["intro"], "levels": levels})


def translate_glossary(data: dict) -> Glossary:
    return Glossary(terms={entry["term"]: entry["meaning"] for entry in data["terms"].values()})


def translate_meta(meta, data: dict):
    update = {"title": data["title"], "description": data["description"]}
    if meta.summary is not None:
        update["summary"] = OptionSummary(**data["summary"])
    return meta.model_copy(update=update)


def about(doc: Document) -> tuple[str | None, dt.date | None, list[Problem]]:
    """Who reviewed the translation, and when (both may be empty until a medical translator has)."""
    data = doc.data if isinstance(doc.data, dict) else {}
    name, day, problems = data.get("translation_reviewed_by"), data.get("translation_last_reviewed"), []
    if name is not None and (not isinstance(name, str) or not name.strip()):
        problems.append(doc.problem(("translation_reviewed_by",), "write the medical translator's name and role, "
                                                                  "or leave it empty (null)"))
        name = None
    if day is not None:
        try:
            day = dt.date.fromisoformat(str(day))
        except ValueError:
            problems.append(doc.problem(("translation_last_reviewed",), "write the date like 2026-11-15"))
            day = None
    return name, day, problems


# ---------------------------------------------------------------- the whole translated site

@dataclasses.dataclass
class StepsById(Document):
    """A pathway's translation, where steps are keyed by id: places given as the English file's
    ("nodes", <position>, ...) are found at ("nodes", <id>, ...)."""

    ids: tuple[str, ...] = ()

    def _walk(self, loc: tuple):
        if loc[:1] == ("nodes",) and len(loc) > 1 and isinstance(loc[1], int) and loc[1] < len(self.ids):
            loc = ("nodes", self.ids[loc[1]]) + tuple(loc[2:])
        return super()._walk(loc)


class _Reader:
    """Reads one language's translation files against the English site, gathering problems."""

    def __init__(self, site: Site, language: str, strict: bool):
        self.site, self.language, self.strict = site, language, strict
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.about: dict[str, Translated] = {}

    def _read(self, rel: str, source: str, read):
        """The translation `rel` (a path in the project) of `source`, read with `read(path, rel)`."""
        path = self.site.root / rel
        if not path.is_file():
            self.problems.append(Problem(rel, 1, 1, f"{source} has no {self.language} translation: write {rel} "
                                                     "(see \"Translations\" in the authors' guide)"))
            return None
        try:
            return read(path, rel)
        except Problems as exc:
            self.problems += exc.problems
            return None

    def yaml(self, rel: str, source: str, english: dict) -> Document | None:
        """The translation `rel` of `source`, checked against its English text."""
        doc = self._read(rel, source, read_yaml)
        return doc if doc is not None and self.checked(doc, source, english) else None

    def checked(self, doc: Document, source: str, english: dict, extra_text: dict | None = None) -> bool:
        found = parity(doc, english, source, extra_text)
        if isinstance(doc.data, dict) and doc.data.get("translates") not in (None, source.removeprefix("content/")) \
                and doc.data.get("translates") != source:
            found.append(doc.problem(("translates",), f'"translates" should name {source}'))
        name, day, wrong = about(doc)
        found += wrong
        self.problems += found
        (self.problems if self.strict else self.warnings).extend(stale(doc, english, source))
        self.about[doc.path] = Translated(name, day)
        return not found

    def page(self, page: Page, meta) -> tuple[Page, object] | None:
        translated = self._read(f"content/{self.language}/{page.rel}", page.path,
                                lambda path, rel: read_page(path, rel, page.rel))
        if translated is None:
            return None
        body = {"body": page.body}  # the body is checked as one text: it is whole pages in each language
        if not self.checked(translated.front, page.path, {**page_text(meta), **body},
                            extra_text={"body": translated.body}):
            return None
        meta = translate_meta(meta, translated.front.data)
        required = words.catalogue(self.language)["sections"].get(meta.type.value, ())
        found = check_body(translated, meta, required, self.site)
        self.problems += found
        return None if found else (translated, meta)


def load(site: Site, language: str, strict: bool = False) -> tuple[Site | None, list[Problem], list[Problem], dict]:
    """The site in `language`: the English logic with the translations' text. Returns the translated
    site (None if any translation has a problem), the problems, the warnings (stale translations),
    and what each translation file says about itself (Translated, by file)."""
    reader = _Reader(site, language, strict)
    config = site.config.edition(language)
    translated = dataclasses.replace(site, config=config, review=config.review, pathways=[], pages=[],
                                     sources={}, documents={}, glossary=None, warning_signs=None)
    for pathway in site.pathways:
        rel = f"pathways/{language}/{pathway.id}.yaml"
        english = pathway_text(pathway)
        doc = reader.yaml(rel, site.sources[pathway.id], english)
        if doc is None:
            continue
        made, by_id = translate_pathway(pathway, doc.data), StepsById(**vars(doc), ids=tuple(n.id for n in pathway.nodes))
        # The same markup rules as the English file's (validate.check_pathway), at the translation's lines.
        reader.problems += safety.pathway_markup(by_id, made, site.root)
        translated.pathways.append(made)
        translated.sources[pathway.id] = rel
        translated.documents[rel] = by_id
    for page, meta in site.pages:
        if meta.audience != "patients":
            continue  # pages for clinicians and authors stay in the original language
        done = reader.page(page, meta)
        if done:
            translated.pages.append(done)
    if site.warning_signs:
        rel = f"content/{language}/warning-signs.yaml"
        doc = reader.yaml(rel, "content/warning-signs.yaml", signs_text(site.warning_signs))
        if doc is not None:
            translated.warning_signs = translate_signs(site.warning_signs, doc.data)
            reader.problems += safety.warning_sign_markup(doc, translated.warning_signs, site.root)
            translated.documents[rel] = doc
            translated.signs_source = rel
    if site.glossary:
        doc = reader.yaml(f"content/{language}/glossary.yaml", "content/glossary.yaml", glossary_text(site.glossary))
        if doc is not None:
            translated.glossary = translate_glossary(doc.data)
            places = {entry["term"]: ("terms", english, "term") for english, entry in doc.data["terms"].items()}
            reader.problems += safety.glossary_problems(doc, translated.glossary.terms, places)
    problems = sorted(set(reader.problems))
    return (None if problems else translated), problems, reader.warnings, reader.about


def english_of(root: Path, site: Site, path: Path) -> dict:
    """The English text the translation file `path` translates (for `pathways translated`). Raises Problems."""
    rel = path.resolve().relative_to(root.resolve()).as_posix()
    parts = rel.split("/")
    if parts[0] == "pathways" and len(parts) == 3:
        pathway = next((p for p in site.pathways if p.id == Path(parts[2]).stem), None)
        if pathway:
            return pathway_text(pathway)
    if parts[0] == "content" and len(parts) >= 3:
        inner = "/".join(parts[2:])
        if inner == "warning-signs.yaml" and site.warning_signs:
            return signs_text(site.warning_signs)
        if inner == "glossary.yaml" and site.glossary:
            return glossary_text(site.glossary)
        for page, meta in site.pages:
            if page.rel == inner:
                return {**page_text(meta), "body": page.body}
    raise Problems([Problem(rel, 1, 1, "this is not a translation of a pathway or page: translations go in "
                                       "pathways/<language>/<pathway id>.yaml or content/<language>/<same path>")])
