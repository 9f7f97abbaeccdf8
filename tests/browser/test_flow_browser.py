"""The decision flow in Chromium: every path of every pathway by clicking, with JavaScript
and without, deep links, Back and Forward, the keyboard alone, axe-core at each step, and
a pathway whose words look like code."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from pathways import translate, words
from pathways.build import build
from pathways.validate import load_site

from support import ROOT, TODAY, add_markup_pathway, make_project, serve, walks

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}
SHOWN = "section.pw-step:not([hidden])"


# ---------------------------------------------------------------- sites

def _variant(tmp_path_factory, name: str, *, markup: bool = False, instant: bool = True):
    root = make_project(tmp_path_factory.mktemp(name))
    if markup:
        add_markup_pathway(root)
    if not instant:
        config = root / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        assert "    - navigation.instant\n" in text
        config.write_text(text.replace("    - navigation.instant\n", ""), encoding="utf-8")
    build(root, TODAY)
    return root


@pytest.fixture(scope="session")
def markup_site(tmp_path_factory):
    root = _variant(tmp_path_factory, "markup", markup=True)
    url, server = serve(root / "site")
    site, _ = load_site(root)
    yield url, next(p for p in site.pathways if p.id == "markup-pathway")
    server.shutdown()


@pytest.fixture(scope="session")
def no_instant_site(tmp_path_factory):
    root = _variant(tmp_path_factory, "no-instant", instant=False)
    url, server = serve(root / "site")
    yield url
    server.shutdown()


@pytest.fixture(scope="session", params=["example", "real", "real-es"])
def any_site(request):
    """(base URL, pathways, the catalogue's flow words) of the fixture site, of the real site and of
    its Spanish edition (the same logic with the translated text), whatever pathways they have now."""
    if request.param == "example":
        root, url = request.getfixturevalue("example_site")
        site, problems = load_site(root)
    else:
        _, url = request.getfixturevalue("real_site")
        site, problems = load_site(ROOT)
    assert site is not None, problems
    if request.param == "real-es":
        site, problems, _, _ = translate.load(site, "es")
        assert site is not None, problems
        url += "/es"
    if not site.pathways:
        pytest.skip("no pathways yet")
    return url, site.pathways, words.catalogue(site.config.language)


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: errors.append(f"dialog: {dialog.message}") or dialog.dismiss())
    yield page
    context.close()
    assert errors == [], "no script error and no dialog"


@pytest.fixture
def static_page(browser):
    context = browser.new_context(java_script_enabled=False)
    yield context.new_page()
    context.close()


# ---------------------------------------------------------------- helpers

def path_and_hash(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def shown_answer(page, index: int):
    return page.locator(f"{SHOWN} .pw-answers li").nth(index).locator("a")


def walk_on_decide_page(page, base: str, pathway, walk) -> None:
    """Answer by clicking on /<pathway>/decide/, checking each step as it comes."""
    page.goto(f"{base}/{pathway.id}/decide/")
    for node, index in walk.steps:
        expect(page.locator("#step-title")).to_have_text(node.title)
        if index is None:
            page.locator(f"{SHOWN} a.md-button").click()
        else:
            link = shown_answer(page, index)
            expect(link).to_have_text(node.answers[index].label)
            link.click()
    expect(page.locator("#step-title")).to_have_text(walk.outcome.title)


def screen(page) -> dict:
    """What the reader sees of a step: heading, back link, answers, own answers, urgency."""
    root = SHOWN if page.locator("#pw-flow").count() else "article"
    return page.evaluate("""root => {
        const text = sel => [...document.querySelectorAll(sel)].filter(e => e.offsetParent !== null)
            .map(e => e.textContent.trim().replace(/\\s+/g, ' '));
        return {title: document.title, heading: text('#step-title'), back: text('.pw-back'),
                backTo: [...document.querySelectorAll('.pw-back')].map(a => a.href),
                answers: text(root + ' .pw-answers a'), answerLinks: [...document.querySelectorAll(root + ' .pw-answers a')].filter(e => e.offsetParent !== null).map(a => a.href),
                given: text(root + ' .pw-given'), urgency: text(root + ' .pw-urgency')};
    }""", root)


# ---------------------------------------------------------------- every path, every pathway

def test_every_path_of_every_pathway_by_clicking_on_the_decide_page(page, any_site):
    base, pathways, said = any_site
    for pathway in pathways:
        for walk in walks(pathway):
            walk_on_decide_page(page, base, pathway, walk)
            assert path_and_hash(page.url) == path_and_hash(base) + walk.address(pathway.id)
            given = page.locator(f"{SHOWN} .pw-given")
            nodes = {n.id: n for n in pathway.nodes}
            for question, index in walk.answers:
                expect(given).to_contain_text(nodes[question].answers[index].label)
            change = re.compile("^" + re.escape(said["flow"]["change"]))
            expect(given.get_by_role("link", name=change)).to_have_count(len(walk.answers))
            if walk.outcome.options:
                expect(page.locator(f"{SHOWN} a[href*='/{walk.outcome.options[0]}/']").first).to_be_visible()
            if walk.outcome.urgency.value in ("urgent", "emergency"):
                expect(page.locator(f"{SHOWN} .pw-card--urgent:not(.pw-result)")).to_be_visible()  # the signs


def test_every_path_of_every_pathway_without_javascript(static_page, any_site):
    base, pathways, said = any_site
    page = static_page
    for pathway in pathways:
        for walk in walks(pathway):
            page.goto(f"{base}/{pathway.id}/decide/")  # without JavaScript it shows the start
            for node, index in walk.steps:
                expect(page.get_by_role("heading", level=1)).to_have_text(node.title)
                expect(page.locator(".pw-back")).to_be_visible()
                if index is None:
                    page.locator("a.md-button", has_text=said["step"]["continue"].strip(": ")).first.click()
                else:
                    link = page.locator(".pw-answers li:visible").nth(index).locator("a")
                    expect(link).to_have_text(node.answers[index].label)
                    link.click()
            page.wait_for_url(f"{base}/{pathway.id}/{walk.outcome.id}/")
            expect(page.get_by_role("heading", level=1)).to_have_text(walk.outcome.title)
            expect(page.locator(".pw-back")).to_be_visible()


# ---------------------------------------------------------------- addresses

def test_copied_address_opens_the_same_screen(browser, page, example_site):
    _, base = example_site
    page.goto(f"{base}/example/decide/")
    shown_answer(page, 1).click()   # No, none of these
    shown_answer(page, 0).click()   # Not at all
    expect(page.locator("#step-title")).to_have_text("Injections often help only a little")
    page.locator(f"{SHOWN} a.md-button").click()
    expect(page.locator("#step-title")).to_have_text(re.compile("^Since the injection"))
    in_flow = screen(page)
    assert path_and_hash(page.url) == "/example/new-symptoms/#answers=warning-signs.2,how-much-help.1"
    other = browser.new_page()
    other.goto(page.url)
    expect(other.locator(".pw-given")).to_be_visible()
    assert screen(other) == in_flow
    other.close()


def test_the_same_answers_always_give_the_same_address(page, example_site):
    _, base = example_site
    page.goto(f"{base}/example/decide/")
    shown_answer(page, 1).click()
    shown_answer(page, 2).click()
    first = page.url
    # Change the first answer, then give the same answers again.
    page.locator(f"{SHOWN} .pw-given a").first.click()
    expect(page.locator("#step-title")).to_have_text("Do you have any of these warning signs?")
    assert path_and_hash(page.url) == "/example/warning-signs/"
    shown_answer(page, 1).click()
    shown_answer(page, 2).click()
    assert page.url == first


@pytest.mark.parametrize("address, heading, given", [
    ("/example/how-much-help/", "How much did the injection help?", None),
    ("/example/decide/#at=how-much-help", "How much did the injection help?", None),
    ("/example/how-much-help/#answers=warning-signs.2", "How much did the injection help?", "No, none of these"),
    ("/example/decide/#answers=warning-signs.2,how-much-help.1", "Injections often help only a little", "Not at all"),
    ("/example/talk-soon/#answers=warning-signs.2,how-much-help.2", "Book a visit to talk about other options",
     "A little, for a short time"),
    ("/example/talk-soon/#answers=nonsense.9", "Book a visit to talk about other options", None),
])
def test_deep_links_open_the_right_step(page, example_site, address, heading, given):
    _, base = example_site
    page.goto(base + address)
    expect(page.locator("#step-title")).to_have_text(heading)
    expect(page.locator("#step-title")).to_be_visible()
    panel = page.locator(".pw-given:visible")
    if given:
        expect(panel).to_contain_text(given)
    else:
        expect(panel).to_have_count(0)
    if "decide" in address:  # the decide page shows the step's own address
        assert "/decide/" not in page.url
    assert page.title().startswith(heading)


def test_answer_links_on_a_step_page_carry_the_answers_on(page, example_site):
    _, base = example_site
    page.goto(f"{base}/example/warning-signs/")
    page.get_by_role("link", name="No, none of these").click()
    page.wait_for_url(re.compile("how-much-help"))
    page.get_by_role("link", name="A lot, but the pain came back").click()
    page.wait_for_url(re.compile("routine-review"))
    assert path_and_hash(page.url) == "/example/routine-review/#answers=warning-signs.2,how-much-help.3"
    expect(page.locator(".pw-given")).to_contain_text("A lot, but the pain came back")
    expect(page.locator(".pw-back")).to_have_text("Back to: How much did the injection help?")


@pytest.mark.parametrize("instant", [True, False], ids=["instant-navigation", "no-instant-navigation"])
def test_back_and_forward_step_through_the_flow(page, request, instant):
    base = request.getfixturevalue("example_site")[1] if instant else request.getfixturevalue("no_instant_site")
    page.goto(f"{base}/example/")
    page.get_by_role("link", name=re.compile("^Start:")).click()
    expect(page.locator("#step-title")).to_have_text("Do you have any of these warning signs?")
    # flow.js loads after the page (theme/main.html): it has taken over once the decide page shows
    # its first step's own address. (An answer tapped before then is a link to the step's page.)
    expect(page).to_have_url(re.compile(r"/example/warning-signs/$"))
    shown_answer(page, 1).click()
    expect(page.locator("#step-title")).to_have_text("How much did the injection help?")
    shown_answer(page, 1).click()
    expect(page.locator("#step-title")).to_have_text("Book a visit to talk about other options")
    page.go_back()
    expect(page.locator("#step-title")).to_have_text("How much did the injection help?")
    assert path_and_hash(page.url) == "/example/how-much-help/#answers=warning-signs.2"
    expect(page.locator("#pw-flow")).to_have_count(1)  # still the one-page flow, not a reload
    page.go_back()
    expect(page.locator("#step-title")).to_have_text("Do you have any of these warning signs?")
    page.go_forward()
    page.go_forward()
    expect(page.locator("#step-title")).to_have_text("Book a visit to talk about other options")
    expect(page.locator(f"{SHOWN} .pw-given")).to_contain_text("A little, for a short time")
    assert page.title().startswith("Book a visit to talk about other options")
    page.go_back()
    page.go_back()
    page.go_back()  # out of the flow, to the overview
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Example - after an injection"))


# ---------------------------------------------------------------- accessibility

def test_keyboard_alone_completes_every_path(page, example_site):
    root, base = example_site
    site, _ = load_site(root)
    (pathway,) = site.pathways
    for walk in walks(pathway):
        page.goto(f"{base}/example/decide/")
        for node, index in walk.steps:
            target = "Continue: " + {n.id: n for n in pathway.nodes}[node.next].title if index is None \
                else node.answers[index].label
            for _ in range(40):
                page.keyboard.press("Tab")
                if page.evaluate("document.activeElement.textContent.trim()") == target:
                    break
            else:
                pytest.fail(f"Tab never reached {target!r}")
            assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none", "visible focus"
            page.keyboard.press("Enter")
            expect(page.locator("#step-title")).to_be_focused()
        expect(page.locator("#step-title")).to_have_text(walk.outcome.title)
        assert path_and_hash(page.url) == walk.address("example")


def test_each_step_change_moves_focus_retitles_and_announces(page, example_site):
    _, base = example_site
    page.goto(f"{base}/example/decide/")
    shown_answer(page, 1).click()
    expect(page.locator("#step-title")).to_be_focused()
    assert page.title() == "How much did the injection help? - After an injection that didn't help"
    live = page.locator("#pw-flow-status")
    expect(live).to_have_attribute("aria-live", "polite")
    expect(live).to_have_text("Next step: How much did the injection help?")
    shown_answer(page, 2).click()
    expect(live).to_have_text("Result: Talk about it at your next visit")


def test_no_axe_violation_at_any_step(page, example_site):
    root, base = example_site
    site, _ = load_site(root)
    (pathway,) = site.pathways
    axe = Axe()
    addresses = [f"/example/decide/#at={node.id}" for node in pathway.nodes]
    addresses += ["/example/decide/" + w.address("example").split("/", 3)[3] for w in walks(pathway)]
    addresses += ["/example/", "/example/same-day/#answers=warning-signs.2,how-much-help.1,new-symptoms.1"]
    for address in addresses:
        page.goto(base + address)
        page.wait_for_load_state("load")
        results = axe.run(page, options=AXE_OPTIONS)
        assert results.violations_count == 0, f"{address}\n{results.generate_report()}"


# ---------------------------------------------------------------- bad data

def test_markup_in_a_pathway_is_shown_as_text_and_runs_nothing(page, markup_site):
    base, pathway = markup_site
    for walk in walks(pathway):
        walk_on_decide_page(page, base, pathway, walk)
        expect(page.locator(f"{SHOWN} .pw-given strong").first).to_have_text(
            walk.steps[0][0].answers[walk.answers[0][1]].label)
        page.reload()  # the same screen from the step's own page
        expect(page.locator("#step-title")).to_have_text(walk.outcome.title)
        assert page.evaluate("window.pwned") is None
    page.goto(f"{base}/markup-pathway/")
    expect(page.get_by_role("heading", level=1)).to_have_text(pathway.title)
    assert page.evaluate("window.pwned") is None
