"""Printing: handouts carry the page's title, address, review date and a QR code back to it,
without the site's chrome; outcomes fit on two pages; cards stay readable without colour."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from pathways.model import Outcome
from pathways.validate import load_site

from support import ROOT

SITE_URL = "https://example.org"


def pdf_of(page, paper: str) -> PdfReader:
    return PdfReader(io.BytesIO(page.pdf(format=paper, print_background=True)))


def flat(reader: PdfReader) -> str:
    """The PDF's text with all white space removed, so a long address wrapped over two lines still matches."""
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages))


def real_outcomes() -> list[tuple[str, str]]:
    site, problems = load_site(ROOT)
    assert problems == []
    return [(p.id, n.id) for p in site.pathways for n in p.nodes if isinstance(n, Outcome)]


def test_every_outcome_prints_on_at_most_two_pages_with_its_address(real_site, browser):
    _, base = real_site
    outcomes = real_outcomes()
    assert outcomes, "the site has at least one outcome"
    page = browser.new_page()
    counts, problems = {}, []
    for pathway, node in outcomes:
        url = f"/{pathway}/{node}/"
        page.goto(base + url)
        title = page.locator("h1").inner_text()
        for paper in ("A4", "Letter"):
            reader = pdf_of(page, paper)
            counts[f"{url} {paper}"] = len(reader.pages)
            text = flat(reader)
            if len(reader.pages) > 2:
                problems.append(f"{url} prints on {len(reader.pages)} {paper} pages")
            if SITE_URL + url not in text or re.sub(r"\s+", "", title) not in text:
                problems.append(f"{url}: the {paper} printout lacks its title or full address")
            if "Nextreviewdue" not in text:
                problems.append(f"{url}: the {paper} printout lacks the review date")
    page.close()
    assert problems == [], counts


@pytest.mark.parametrize("url", ["/", "/example/", "/example/how-much-help/", "/options/physical-therapy/",
                                 "/warning-signs/", "/clinicians/", "/references/"])
def test_every_kind_of_page_prints_its_title_address_review_date_and_qr_code(example_site, browser, url):
    _, base = example_site
    page = browser.new_page()
    page.goto(base + url)
    title = page.locator("h1").inner_text()
    text = flat(pdf_of(page, "A4"))
    assert re.sub(r"\s+", "", title) in text
    assert SITE_URL + url in text
    assert "Lastreviewed15November2026.Nextreviewdue15November2027." in text
    page.emulate_media(media="print")
    qr = page.locator(".pw-print-head img")
    assert qr.is_visible() and qr.evaluate("img => img.complete && img.naturalWidth > 0")
    assert qr.get_attribute("alt") == f"QR code that opens this page: {SITE_URL}{url}"
    page.close()


def test_printout_has_no_site_chrome(example_site, browser):
    _, base = example_site
    page = browser.new_page()
    page.goto(base + "/example/talk-soon/")
    assert page.locator(".pw-print-head").is_hidden()  # on screen, the print header is not shown
    page.emulate_media(media="print")
    for chrome in [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-search",
                   ".pw-print-control", ".pw-back"]:
        assert page.locator(chrome).first.is_hidden(), chrome
    assert page.locator(".pw-print-head").is_visible()
    assert page.locator(".pw-urgency").is_visible() and page.locator("h1").is_visible()
    tick_box = page.locator("article input[type=checkbox]").first.bounding_box()
    assert tick_box["x"] >= 0, "the questions' tick boxes print on the paper, not in the margin"
    text = flat(pdf_of(page, "A4"))
    assert "Search" not in text and "Skiptocontent" not in text
    page.close()


def _colours(page, selector: str) -> dict:
    return page.locator(selector).first.evaluate("""el => {
        const s = getComputedStyle(el);
        return {fg: s.color, bg: s.backgroundColor, border: s.borderLeftColor};
    }""")


def test_care_cards_print_in_black_and_white(example_site, browser):
    """Greyscale printers lose the red: on paper, card headings are white on black and borders black."""
    _, base = example_site
    page = browser.new_page()
    page.goto(base + "/example/get-help-now/")
    page.emulate_media(media="print")
    assert _colours(page, ".pw-card__label") == {"fg": "rgb(255, 255, 255)", "bg": "rgb(0, 0, 0)",
                                                  "border": "rgb(255, 255, 255)"}
    assert _colours(page, ".pw-card")["border"] == "rgb(0, 0, 0)"
    urgency = _colours(page, ".pw-urgency")
    assert urgency["border"] == "rgb(0, 0, 0)" and urgency["fg"] == "rgb(0, 0, 0)"
    assert urgency["bg"] == "rgb(255, 255, 255)"
    page.close()


@pytest.mark.parametrize("url", ["/example/talk-soon/", "/options/physical-therapy/"])
def test_print_button_prints_and_gives_way_to_a_hint_without_javascript(example_site, browser, url):
    _, base = example_site
    context = browser.new_context()
    context.add_init_script("window.print = () => { window.printed = true; }")
    page = context.new_page()
    page.goto(base + url)
    button = page.get_by_role("button", name="Print this page")
    assert button.is_visible() and page.locator(".pw-nojs-hint").is_hidden()
    button.click()
    assert page.evaluate("window.printed") is True
    context.close()

    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + url)
    assert page.get_by_role("button", name="Print this page").is_hidden()
    assert page.get_by_text("use your browser's Print command").is_visible()
    context.close()


def test_question_pages_have_no_print_button(example_site, browser):
    _, base = example_site
    page = browser.new_page()
    page.goto(base + "/example/how-much-help/")
    assert page.locator("[data-pw-print]").count() == 0
    page.close()
