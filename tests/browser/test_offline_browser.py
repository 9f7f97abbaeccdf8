"""The offline kiosk edition opened from disk (file://) in Chromium: a pathway walked to a result
on its decide page and on its step pages, a page found by search, a result printed, and nothing
asked of any other place."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from pathways.validate import load_site

from support import ROOT

SHOWN = "section.pw-step:not([hidden])"


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.elsewhere = []  # requests for anything not on the disk
    page.on("request", lambda r: r.url.startswith(("file:", "data:", "about:", "blob:")) or page.elsewhere.append(r.url))
    yield page
    assert page.elsewhere == []
    context.close()


def pathway(pathway_id: str):
    site, _ = load_site(ROOT)
    return next(p for p in site.pathways if p.id == pathway_id)


def test_the_decide_page_walks_every_flow_test_to_its_result(offline_site, page):
    folder, _ = offline_site
    epidural = pathway("after-epidural-injection")
    nodes = {n.id: n for n in epidural.nodes}
    for test in epidural.tests:
        page.goto((folder / epidural.id / "decide" / "index.html").as_uri())
        for label in test.answers:
            while page.locator(f"{SHOWN} .pw-answers").count() == 0:  # an information step: go on
                page.locator(f"{SHOWN} a.md-button").click()
            page.locator(f"{SHOWN} .pw-answers a", has_text=label).first.click()
        expect(page.locator("#step-title")).to_have_text(nodes[test.expect].title)
        assert page.url.endswith("/after-epidural-injection/decide/index.html")


def test_step_pages_lead_from_file_to_file_to_the_result(offline_site, page):
    folder, _ = offline_site
    epidural = pathway("after-epidural-injection")
    test = epidural.tests[-1]
    page.goto((folder / epidural.id / epidural.start / "index.html").as_uri())
    for label in test.answers:
        page.locator("article .pw-answers a", has_text=label).first.click()
        page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text(next(n.title for n in epidural.nodes if n.id == test.expect))
    assert page.url.split("#")[0].endswith(f"/{epidural.id}/{test.expect}/index.html")
    expect(page.locator(".pw-given")).to_be_visible()  # the answers came along in the address


def test_search_finds_a_page_and_opens_it(offline_site, page):
    folder, _ = offline_site
    page.goto((folder / "index.html").as_uri())
    page.locator("[data-md-component=search-query]").click()
    page.locator("[data-md-component=search-query]").press_sequentially("stenosis")
    result = page.locator(".md-search-result__link", has_text="Spinal stenosis").first
    expect(result).to_be_visible()
    result.click()
    page.wait_for_url("**/conditions/spinal-stenosis/index.html")
    expect(page.get_by_role("heading", level=1)).to_have_text("Spinal stenosis")


def test_a_result_prints_with_its_address_and_qr_code(offline_site, page):
    folder, _ = offline_site
    page.goto((folder / "after-epidural-injection" / "stenosis-options" / "index.html").as_uri())
    page.emulate_media(media="print")
    head = page.locator(".pw-print-head")
    expect(head).to_be_visible()
    expect(head).to_contain_text("https://example.org/after-epidural-injection/stenosis-options/")
    assert head.locator("img").evaluate("img => img.complete && img.naturalWidth > 0")
    assert page.pdf()[:4] == b"%PDF"
