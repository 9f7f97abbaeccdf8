"""The pages people act on (issue 12): results that print, call and compare, on a phone and on paper;
the 404 page, the map on a phone, focus rings, the flow's Back link and broken links, the clinicians' page.

Browser tests reuse the session's built sites (conftest: example_site, real_site) and one Chromium."""

from __future__ import annotations

import io
import re
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from pathways import config, links
from pathways.model import Outcome, PageType
from pathways.validate import load_site

from support import ROOT, decode_qr

PHONE = {"width": 390, "height": 844}
SITE_URL = "https://example.org"


def outcomes(root):
    site, problems = load_site(root)
    assert site is not None, problems
    return site, [(p, n) for p in site.pathways for n in p.nodes if isinstance(n, Outcome)]


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def _contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two computed colours ("rgb(r, g, b)")."""
    def luminance(colour: str) -> float:
        channels = [int(c) / 255 for c in re.findall(r"\d+", colour)[:3]]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


# ---------------------------------------------------------------- results

@pytest.mark.parametrize("which", ["example", "real"])
def test_every_result_shows_urgency_what_to_do_and_print_on_the_first_phone_screen(request, phone, which):
    if which == "example":
        root, base = request.getfixturevalue("example_site")
    else:
        root, (_, base) = ROOT, request.getfixturevalue("real_site")
    _, found = outcomes(root)
    for pathway, node in found:
        for address in (f"/{pathway.id}/{node.id}/", f"/{pathway.id}/decide/#at={node.id}"):
            phone.goto(base + address)
            scope = "section.pw-step:not([hidden]) " if "decide" in address else ""
            box = phone.locator(scope + ".pw-result")
            expect(box).to_be_visible()
            button = box.get_by_role("button", name="Print this page")
            assert button.bounding_box()["y"] + button.bounding_box()["height"] <= PHONE["height"], address
            assert box.locator(".pw-result__action").inner_text().strip(), address
            if node.ask:
                heading = phone.locator(scope + "h2", has_text="Questions to ask")
                expect(heading).to_be_visible()
                compare = phone.locator(scope + ".pw-compare")
                if compare.count():  # the questions come before the comparison
                    assert heading.bounding_box()["y"] < compare.bounding_box()["y"], address


def test_the_comparison_is_complete_for_every_result_with_options_and_stacks_on_a_phone(real_site, phone):
    _, base = real_site
    site, found = outcomes(ROOT)
    compared = 0
    for pathway, node in found:
        expected = [site.page(t) for t in node.options if site.page(t).type == PageType.option]
        phone.goto(f"{base}/{pathway.id}/{node.id}/")
        cards = phone.locator(".pw-compare__option")
        if not expected:
            expect(cards).to_have_count(0)
            continue
        compared += 1
        assert cards.locator("h3").all_inner_texts() == [meta.title for meta in expected]
        width = phone.locator("article").evaluate("a => a.clientWidth")
        for card in cards.all():
            assert card.locator("dt").all_inner_texts() == [
                "What it is", "How well it works and how sure we are", "Main risks", "What it involves",
                "How long relief lasts"]
            assert all(text.strip() for text in card.locator("dd").all_inner_texts())
            assert card.bounding_box()["width"] >= 0.85 * width, "one card a row on a phone, not a squeezed table"
    assert compared > 0


def test_citations_in_a_summary_are_numbered_on_the_result_and_listed_in_its_sources(real_site):
    out, _ = real_site
    site, found = outcomes(ROOT)
    pathway, node = next((p, n) for p, n in found if any(site.page(t).summary for t in n.options))
    page = (out / pathway.id / node.id / "index.html").read_text(encoding="utf-8")
    cards = re.findall(r'<section class="pw-compare__option">.*?</section>', page, re.S)
    cited = set(re.findall(r'<a href="#ref-([^"]+)"', "".join(cards)))
    assert cited, "the summaries cite their sources"
    listed = re.findall(r'<li id="ref-([^"]+)">', re.search(r'<details class="pw-sources".*?</details>', page, re.S).group(0))
    assert cited <= set(listed) and len(listed) == len(set(listed))
    assert f"<summary>Sources ({len(listed)})</summary>" in page


def test_decide_page_prints_the_result_as_its_own_page(example_site, browser):
    """Its own address and QR code, the reader's answers, only its own sources numbered from 1,
    nothing web-only, a running footer, at most two pages."""
    _, base = example_site
    page = browser.new_page()
    page.goto(f"{base}/example/decide/")
    page.locator("section.pw-step:not([hidden]) .pw-answers a").nth(1).click()  # No, none of these
    page.locator("section.pw-step:not([hidden]) .pw-answers a").nth(1).click()  # A little, for a short time
    expect(page.locator("#step-title")).to_have_text("Book a visit to talk about other options")
    own = f"{SITE_URL}/example/talk-soon/"
    page.wait_for_function("document.querySelector('.pw-print-head img').src.endsWith('/example/talk-soon.qr.svg')")
    assert decode_qr(page, page.locator(".pw-print-head img").evaluate("img => img.src")) == own
    for paper in ("A4", "Letter"):
        reader = PdfReader(io.BytesIO(page.pdf(format=paper, print_background=True)))
        assert len(reader.pages) <= 2
        pages = [re.sub(r"\s+", "", p.extract_text()) for p in reader.pages]
        text = "".join(pages)
        assert own in text and "/example/decide/" not in text
        for n, printed in enumerate(pages, 1):  # the running footer: address and page number
            assert f"Page{n}of{len(pages)}" in printed and own in printed
        assert "Youranswers" in text and "Alittle,forashorttime" in text
        # Its text's source and its emergency card's, not the sources of other steps.
        assert "Sources(2)" in text and "1.QaseemA" in text and "2.NHS" in text and "OliveiraCB" not in text
        for web_only in ("Startthispathwayagain", "Change", "Back to", "step1of", "Printthispage"):
            assert web_only not in text, web_only
    page.close()


def test_sources_are_folded_on_screen_and_open_on_paper(example_site, browser):
    _, base = example_site
    page = browser.new_page()
    page.goto(f"{base}/options/physical-therapy/")
    sources = page.locator("details.pw-sources")
    expect(sources).to_have_count(1)
    assert not sources.evaluate("d => d.open")
    expect(sources.locator("ol.references")).to_be_hidden()
    page.locator("sup.cite a").first.click()  # following a citation shows its source
    expect(sources.locator("ol.references li").first).to_be_visible()
    page.reload()
    page.emulate_media(media="print")
    expect(sources.locator("ol.references")).to_be_visible()
    page.close()


# ---------------------------------------------------------------- emergency

def test_every_emergency_card_has_a_large_tel_link(real_site, phone):
    out, base = real_site
    site, _ = load_site(ROOT)
    number = site.review.locale.emergency_number
    cards = 0
    for path in sorted(out.rglob("index.html")):
        text = path.read_text(encoding="utf-8")
        for card in re.findall(r'<div class="pw-card pw-card--emergency.*?\n</div>', text, re.S):
            cards += 1
            assert f'href="tel:{number}"' in card, path
    assert cards > 10
    for address in ("/after-epidural-injection/get-help-now/", "/warning-signs/", "/after-epidural-injection/"):
        phone.goto(base + address)
        call = phone.locator(f'a[href="tel:{number}"]').first
        expect(call).to_be_visible()
        assert call.bounding_box()["height"] >= 44, "a large target (WCAG 2.5.5)"


def test_emergency_and_same_day_differ_in_colour_and_words(example_site, browser):
    _, base = example_site
    page = browser.new_page()
    styles = {}
    for node in ("get-help-now", "same-day"):
        page.goto(f"{base}/example/{node}/")
        box = page.locator(".pw-result")
        styles[node] = (box.evaluate("b => getComputedStyle(b).backgroundColor"), box.inner_text())
    assert styles["get-help-now"][0] != styles["same-day"][0]
    assert "Emergency" in styles["get-help-now"][1] and "Same day" in styles["same-day"][1]
    page.goto(f"{base}/")
    note = page.locator(".md-typeset .admonition").first
    if note.count():
        body = page.locator("article p").first.evaluate("p => getComputedStyle(p).fontSize")
        assert note.evaluate("n => getComputedStyle(n).fontSize") == body
    page.close()


# ---------------------------------------------------------------- 404, map, menu, titles

def test_the_404_page_leads_on(example_site, browser):
    root, base = example_site
    page = browser.new_page()
    page.goto(base + "/404.html")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sorry, we cannot find that page")
    hrefs = {name: page.locator("article").get_by_role("link", name=name, exact=True).evaluate("a => new URL(a.href).pathname")
             for name in ("Warning signs", "The pathways", "Home")}
    assert hrefs == {"Warning signs": "/warning-signs/", "The pathways": "/pathways/", "Home": "/"}
    for href in hrefs.values():
        with urllib.request.urlopen(base + href) as response:
            assert response.status == 200
    page.get_by_role("button", name="Search this site").click()
    expect(page.locator("[data-md-component=search-query]")).to_be_focused()
    page.close()


def test_the_map_is_readable_on_a_phone_with_no_label_cut(real_site, phone):
    _, base = real_site
    site, _ = load_site(ROOT)
    for pathway in site.pathways:
        phone.goto(f"{base}/{pathway.id}/")
        found = phone.locator(".pw-map__svg").evaluate("""svg => {
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            return {smallest: Math.min(...[...svg.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize) * scale)),
                    labels: [...svg.querySelectorAll('.pw-map__label')].map(t => [...t.querySelectorAll('tspan')].map(s => s.textContent).join(' '))};
        }""")
        assert found["smallest"] >= 12
        answers = [a.label for n in pathway.nodes for a in getattr(n, "answers", [])]
        assert sorted(label for label in found["labels"] if label != "Continue") == sorted(answers)
        # The frame scrolls, the page does not: nothing sticks out past the screen's edge.
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_home_heading_title_and_menu(real_site, browser):
    _, base = real_site
    page = browser.new_page()
    page.goto(base + "/")
    name = "After an injection that didn't help"
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    assert page.title() == name
    assert page.locator(".md-nav__link", has_text="For authors").count() == 0
    page.goto(base + "/options/physical-therapy/")
    assert page.title() == f"Physical therapy - {name}"
    start = page.goto(base + "/after-epidural-injection/") and page.get_by_role("link", name=re.compile("^Start:"))
    assert start.evaluate("a => getComputedStyle(a).textDecorationLine") == "none"
    page.close()


# ---------------------------------------------------------------- keyboard, progress, broken links

@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_focus_rings_have_3_to_1_contrast(example_site, browser, scheme):
    _, base = example_site
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{base}/example/how-much-help/")
    for selector in (".pw-answers a", ".pw-card--emergency .pw-call__button", ".pw-card--emergency a[href*='warning-signs']"):
        target = page.locator(selector).first
        target.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")  # focus from the keyboard, so :focus-visible applies
        ring, background = target.evaluate("""el => {
            const s = getComputedStyle(el);
            let bg = el.parentElement;
            while (bg && ['rgba(0, 0, 0, 0)', 'transparent'].includes(getComputedStyle(bg).backgroundColor)) bg = bg.parentElement;
            return [s.outlineStyle === 'none' ? null : s.outlineColor, getComputedStyle(bg || document.body).backgroundColor];
        }""")
        assert ring is not None, selector
        assert _contrast(ring, background) >= 3, (selector, ring, background)
    context.close()


def test_back_link_goes_back_in_history_within_the_flow(example_site, browser):
    _, base = example_site
    page = browser.new_page()
    page.goto(f"{base}/example/decide/")
    page.locator("section.pw-step:not([hidden]) .pw-answers a").nth(1).click()
    page.locator("section.pw-step:not([hidden]) .pw-answers a").nth(0).click()
    expect(page.locator("#step-title")).to_have_text("Injections often help only a little")
    length = page.evaluate("history.length")
    page.locator(".pw-back").click()
    expect(page.locator("#step-title")).to_have_text("How much did the injection help?")
    assert page.evaluate("history.length") == length, "no new history entry"
    page.go_forward()
    expect(page.locator("#step-title")).to_have_text("Injections often help only a little")
    page.close()


@pytest.mark.parametrize("address, heading", [
    ("/example/decide/#answers=how-much-help.9", "Do you have any of these warning signs?"),
    ("/example/talk-soon/#answers=nonsense.9", "Book a visit to talk about other options"),
])
def test_a_broken_answers_link_explains_itself_and_offers_the_start(example_site, browser, address, heading):
    _, base = example_site
    page = browser.new_page()
    page.goto(base + address)
    expect(page.locator("#step-title")).to_have_text(heading)
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("We could not read the answers saved in this link")
    alert.get_by_role("link", name="start again from the first question").click()
    expect(page.locator("#step-title")).to_have_text("Do you have any of these warning signs?")
    page.goto(f"{base}/example/how-much-help/#answers=warning-signs.2")  # a good link: no message
    expect(page.get_by_role("alert")).to_have_count(0)
    page.close()


def test_each_step_says_how_far_along_the_reader_is(example_site):
    root, _ = example_site
    page = (root / "site" / "example" / "how-much-help" / "index.html").read_text(encoding="utf-8")
    assert ": step 2 of up to 5.</p>" in page  # warning signs, this, information, new symptoms, a result
    result = (root / "site" / "example" / "talk-soon" / "index.html").read_text(encoding="utf-8")
    assert "your result, the end of this pathway." in result


# ---------------------------------------------------------------- clinicians

def test_clinicians_page_filters_with_javascript_and_shows_everything_without(example_site, browser):
    _, base = example_site
    page = browser.new_page()
    page.goto(base + "/clinicians/")
    expect(page.locator("details.pw-link-more")).to_have_count(1)  # the example's questions, folded
    assert not page.locator("details.pw-link-more").evaluate("d => d.open")
    page.get_by_label("Find a link").fill("since the injection")  # searches the parts not yet shown too
    expect(page.locator("#pw-filter-count")).to_have_text("1 link found")
    expect(page.locator(".pw-link:visible h3")).to_have_text(["Since the injection, do you have fever or redness "
                                                               "where the needle went in?"])
    entries = page.locator(".pw-link").count()
    page.close()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "/clinicians/")
    expect(page.get_by_label("Find a link")).to_be_hidden()
    assert page.locator(".pw-link").count() == entries
    context.close()


def test_clinicians_list_joins_the_page_as_it_comes_near_the_screen(example_site, browser):
    """On a phone, the first load builds the first group of links; the rest (in <noscript
    class="pw-lazy">) is added as the reader scrolls to it, so nothing is missing at the end."""
    root, base = example_site
    every = (root / "site" / "clinicians" / "index.html").read_text(encoding="utf-8").count('<div class="pw-link">')
    page = browser.new_page(viewport={"width": 412, "height": 823})
    page.goto(base + "/clinicians/")
    assert 0 < page.locator(".pw-link").count() < every
    for _ in range(40):  # a screen at a time, as a reader scrolls
        page.mouse.wheel(0, 800)
        page.wait_for_timeout(50)
    expect(page.locator(".pw-link")).to_have_count(every)
    expect(page.locator("noscript.pw-lazy")).to_have_count(0)
    page.close()


def test_summaries_read_as_sentences(example_site):
    root, _ = example_site
    import json
    data = json.loads((root / "site" / "clinicians" / "links.json").read_text())
    summaries = {e["url"]: e["summary"] for g in data["groups"] for e in g["links"]}
    assert summaries["/example/decide/"] == f"To go through your options one question at a time, open: {SITE_URL}/example/decide/"
    assert summaries["/example/talk-soon/"].startswith("Book a visit to talk about other options. This page says what")
    assert "To read more, see" not in " ".join(summaries.values())


def test_build_warns_while_site_url_is_a_placeholder(project):
    warning = config.site_url_warning(project)
    assert warning.startswith("mkdocs.yml:") and "site_url is https://example.org, a placeholder" in warning
    mkdocs = project / "mkdocs.yml"
    mkdocs.write_text(mkdocs.read_text().replace("https://example.org/", "https://pain.example-clinic.org/"))
    assert config.site_url_warning(project) is None


def test_a_large_site_gives_each_pathway_its_own_clinicians_page(project):
    import datetime as dt

    from pathways.outputs import clinicians, render_site

    for n in range(clinicians.PATHWAYS_ON_ONE_PAGE):
        text = (project / "pathways" / "example.yaml").read_text().replace("id: example\n", f"id: example-{n}\n", 1)
        text = re.sub(r"short_link: example\n", "", text)
        (project / "pathways" / f"example-{n}.yaml").write_text(text)
    site, problems = load_site(project)
    assert problems == []
    files = render_site(site, dt.date(2026, 11, 21))
    assert "clinicians/example-0.md" in files and "clinicians/example.md" in files
    index = files["clinicians.md"]
    assert "(/clinicians/example-0.md)" in index and "pw-link-more" not in index


# ---------------------------------------------------------------- the summary in front matter

def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_option_a_result_lists_needs_a_summary(project):
    _edit(project / "pathways" / "example.yaml", "    ask:\n      - What else could be causing my pain?",
          "    options:\n      - options/physical-therapy\n    ask:\n      - What else could be causing my pain?")
    assert load_site(project)[1] == []  # with its summary, the option is fine
    page = project / "content" / "options" / "physical-therapy.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(re.sub(r"summary:.*?(?=\n---\n)", "", text, flags=re.S).replace("\n\n---\n", "\n---\n"))
    _, problems = load_site(project)
    line = next(i for i, row in enumerate((project / "pathways" / "example.yaml").read_text().splitlines(), 1)
                if "- options/physical-therapy" in row)
    assert [str(p) for p in problems] == [
        f'pathways/example.yaml:{line}:9: "options/physical-therapy" is an option this result compares, but '
        'content/options/physical-therapy.md has no "summary:" in its front matter: add one with what, works, '
        'risks, involves and lasts (see "How pages look" in the authors\' guide)']


def test_a_summary_is_checked_like_any_text(project):
    page = project / "content" / "options" / "physical-therapy.md"
    _edit(page, "back pain [@acp-qaseem-2017].\n", "back pain [@acp-qaseem-2071].\n")
    _edit(page, "  lasts: >-\n", "  last: >-\n")
    _, problems = load_site(project)
    text = page.read_text().splitlines()
    cite = next(i for i, row in enumerate(text, 1) if "acp-qaseem-2071" in row)
    key = next(i for i, row in enumerate(text, 1) if row.startswith("  last:"))
    found = [str(p) for p in problems]
    assert any(f.startswith(f"content/options/physical-therapy.md:{cite}:") and "acp-qaseem-2071" in f for f in found)
    assert f'content/options/physical-therapy.md:{key}:3: "last" is not a field this can have (did you mean "lasts"?)' in found
