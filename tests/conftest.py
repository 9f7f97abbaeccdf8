"""Shared test fixtures: a small fixture project, built sites served on localhost, and Chromium."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from pathways.build import build

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
TODAY = dt.date(2026, 11, 21)  # tests use a fixed date, never the real one
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]


def make_project(dest: Path) -> Path:
    """A small project: the real mkdocs.yml, theme and bibliography, fixture pages, the example pathway."""
    for name in ("mkdocs.yml", "pyproject.toml"):
        shutil.copy(ROOT / name, dest / name)
    shutil.copytree(ROOT / "theme", dest / "theme")
    shutil.copytree(FIXTURES / "content", dest / "content")
    shutil.copy(ROOT / "content" / "bibliography.yaml", dest / "content" / "bibliography.yaml")
    (dest / "pathways").mkdir()
    shutil.copy(ROOT / "examples" / "example.yaml", dest / "pathways" / "example.yaml")
    return dest


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


def serve(folder: Path):
    """Serve `folder` on 127.0.0.1 at a free port; returns (base_url, server)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


@pytest.fixture(scope="session")
def example_site(tmp_path_factory):
    """The fixture project, built once: (project root, served base URL)."""
    root = make_project(tmp_path_factory.mktemp("example"))
    build(root, TODAY)
    url, server = serve(root / "site")
    yield root, url
    server.shutdown()


@pytest.fixture(scope="session")
def real_site(tmp_path_factory):
    """The real project, built once into a temporary folder: (site folder, served base URL)."""
    out = tmp_path_factory.mktemp("real") / "site"
    build(ROOT, TODAY, site_dir=out)
    url, server = serve(out)
    yield out, url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()
