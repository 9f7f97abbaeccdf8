"""The pipeline's last stage: mkdocs into a folder of its own, the allow-list sweep, then publish.

mkdocs never writes into `site/` directly: it builds into a folder of its own beside it,
and only a build that passed `--strict` and the allow-list sweep replaces the old site, in
one atomic step (publish.py). A failed or killed build leaves the previous site exactly as
it was.
"""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from . import mkdocs_config, publish, sanitise
from .pipeline import docs_dir, generate
from .validate import Site

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # mkdocs-material's end-of-life banner on every run


class BuildFailed(Exception):
    pass


def mkdocs_logging() -> None:
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "_pathways", False) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        handler.setLevel(logging.WARNING)
        handler._pathways = True
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


def run_mkdocs(config_file: Path, out: Path) -> None:
    mkdocs_logging()
    config = load_config(str(config_file), site_dir=str(out), strict=True)
    try:
        mkdocs_build(config)
    except (MkDocsException, SystemExit) as exc:
        raise BuildFailed(f"mkdocs could not build the site: {exc}") from None


def build_editions(root: Path, config, version: Path, mkdocs) -> None:
    """Each edition's mkdocs build into `version` (a translation's in its folder, version/es). They
    are independent, so each translation builds in a process of its own while the original builds
    in this one (on two cores the real site's build takes about a third less time), into a folder
    beside `version` (mkdocs empties the folder it builds into), moved in once all have passed."""
    # Named after `version`, so that publish.clean_leftovers removes them after a killed build.
    staged = {language: version.with_name(f"{version.name}-{language}") for language in config.translations}
    try:
        # fork: the child starts with mkdocs and the theme already imported, where spawn would import them again.
        with ProcessPoolExecutor(max_workers=max(1, len(staged)), mp_context=multiprocessing.get_context("fork")) as pool:
            running = [pool.submit(mkdocs, mkdocs_config.path(root, language, config), folder)
                       for language, folder in staged.items()]
            mkdocs(mkdocs_config.path(root, config.original, config), version)
            for job in running:
                job.result()  # a translation's failure, raised here
        for language, folder in staged.items():
            folder.rename(version / language)
    finally:
        for folder in staged.values():
            shutil.rmtree(folder, ignore_errors=True)


def build(root: Path, today: dt.date, site_dir: Path | None = None, mkdocs=run_mkdocs, finish=None) -> Site:
    """Generate and build into `site_dir` (default root/site), replacing it only on success.
    Another edition (offline.py) passes its own `mkdocs` step and a `finish` step run on the swept
    build before it is published. Raises Problems (the authors' files) or BuildFailed (anything
    else, said in plain words)."""
    root = root.resolve()  # mkdocs reads a relative site_dir as relative to its configuration file (in build/)
    site_dir = (site_dir or root / "site").absolute()  # not resolve(): site is a link to the published version
    try:
        with publish.build_lock(root):
            publish.clean_leftovers(site_dir)
            site = generate(root, today)
            version = publish.new_version(site_dir)
            try:
                build_editions(root, site.config, version, mkdocs)
                found = sanitise.sweep_site(version)
                if found:
                    raise BuildFailed("the built site has HTML the allow-list does not allow, which the checks "
                                      "should have reported (please report this as a bug): " + "; ".join(found[:5]))
                if finish:
                    finish(version)
            except BaseException:
                shutil.rmtree(version, ignore_errors=True)
                raise
            publish.publish(version, site_dir)
            return site
    except publish.Busy as exc:
        raise BuildFailed(str(exc)) from None
    except OSError as exc:  # a full disk, a folder that cannot be written
        where = f" ({exc.filename})" if exc.filename else ""
        raise BuildFailed(f"the site could not be written: {(exc.strerror or str(exc)).lower()}{where}") from None
