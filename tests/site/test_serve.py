"""`pathways serve`: a live preview on 127.0.0.1 that regenerates when an author saves."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest

from support import free_port


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(predicate, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.25)
    return False


@pytest.fixture
def preview(project):
    port = free_port()
    (project / "tmp").mkdir()  # the preview's own temporary folder, to see that it is cleared
    process = subprocess.Popen([sys.executable, "-m", "pathways.cli", "serve", "--port", str(port)], cwd=project,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
                               env={**os.environ, "TMPDIR": str(project / "tmp")})
    yield project, f"http://127.0.0.1:{port}", process
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


def test_preview_regenerates_on_save_and_keeps_the_last_good_version(preview):
    project, url, process = preview
    page = f"{url}/example/how-much-help/"
    assert wait_for(lambda: "How much did the injection help?" in fetch(page)), "preview did not start"

    example = project / "pathways" / "example.yaml"
    good = example.read_text()
    example.write_text(good.replace("How much did the injection help?", "How much did your injection help?"))
    assert wait_for(lambda: "How much did your injection help?" in fetch(page)), "the change did not show"

    example.write_text(good.replace("start: warning-signs", "start: nowhere"))
    time.sleep(3)
    assert "How much did your injection help?" in fetch(page), "a broken file must not blank the preview"
    # An impossible date once made the preview stop answering; a NUL in the address logged a traceback.
    example.write_text(good.replace("last_reviewed: 2026-11-15", "last_reviewed: 2026-13-01"))
    time.sleep(3)
    assert "How much did your injection help?" in fetch(page), "the preview must keep answering"
    assert fetch(f"{url}/%00") == ""
    # Stopped as a terminal or service manager stops it: the preview's folder goes with it.
    [folder] = (project / "tmp").glob("pathways-preview-*")
    os.killpg(process.pid, signal.SIGTERM)
    output = process.communicate(timeout=20)[0]
    assert '"start" names "nowhere", which is not a step in this pathway' in output
    assert '"last_reviewed" should be a date' in output and "Traceback" not in output
    assert not folder.exists()


def test_a_broken_save_shows_its_problems_in_the_open_page_until_fixed(preview, browser):
    project, url, _ = preview
    page_url = f"{url}/example/how-much-help/"
    assert wait_for(lambda: "How much did the injection help?" in fetch(page_url)), "preview did not start"
    tab = browser.new_page()
    tab.goto(page_url)
    banner = tab.locator("#pathways-preview-problems")
    assert banner.count() == 0

    example = project / "pathways" / "example.yaml"
    good = example.read_text()
    example.write_text(good.replace("start: warning-signs", "start: nowhere"))
    banner.wait_for(timeout=30_000)  # the page reloads after the failed rebuild and shows the banner
    line = good.splitlines().index("start: warning-signs") + 1
    assert "Your last save has 1 problem" in banner.inner_text()
    assert banner.locator("li").all_inner_texts() == [
        f'pathways/example.yaml:{line}:8: "start" names "nowhere", which is not a step in this pathway']
    assert tab.get_by_role("heading", name="How much did the injection help?").is_visible()  # the last good page

    example.write_text(good.replace("How much did the injection help?", "How much did your injection help?"))
    tab.get_by_role("heading", name="How much did your injection help?").wait_for(timeout=30_000)
    assert banner.count() == 0
    tab.close()


def test_the_published_site_never_carries_the_preview_banner(example_site):
    root, _ = example_site
    pages = list((root / "site").rglob("*.html"))
    assert pages and not any("pathways-preview" in page.read_text(encoding="utf-8") for page in pages)
    assert not list((root / "site").rglob("pathways-preview*"))


def test_a_saved_pathway_shows_first_and_the_rest_of_the_site_follows(preview):
    project, url, process = preview
    step, listing = f"{url}/example/how-much-help/", f"{url}/pathways/"
    assert wait_for(lambda: "Example - after an injection" in fetch(listing)), "preview did not start"
    example = project / "pathways" / "example.yaml"
    example.write_text(example.read_text().replace("title: Example - after", "title: Sample - after"))
    assert wait_for(lambda: "Sample - after" in fetch(step)), "the pathway's own pages did not change"
    assert wait_for(lambda: "Sample - after" in fetch(listing)), "the list of pathways did not follow"
    os.killpg(process.pid, signal.SIGTERM)
    output = process.communicate(timeout=20)[0]
    quick = output.index("Preview updated: this pathway's pages; the rest of the site follows.")
    assert "Preview updated." in output[quick + 10:]  # then the whole site
