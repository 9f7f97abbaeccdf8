"""Shared test fixtures: a small fixture project, built sites served on localhost, and Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from pathways.build import build

from support import CHROMIUM, CHROMIUM_FLAGS, ROOT, TODAY, add_translation, copy_real_project, make_project, serve


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


@pytest.fixture(scope="session")
def example_site(tmp_path_factory):
    """The fixture project, built once: (project root, served base URL)."""
    root = make_project(tmp_path_factory.mktemp("example"))
    build(root, TODAY)
    url, server = serve(root / "site")
    yield root, url
    server.shutdown()


@pytest.fixture(scope="session")
def translated_site(tmp_path_factory):
    """The fixture project with a (mechanical) Spanish translation, both editions built once:
    (project root, served base URL)."""
    root = make_project(tmp_path_factory.mktemp("translated"))
    add_translation(root)
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
def offline_site(tmp_path_factory):
    """The offline edition of a copy of the real project, built once: (offline-site folder, zip)."""
    from pathways.offline import build_offline

    root = copy_real_project(ROOT, tmp_path_factory.mktemp("offline"))
    _, archive = build_offline(root, TODAY)
    return (root / "offline-site").resolve(), archive


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()
