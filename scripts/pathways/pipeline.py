"""The one pipeline: load -> validate -> emit -> check outputs -> write -> mkdocs.

Every command runs it, and so every rule runs in the same place for every command:
`pathways check` is `run` (everything but writing and mkdocs), `build` and `serve` are
`generate` (run, refused on any problem, then written to build/docs/) followed by mkdocs
(build.py; after a pathway is saved, `serve` first runs `generate_pathways` for its own pages),
`lock` records the addresses `run` emitted, and `bench` times each stage.
"""

from __future__ import annotations

import datetime as dt
import gc
import time
from contextlib import contextmanager
from pathlib import Path

from . import check, mkdocs_config, outputs, translate
from .check import Report
from .config import Config
from .problems import Problems
from .render import write_files, write_tree
from .validate import Site, load_site


def docs_dir(root: Path, language: str = "") -> Path:
    """Where the docs mkdocs builds are written: build/docs, and build/docs-<language> for a translation."""
    return root / "build" / (f"docs-{language}" if language else "docs")


class _Stages:
    """CPU seconds of each stage, for `pathways bench` (into `into`, when given)."""

    def __init__(self, into: dict[str, float] | None):
        self.into, self.started = into, time.process_time()

    def lap(self, stage: str) -> None:
        now = time.process_time()
        if self.into is not None:
            self.into[stage] = now - self.started
        self.started = now


@contextmanager
def _no_cycle_collection():
    """Python's cycle collector off while the pipeline runs (`run`, and `generate` around it). The
    stages make almost no reference cycles, but the collector walked the whole growing heap again
    and again to look for them: a fifth of the time of checking a 10,000-step pathway. What cycles
    there are wait for its next pass, after the stage."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@_no_cycle_collection()
def run(root: Path, today: dt.date, only: list[Path] | None = None, strict: bool = False,
        stages: dict[str, float] | None = None) -> Report:
    """Every problem with the project (or with the pathway files `only`) and everything it
    would publish, in every language, without writing anything. `strict` also makes pages past
    their review date, and stale translations, problems; `stages`, if given, receives the CPU
    seconds of each stage."""
    laps = _Stages(stages)
    site, problems = load_site(root, only=only)  # load and validate
    if site is None:
        return Report(None, problems)
    laps.lap("load")
    editions, problems, warnings = {}, [], []
    for language in site.config.translations:  # first: the original's pages link to their twins
        translated, found, stale, about = translate.load(site, language, strict)
        problems += found
        warnings += stale
        if translated is not None:
            emitted = outputs.emit(translated, today, translated=about)
            editions[language] = check.outputs(root, translated, emitted, today, only=only, strict=strict)
    emitted = outputs.emit(site, today, editions={language: e.emitted for language, e in editions.items()})
    laps.lap("render")
    report = check.outputs(root, site, emitted, today, only=only, strict=strict)
    report.editions = editions
    report.problems += problems + [p for edition in editions.values() for p in edition.problems]
    report.warnings += warnings + [w for edition in editions.values() for w in edition.warnings]
    report.scores += [(source, f"{language}/{rel}", s) for language, edition in editions.items()
                      for source, rel, s in edition.scores]
    report.problems = sorted(set(report.problems + check.locked(root, report, only)))
    laps.lap("check")
    return report


def generate(root: Path, today: dt.date, stages: dict[str, float] | None = None) -> Site:
    """`run`, refused on any problem, then the QR codes and the docs folder written. Raises Problems."""
    with _no_cycle_collection():
        report = run(root, today, stages=stages)
        if report.problems:
            raise Problems(report.problems)
        laps = _Stages(stages)
        outputs.when_writing(report.site, report.emitted)  # into report.files
        for edition in report.editions.values():
            outputs.when_writing(edition.site, edition.emitted)
        laps.lap("qr")
        config = report.site.config
        for language, files in [(config.original, report.files)] + [(lang, e.files) for lang, e in report.editions.items()]:
            write_tree(files, docs_dir(root, "" if language == config.original else language))
            pages = {rel for rel in files if rel.endswith(".md")}
            mkdocs_config.path(root, language, config).write_text(mkdocs_config.text(root, config, language, pages),
                                                                  encoding="utf-8")
    laps.lap("write")  # with the cycle collector's one pass over what the stages made, as it is switched back on
    return report.site


def generate_pathways(root: Path, today: dt.date, files: list[Path]) -> tuple[Config, list[str]]:
    """The preview's quick pass after pathway files were saved: `run` for those pathways only,
    refused on any problem, then only their own pages (each edition's `<id>/` folder) written over
    the last whole-site `generate`, which the preview runs next. Returns the settings and the
    languages of the editions whose docs changed."""
    report = run(root, today, only=files)
    if report.problems:
        raise Problems(report.problems)
    ids = {path.stem for path in files}
    config, changed = report.site.config, []
    for language, edition in [(config.original, report)] + list(report.editions.items()):
        outputs.when_writing(edition.site, edition.emitted)  # the pages' QR codes, from their cache
        own = {rel: data for rel, data in edition.files.items() if rel.split("/")[0] in ids}
        if write_files(own, docs_dir(root, "" if language == config.original else language)):
            changed.append(language)
    return config, changed
