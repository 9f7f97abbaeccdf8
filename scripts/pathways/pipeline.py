"""The one pipeline: load -> validate -> emit -> check outputs -> write -> mkdocs.

Every command runs it, and so every rule runs in the same place for every command:
`pathways check` is `run` (everything but writing and mkdocs), `build` and `serve` are
`generate` (run, refused on any problem, then written to build/docs/) followed by mkdocs
(build.py), `lock` records the addresses `run` emitted, and `bench` times each stage.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from . import check, outputs
from .check import Report
from .problems import Problems
from .render import write_tree
from .validate import Site, load_site


def docs_dir(root: Path) -> Path:
    return root / "build" / "docs"


class _Stages:
    """CPU seconds of each stage, for `pathways bench` (into `into`, when given)."""

    def __init__(self, into: dict[str, float] | None):
        self.into, self.started = into, time.process_time()

    def lap(self, stage: str) -> None:
        now = time.process_time()
        if self.into is not None:
            self.into[stage] = now - self.started
        self.started = now


def run(root: Path, today: dt.date, only: list[Path] | None = None, strict: bool = False,
        stages: dict[str, float] | None = None) -> Report:
    """Every problem with the project (or with the pathway files `only`) and everything it
    would publish, without writing anything. `strict` also makes pages past their review date
    problems; `stages`, if given, receives the CPU seconds of each stage."""
    laps = _Stages(stages)
    site, problems = load_site(root, only=only)  # load and validate
    if site is None:
        return Report(None, problems)
    laps.lap("load")
    emitted = outputs.emit(site, today)
    laps.lap("render")
    report = check.outputs(root, site, emitted, today, only=only, strict=strict)
    laps.lap("check")
    return report


def generate(root: Path, today: dt.date, stages: dict[str, float] | None = None) -> Site:
    """`run`, refused on any problem, then the QR codes and the docs folder written. Raises Problems."""
    report = run(root, today, stages=stages)
    if report.problems:
        raise Problems(report.problems)
    laps = _Stages(stages)
    outputs.when_writing(report.site, report.emitted)  # into report.files
    laps.lap("qr")
    write_tree(report.files, docs_dir(root))
    laps.lap("write")
    return report.site
