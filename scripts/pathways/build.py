"""From files on disk to a published site: generate Markdown, run mkdocs, swap in `site/`.

mkdocs never writes into `site/` directly: it builds into a temporary folder beside
it, and only a build that passed `--strict` replaces the old site. A failed build
leaves the previous site exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import tempfile
import time
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from .check import check_site
from .links import qr_codes, site_config
from .problems import Problems
from .render import write_tree
from .validate import Site

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # mkdocs-material's end-of-life banner on every run


class BuildFailed(Exception):
    pass


def docs_dir(root: Path) -> Path:
    return root / "build" / "docs"


def qr_cache(root: Path) -> Path:
    # Not in build/: a clean build (rm -rf build site) still finds the codes. Safe to delete.
    return root / ".cache" / "qr-codes.json"


def generate(root: Path, today: dt.date, stages: dict[str, float] | None = None) -> Site:
    """Check everything, then write the generated docs folder. Raises Problems.

    The check is `pathways check`'s own (check.py): the build refuses exactly what it reports.
    `stages`, if given, receives the CPU seconds of each stage (for `pathways bench`)."""
    report = check_site(root, today, stages=stages)
    if report.problems:
        raise Problems(report.problems)
    started = time.process_time()
    files = report.files
    files.update(qr_codes(files, site_config(root)["site_url"], qr_cache(root)))
    qr_done = time.process_time()
    write_tree(files, docs_dir(root))
    if stages is not None:
        stages["qr"], stages["write"] = qr_done - started, time.process_time() - qr_done
    return report.site


def mkdocs_logging() -> None:
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "_pathways", False) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        handler.setLevel(logging.WARNING)
        handler._pathways = True
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


def run_mkdocs(root: Path, out: Path) -> None:
    mkdocs_logging()
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(out), strict=True)
    try:
        mkdocs_build(config)
    except (MkDocsException, SystemExit) as exc:
        raise BuildFailed(f"mkdocs could not build the site: {exc}") from None


def build(root: Path, today: dt.date, site_dir: Path | None = None) -> Site:
    """Generate and build into `site_dir` (default root/site), replacing it only on success."""
    site_dir = site_dir or root / "site"
    site = generate(root, today)
    staging = Path(tempfile.mkdtemp(prefix=".site-new-", dir=site_dir.parent))
    try:
        run_mkdocs(root, staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = site_dir.with_name(f".site-old-{os.getpid()}")
    if site_dir.exists():
        site_dir.rename(old)
    staging.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)
    site_dir.chmod(0o755)  # mkdtemp made it private
    return site
