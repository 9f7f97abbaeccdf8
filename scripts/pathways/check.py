"""The rules on what the pipeline emitted (pipeline.py runs them for every command).

Links and heading anchors at the line where they were written (source_links.py), the reading
level of patient pages, review dates (with --strict), urgent and emergency results that no
flow test reaches, and published addresses that stopped resolving (urls.lock). The format and
the flow were checked before anything was emitted (validate.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from . import links
from .graph import Graph
from .model import Outcome, Pathway
from .outputs import connect
from .problems import Problem
from .readability import Score, score
from .render import SiteRenderer
from .source_links import LinkChecker, Written
from .validate import Site

# Results a reader must never miss: one without a flow test is a problem, not a warning.
MUST_BE_TESTED = {"emergency", "urgent"}
# Past this, an example route is too long to copy by hand (and thousands of them made the output grow
# with the square of a long pathway): the message gives its length instead.
MAX_EXAMPLE_ANSWERS = 30


@dataclass
class Report:
    site: Site | None
    problems: list[Problem]
    warnings: list[Problem] = field(default_factory=list)
    files: dict[str, str | bytes] = field(default_factory=dict)  # the docs folder to write
    scores: list[tuple[str, str, Score]] = field(default_factory=list)  # (author's file, docs page, score)
    limit: float = 8.0
    emitted: SiteRenderer | None = None  # what was emitted, and the records the checks read
    # pathway id -> [(result, the flow tests that reach it, numbered from 1)]
    coverage: dict[str, list[tuple[Outcome, list[int]]]] = field(default_factory=dict)
    # Each translation's own report, by language: its files are published under /<language>/.
    editions: dict[str, "Report"] = field(default_factory=dict)

    def all_files(self) -> dict[str, str | bytes]:
        """Every edition's files, each translation's in its folder (es/options/mri.md)."""
        found = dict(self.files)
        for language, edition in self.editions.items():
            found.update({f"{language}/{rel}": data for rel, data in edition.files.items()})
        return found


def outputs(root: Path, site: Site, emitted: SiteRenderer, today: dt.date,
            only: list[Path] | None = None, strict: bool = False) -> Report:
    """Every problem with what was emitted (for the pathway files `only`, if given)."""
    files = emitted.files
    report = Report(site, [], files=files, limit=site.config.max_grade, emitted=emitted)
    loaded = {pathway.id for pathway in site.pathways}
    not_loaded = tuple(p.stem for p in (root / "pathways").glob("*.yaml") if p.stem not in loaded) if only else ()
    report.problems += LinkChecker(root, files, skip=not_loaded).problems(_written(site, whole_site=not only))
    for rel, body in sorted(emitted.readable.items()):
        if only and rel.split("/")[0] not in loaded:
            continue
        source = emitted.sources_of[rel]
        s = score(body, site.config.language)
        report.scores.append((source, rel, s))
        hard = s.too_hard(site.config)
        if hard:
            report.problems.append(Problem(source, 1, 1, f"{rel} {hard}: use shorter sentences and everyday words"))
    if strict:
        for rel, next_review in emitted.reviews.items():
            if next_review < today and not (only and rel.split("/")[0] not in loaded):
                report.problems.append(Problem(emitted.sources_of[rel], 1, 1,
                                               f"review is overdue: next_review was {next_review}"))
    if not site.config.prefix:  # a translation's flow is the original's, already covered
        for pathway in site.pathways:
            _coverage(site, pathway, report)
    report.problems = sorted(set(report.problems))
    return report


def locked(root: Path, report: Report, only: list[Path] | None = None) -> list[Problem]:
    """Published addresses (of every edition) that stopped resolving: see links.lock_problems. A
    translation with a problem is not emitted at all: its addresses are that problem's knock-ons,
    not each a problem of its own."""
    loaded = sorted(p.id for p in report.site.pathways)
    missing = [language for language in report.site.config.translations if language not in report.editions]
    # ... and so are its answers by diagnosis code (outputs/connect.py), which only exist with it.
    not_emitted = tuple(f"/{language}/" for language in missing) + \
        tuple(f"/{connect.FOLDER}/{language}/" for language in missing)
    return links.lock_problems(root, report.all_files(), report.site, loaded if only else None, skip=not_emitted)


def _written(site: Site, whole_site: bool) -> list[Written]:
    """All the Markdown authors wrote, with the pages it appears on."""
    found = []
    for pathway in site.pathways:
        file = site.sources[pathway.id]
        doc = site.documents[file]
        pages = (f"{pathway.id}/index.md",)  # every page of a pathway is in one folder: links resolve alike
        found.append(Written(pathway.summary, pages, file, doc=doc, loc=("summary",)))
        found += [Written(node.text, pages, file, doc=doc, loc=("nodes", i, "text"))
                  for i, node in enumerate(pathway.nodes) if node.text]
    if not whole_site:
        return found
    for page, _ in site.pages:
        found.append(Written(page.body, (page.rel,), page.path, line=page.body_line))
    signs = site.warning_signs
    if signs:
        # The signs show on the warning-signs page and on every pathway page (the emergency card).
        pages = ("warning-signs.md",) + tuple(f"{p.id}/index.md" for p in site.pathways[:1])
        file = site.signs_source
        doc = site.documents.get(file)
        if doc is not None:
            found.append(Written(signs.intro, pages, file, doc=doc, loc=("intro",)))
            found += [Written(sign.text, pages, file, doc=doc, loc=("levels", level, "signs", i, "text"))
                      for level, group in signs.levels.items() for i, sign in enumerate(group.signs)]
    return found


def _coverage(site: Site, pathway: Pathway, report: Report) -> None:
    """Which flow test reaches each result; a result with none is a problem (urgent, emergency)
    or a warning. The tests have all passed by now, so each reaches the result it expects."""
    doc = site.documents[site.sources[pathway.id]]
    graph = Graph(pathway)
    reached_by: dict[str, list[int]] = {}
    for t, test in enumerate(pathway.tests, 1):
        reached_by.setdefault(test.expect, []).append(t)
    results = []
    for i, node in enumerate(pathway.nodes):
        if node.exits():
            continue
        tests = reached_by.get(node.id, [])
        results.append((node, tests))
        if tests:
            continue
        answers = graph.answers_to(node.id)
        if answers and answers > MAX_EXAMPLE_ANSWERS:
            example = f" The shortest route there takes {answers} answers."
        elif answers:
            route = graph.route_to(node.id)
            example = f' For example: "- answers: [{", ".join(_quoted(a) for a in route)}]" with "expect: {node.id}".'
        else:
            example = ""
        message = f'the {node.urgency.value} result "{node.id}" has no flow test: add one under "tests:".{example}'
        problem = doc.problem(("nodes", i, "id"), message)
        if node.urgency.value in MUST_BE_TESTED:
            report.problems.append(problem)
        else:
            report.warnings.append(problem)
    report.coverage[pathway.id] = results


def _quoted(label: str) -> str:
    return '"' + label.replace("\\", "\\\\").replace('"', '\\"') + '"'
