"""Links clinicians can trust: the URL lock, redirects that keep #fragments, short links,
the clinicians' page and its JSON, and QR codes that decode to the right address."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest

from pathways import config, links
from pathways.build import build
from pathways.problems import Problems
from pathways.outputs import qr, render_site
from pathways.validate import load_site

from support import EXAMPLE, ROOT, TODAY, decode_qr, edit, front_matter, locked, make_project, run_cli, serve



def rename_talk_soon(project: Path) -> None:
    """Rename the step talk-soon to book-a-visit everywhere in the example pathway."""
    edit(project, "talk-soon", "book-a-visit", count=-1)


# ---------------------------------------------------------------- the lock file

def test_committed_lock_lists_every_address_the_site_publishes():
    site, problems = load_site(ROOT)
    assert problems == []
    published = links.published_urls(render_site(site, TODAY))
    unlocked = sorted(published - set(locked(ROOT)))
    assert unlocked == [], f"run `pathways lock` and commit urls.lock; not locked yet: {unlocked}"


def test_lock_command_records_every_page_redirect_and_the_json(project):
    result = run_cli(project, "lock")
    assert result.returncode == 0, result.stderr
    urls = locked(project)
    assert urls == sorted(urls) and len(urls) == len(set(urls))
    for url in ["/", "/example/", "/example/talk-soon/", "/go/example/", "/options/physical-therapy/",
                "/clinicians/", "/clinicians/links.json", "/warning-signs/", "/references/"]:
        assert url in urls
    assert not any(url.endswith(".svg") for url in urls)
    assert "added    /example/talk-soon/" in result.stdout
    assert run_cli(project, "check").returncode == 0


def test_renaming_a_step_without_an_alias_fails_check_and_build_naming_the_url(project):
    run_cli(project, "lock")
    line = locked(project).index("/example/talk-soon/") + 1 + 4  # four comment lines come first
    rename_talk_soon(project)

    result = run_cli(project, "check")
    assert result.returncode == 1
    message = next(m for m in result.stderr.splitlines() if "/example/talk-soon/" in m)
    assert message.startswith(f"urls.lock:{line}:1: the published address /example/talk-soon/ no longer leads anywhere")
    assert f"add its old id to the new step in {EXAMPLE} (aliases: [talk-soon])" in message
    assert "run `pathways lock`" in message

    with pytest.raises(Problems) as failed:
        build(project, TODAY)
    assert any("/example/talk-soon/" in str(p) for p in failed.value.problems)
    assert not (project / "site").exists()


def test_removing_a_page_without_an_alias_names_the_page_fix(project):
    run_cli(project, "lock")
    page = project / "content" / "options" / "physical-therapy.md"
    page.rename(page.with_name("physio.md"))
    result = run_cli(project, "check")
    assert result.returncode == 1
    assert ("the published address /options/physical-therapy/ no longer leads anywhere" in result.stderr
            and "(aliases: [options/physical-therapy])" in result.stderr)


def test_an_alias_or_the_lock_command_makes_the_check_pass_again(project):
    run_cli(project, "lock")
    rename_talk_soon(project)
    edit(project, "  - id: book-a-visit\n", "  - id: book-a-visit\n    aliases: [talk-soon]\n")
    assert run_cli(project, "check").returncode == 0

    edit(project, "    aliases: [talk-soon]\n", "")  # the removal is intended after all
    result = run_cli(project, "lock")
    assert "removed  /example/talk-soon/" in result.stdout
    assert run_cli(project, "check").returncode == 0


def test_check_of_one_file_checks_only_that_pathways_addresses(project):
    run_cli(project, "lock")
    with (project / links.LOCK_FILE).open("a", encoding="utf-8") as lock:
        lock.write("/another-pathway/some-step/\n")
    assert run_cli(project, "check", EXAMPLE).returncode == 0
    assert "/another-pathway/some-step/" in run_cli(project, "check").stderr


# ---------------------------------------------------------------- short links and aliases: validation

def test_a_short_link_used_twice_names_both_places(project):
    edit(project, "  - id: talk-soon\n", "  - id: talk-soon\n    short_link: example\n")
    site, problems = load_site(project)
    text = (project / EXAMPLE).read_text().splitlines()
    first = next(i for i, line in enumerate(text, 1) if line.startswith("short_link: example"))
    second = next(i for i, line in enumerate(text, 1) if line.strip() == "short_link: example" and i != first)
    assert [str(p) for p in problems] == [
        f'{EXAMPLE}:{second}:17: the short link "example" is already used at {EXAMPLE}:{first}:13; choose another']


def test_a_page_alias_that_is_still_a_page_is_refused(project):
    edit(project, "type: option\n", "type: option\naliases: [options/index, Bad Path]\n",
         path="content/options/physical-therapy.md")
    site, problems = load_site(project)
    shown = "content/options/physical-therapy.md"
    assert [str(p) for p in problems] == [
        f'{shown}:5:11: the former path "options/index" is still a page (content/options/index.md); remove it from aliases',
        f'{shown}:5:26: the former path "Bad Path" should look like "options/old-name": the path under content/, '
        "without .md",
    ]


# ---------------------------------------------------------------- redirects in the browser

@pytest.fixture(scope="module")
def moved_site(tmp_path_factory):
    """The example project after some moves: a renamed step with an alias and a short link,
    and a renamed page with an alias. Built and served: (root, base URL)."""
    root = make_project(tmp_path_factory.mktemp("moved"))
    rename_talk_soon(root)
    edit(root, "  - id: book-a-visit\n", "  - id: book-a-visit\n    aliases: [talk-soon]\n    short_link: example-visit\n")
    edit(root, "type: option\n", "type: option\naliases: [options/physio]\n", path="content/options/physical-therapy.md")
    build(root, TODAY)
    url, server = serve(root / "site")
    yield root, url
    server.shutdown()


@pytest.mark.parametrize("source, target", [
    ("/example/talk-soon/#references", "/example/book-a-visit/#references"),
    ("/options/physio/#what-it-is", "/options/physical-therapy/#what-it-is"),
    ("/go/example/", "/example/"),
    ("/go/example-visit/#references", "/example/book-a-visit/#references"),
])
def test_redirect_lands_on_the_right_page_and_keeps_the_fragment(moved_site, browser, source, target):
    _, base = moved_site
    page = browser.new_page()
    page.goto(base + source)
    page.wait_for_url(base + target)
    assert page.evaluate("location.pathname + location.hash") == target
    assert page.locator("h1").count() == 1
    page.close()


def test_redirect_without_javascript_shows_a_link_and_refreshes(moved_site, browser):
    _, base = moved_site
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    response = page.request.get(base + "/example/talk-soon/")
    html = response.text()
    assert '<meta http-equiv="refresh" content="0; url=../book-a-visit/">' in html
    assert '<a href="../book-a-visit/">Go to Book a visit to talk about other options</a>' in html
    page.goto(base + "/example/talk-soon/")
    page.wait_for_url(base + "/example/book-a-visit/")
    context.close()


# ---------------------------------------------------------------- the clinicians' page

def _fetch(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url) as response:
        return response.status, response.read().decode("utf-8")


def test_clinicians_json_lists_every_pathway_step_and_option_with_working_urls(example_site):
    root, base = example_site
    site_url = config.read(root).site_url
    data = json.loads((root / "site" / "clinicians" / "links.json").read_text())
    entries = [entry for group in data["groups"] for entry in group["links"]]
    urls = [entry["url"] for entry in entries]
    assert "/example/" in urls and "/options/physical-therapy/" in urls and "/warning-signs/" in urls
    assert {f"/example/{n}/" for n in ["warning-signs", "how-much-help", "about-small-effects", "new-symptoms",
                                        "get-help-now", "same-day", "talk-soon", "routine-review"]} <= set(urls)
    for entry in entries:
        assert entry["full_url"] == site_url + entry["url"]
        assert entry["summary"].endswith(entry["full_url"])
        assert _fetch(base + entry["url"])[0] == 200
        assert _fetch(base + entry["qr"])[0] == 200
    overview = next(e for e in entries if e["url"] == "/example/")
    assert overview["short_url"] == site_url + "/go/example/"


def test_clinicians_page_shows_each_link_as_text_with_its_short_link_summary_and_qr(example_site, browser):
    root, base = example_site
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "/clinicians/")
    # Text content, not rendered text: a pathway's questions are folded (in <details>) below its results.
    codes = page.locator(".pw-link code.pw-copy-text").all_text_contents()
    data = json.loads((root / "site" / "clinicians" / "links.json").read_text())
    for entry in (e for g in data["groups"] for e in g["links"]):
        assert entry["full_url"] in codes
        assert page.get_by_text(entry["summary"], exact=True).count() >= 1
        assert page.locator(f'img[alt="QR code that opens {entry["full_url"]}"]').count() == 1
    assert "https://example.org/go/example/" in codes
    # The list is plain HTML, which mkdocs does not check: each title and QR code leads to its own page.
    entries = [e for g in data["groups"] for e in g["links"]]
    titles = page.locator(".pw-link h3 a").evaluate_all("links => links.map(a => a.href)")
    assert [href.removeprefix(base) for href in titles] == [e["url"] for e in entries]
    codes_src = page.locator(".pw-link img.pw-qr").evaluate_all("imgs => imgs.map(i => i.src)")
    assert [src.removeprefix(base) for src in codes_src] == [e["qr"] for e in entries]
    # Without JavaScript the copy buttons would do nothing, so they are not shown; the text selects instead.
    assert page.locator("button.pw-copy").first.is_hidden()
    assert page.locator(".pw-copy-text").first.evaluate("el => getComputedStyle(el).userSelect") == "all"
    assert front_matter((root / "build" / "docs" / "clinicians.md").read_text())["audience"] == "clinicians"
    context.close()


def test_copy_button_puts_the_url_on_the_clipboard(example_site, browser):
    _, base = example_site
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(base + "/clinicians/")
    button = page.locator('button[data-pw-copy="link-1-1"]')
    assert button.is_visible()
    button.click()
    expect_text = page.locator("#link-1-1").inner_text()
    assert page.evaluate("navigator.clipboard.readText()") == expect_text
    assert page.locator("#link-1-1 ~ .pw-copy-status").inner_text() == "Copied"
    context.close()


# ---------------------------------------------------------------- QR codes

def test_qr_codes_are_kept_between_builds_for_the_addresses_still_published(tmp_path):
    cache, site_url = tmp_path / ".cache" / "qr-codes.json", "https://example.org"
    made = qr.qr_codes(["example/talk-soon.md", "index.md"], site_url, cache)
    assert made == {"example/talk-soon.qr.svg": qr.qr_svg(site_url + "/example/talk-soon/"),
                    "index.qr.svg": qr.qr_svg(site_url + "/")}
    # The next build reads them back (marked here, to tell them from codes made anew) ...
    stored = json.loads(cache.read_text(encoding="utf-8"))
    stored["codes"] = {url: svg.replace("QR code for", "Kept QR code for") for url, svg in stored["codes"].items()}
    cache.write_text(json.dumps(stored), encoding="utf-8")
    again = qr.qr_codes(["example/talk-soon.md", "example/get-help.md"], site_url, cache)
    assert b"Kept QR code for" in again["example/talk-soon.qr.svg"]
    assert again["example/get-help.qr.svg"] == qr.qr_svg(site_url + "/example/get-help/")
    # ... and keeps only the codes still in use; nothing half-written is left behind.
    assert set(json.loads(cache.read_text(encoding="utf-8"))["codes"]) == {
        site_url + "/example/talk-soon/", site_url + "/example/get-help/"}
    assert [p.name for p in cache.parent.iterdir()] == ["qr-codes.json"]
    # A damaged cache is no error: the codes are made anew.
    cache.write_text("{not json", encoding="utf-8")
    assert qr.qr_codes(["index.md"], site_url, cache) == {"index.qr.svg": qr.qr_svg(site_url + "/")}


def test_every_qr_code_decodes_to_its_page_url(example_site, browser):
    root, base = example_site
    page = browser.new_page()
    page.goto(base + "/clinicians/")
    data = json.loads((root / "site" / "clinicians" / "links.json").read_text())
    entries = [e for g in data["groups"] for e in g["links"]]
    for entry in entries:
        assert decode_qr(page, base + entry["qr"]) == entry["full_url"]
    # The printout's own QR code (main.html) is the one next to each page.
    page.goto(base + "/example/talk-soon/")
    src = page.locator(".pw-print-head img").evaluate("img => img.src")
    assert decode_qr(page, src) == "https://example.org/example/talk-soon/"
    page.close()
