"""Portability to mkdocs-material's successor: the generated docs build with Zensical 0.0.73, and
every address in urls.lock resolves in its output (docs/adr/0022).

Zensical is installed by `make test` when this machine can get it (pip install zensical==0.0.73);
without it these tests are skipped. Newer releases need a package this machine cannot get."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pathways import links, mkdocs_config, pipeline

from support import ROOT, TODAY

ZENSICAL = Path(sys.executable).with_name("zensical")


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory) -> Path:
    if not ZENSICAL.exists():
        pytest.skip("Zensical is not installed (pip install zensical==0.0.73)")
    version = subprocess.run([str(ZENSICAL), "--version"], capture_output=True, text=True).stdout.strip()
    if version != "0.0.73":
        pytest.skip(f"Zensical {version} is installed; this test is for 0.0.73")
    project = tmp_path_factory.mktemp("zensical") / "project"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "site", ".site-versions", ".cache", "bench-results", "node_modules", "__pycache__"))
    site = pipeline.generate(project, TODAY)  # the generator's files, as for mkdocs; Zensical then builds them
    for language in [site.config.original] + site.config.translations:  # each edition's own configuration
        config = mkdocs_config.path(project, language, site.config).relative_to(project)
        done = subprocess.run([str(ZENSICAL), "build", "-f", str(config)], cwd=project, capture_output=True,
                              text=True, timeout=900)
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return project / "build" / "site"  # where the generated configurations put it


def test_every_locked_address_resolves_in_the_zensical_build(zensical_site):
    missing = []
    for _, url in links.read_lock(ROOT / links.LOCK_FILE):
        path = zensical_site / url.lstrip("/")
        if not (path / "index.html" if url.endswith("/") else path).is_file():
            missing.append(url)
    assert missing == []


def test_the_theme_overrides_render_in_zensical(zensical_site):
    step = (zensical_site / "after-epidural-injection" / "decide" / "index.html").read_text(encoding="utf-8")
    assert 'id="pw-flow-data"' in step and 'id="pw-flow-words"' in step  # main.html's page data for flow.js
    assert "Page last reviewed:" in step  # dates formatted by the generator, not strftime in the template
