"""End to end: YAML and Markdown in, a static site out; a failed build changes nothing."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pathways.build import build
from pathways.problems import Problems

from support import TODAY, html, make_project, tree_digest





def test_every_node_has_its_own_page(example_site):
    root, _ = example_site
    for node in ["warning-signs", "how-much-help", "about-small-effects", "new-symptoms",
                 "get-help-now", "same-day", "talk-soon", "routine-review"]:
        assert (root / "site" / "example" / node / "index.html").exists()


def test_node_page_links_back_and_on(example_site):
    root, _ = example_site
    page = html(root / "site", "example/how-much-help")
    assert '<a class="pw-back" href="../warning-signs/">Back to: Do you have any of these warning signs?</a>' in page
    for target in ["about-small-effects", "talk-soon", "routine-review"]:
        assert f'href="../{target}/"' in page
    assert page.count("<h1") == 1


def test_outcome_page_has_urgency_questions_and_its_references(example_site):
    root, _ = example_site
    page = html(root / "site", "example/talk-soon")
    assert '<span class="visually-hidden">Non-urgent advice: </span>Soon</p>' in page  # the NHS care-card prefix
    assert "Book a visit with your care team." in page
    assert "Which exercise program would suit me?" in page
    assert re.search(r'<sup class="cite"><a href="#ref-acp-qaseem-2017" title="[^"]+">1</a></sup>', page)
    assert '<li id="ref-acp-qaseem-2017">Qaseem A, Wilt TJ' in page
    assert "Page last reviewed: 15 November 2026" in page and "Next review due: 15 November 2027" in page


def test_site_wide_references_link_back_to_citing_pages(example_site):
    root, _ = example_site
    page = html(root / "site", "references")
    entry = re.search(r'<li id="ref-acp-qaseem-2017">.*?</li>', page, re.S).group(0)
    assert 'href="../example/talk-soon/"' in entry
    assert 'href="../options/physical-therapy/"' in entry


def test_every_reference_links_to_its_entry_on_the_references_page(example_site):
    # Reference lists are plain HTML (fast to build), so mkdocs does not check these links: this does.
    root, _ = example_site
    site = root / "site"
    anchors = set(re.findall(r'<li id="(ref-[^"]+)"', html(site, "references")))
    checked = 0
    for page in site.rglob("index.html"):
        for href in re.findall(r'<a class="ref-back" href="([^"]+)"', page.read_text(encoding="utf-8")):
            target, _, anchor = href.partition("#")
            assert (page.parent / target).resolve() == (site / "references").resolve(), f"{page}: {href}"
            assert anchor in anchors, f"{page}: {href}"
            checked += 1
    assert checked > 20


def test_search_finds_a_pathway_by_its_overview_and_each_text_once(example_site):
    # A step's advice holds only after the answers before it, so search leads to the pathway's
    # start (its overview, whose map names every step), not into its middle; the decide page
    # repeats its steps and the clinicians' page every title.
    root, _ = example_site
    index = json.loads((root / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert {"example/", "references/", "options/physical-therapy/"} <= pages
    assert not [page for page in pages if page.startswith("example/") and page != "example/"]
    assert not {"clinicians/", "authors-guide/"} & pages  # search is for readers
    overview = " ".join(doc["text"] for doc in index["docs"] if doc["location"].startswith("example/"))
    assert "How much did the injection help?" in overview  # a step's title, in the map in words ...
    assert "How much did theinjection help?" not in overview  # ... not the drawing's lines run together
    # The References page is indexed by its sources, not by the list of pages citing each, which
    # grows with the site.
    references = " ".join(doc["text"] for doc in index["docs"] if doc["location"].startswith("references/"))
    assert "National Institute for Health and Care Excellence" in references and "Cited on" not in references


def test_hand_written_pages_link_to_generated_ones(example_site):
    root, _ = example_site
    assert 'href="example/"' in html(root / "site", "")


def test_glossary_terms_become_tooltips(example_site):
    root, _ = example_site
    assert '<abbr title="A scan that uses a strong magnet to take pictures inside your body.">MRI</abbr>' in html(
        root / "site", "")


def test_no_request_to_any_other_host_is_built_in(example_site):
    root, _ = example_site
    for page in (root / "site").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "unpkg.com" not in text and "cdn." not in text, page


def test_failed_build_leaves_the_previous_site_intact(tmp_path):
    root = make_project(tmp_path)
    build(root, TODAY)
    before = tree_digest(root / "site")

    # An author's mistake: stopped by validation.
    example = root / "pathways" / "example.yaml"
    good = example.read_text()
    example.write_text(good.replace("next: talk-soon", "next: nowhere", 1))
    with pytest.raises(Problems):
        build(root, TODAY)
    assert tree_digest(root / "site") == before

    # A broken link in a hand-written page: stopped by the same check, at the page's own line.
    example.write_text(good)
    page = root / "content" / "index.md"
    page.write_text(page.read_text() + "\nSee [this](/no-such-page.md).\n")
    with pytest.raises(Problems) as refused:
        build(root, TODAY)
    line = page.read_text().splitlines().index("See [this](/no-such-page.md).") + 1
    assert [str(p) for p in refused.value.problems] == [
        f'content/index.md:{line}:12: the link "/no-such-page.md" leads to no page on this site']
    assert tree_digest(root / "site") == before
    # Of the builds, only the published one is kept (publish.py), and no temporary link.
    assert [p.resolve() for p in (root / ".site-versions").iterdir()] == [(root / "site").resolve()]


def test_broken_anchor_fails_the_build(tmp_path):
    root = make_project(tmp_path)
    page = root / "content" / "index.md"
    page.write_text(page.read_text() + "\nSee [this](/example/index.md#no-such-anchor).\n")
    with pytest.raises(Problems) as refused:
        build(root, TODAY)
    assert "content/index.md:" in str(refused.value) and '"#no-such-anchor"' in str(refused.value)
    assert not (root / "site").exists()
