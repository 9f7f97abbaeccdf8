"""Privacy and accessibility over the whole built site, in Chromium: every page, light and dark.

One browser, one pass per palette: each page is loaded once and everything is collected on
that visit (requests, axe-core results, headings, images); the tests then judge what was seen.
The sweep runs over the real project as it stands, so it covers whatever content exists.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from pathways import words
from pathways.build import build
from pathways.outputs import render_site
from pathways.validate import load_site
from pathways.words import catalogue

from support import make_project, run_cli, serve

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# The keys mkdocs-material keeps for its own settings (colour palette, tabs, notices); nothing else may be stored.
THEME_STORAGE = re.compile(r"^/.*\.__(palette|tabs|source|announce|outdated)$")

AXE = Axe()  # only for its bundled copy of axe-core


@dataclass
class Visit:
    url: str
    violations: list[dict] = field(default_factory=list)
    headings: list[tuple[int, str]] = field(default_factory=list)
    unlabelled_images: list[str] = field(default_factory=list)
    text: str = ""


@dataclass
class Sweep:
    base: str
    pages: list[str]
    redirects: list[str]
    visits: dict[str, Visit] = field(default_factory=dict)
    foreign: list[tuple[str, str]] = field(default_factory=list)  # (page, request URL)
    cookies: list = field(default_factory=list)
    storage: set[str] = field(default_factory=set)


def site_urls(site: Path) -> tuple[list[str], list[str]]:
    """Every HTML page of the built site by URL: (pages, redirect stubs)."""
    pages, redirects = [], []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        url = "/" + rel.removesuffix("index.html")
        text = path.read_text(encoding="utf-8")
        (redirects if 'http-equiv="refresh"' in text else pages).append(url)
    return pages, redirects


def _collect(page) -> dict:
    return page.evaluate("""() => ({
        headings: [...document.querySelectorAll('article h1, article h2, article h3, article h4, article h5, article h6, h1')]
            .filter((h, i, all) => all.indexOf(h) === i)
            .map(h => [Number(h.tagName[1]), h.textContent.trim()]),
        unlabelled: [...document.querySelectorAll('img, svg[role=img], area, [role=img]')]
            .filter(el => !(el.getAttribute('alt') ?? el.getAttribute('aria-label') ?? el.querySelector?.('title')?.textContent))
            .map(el => el.outerHTML.slice(0, 120)),
        text: document.body.innerText,
    })""")


def test_dark_palette_follows_the_system_setting(real_site, browser):
    """The sweep switches palettes as the toggle does; a reader whose system is dark gets the same."""
    _, base = real_site
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(base + "/")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    context.close()


# Loaded into every page before its own scripts: axe-core itself, and no colour transitions, so a
# palette switch takes effect at once and the contrast check measures final colours.
NO_TRANSITIONS = """addEventListener('DOMContentLoaded', () => document.head.insertAdjacentHTML('beforeend',
    '<style>*, *::before, *::after { transition: none !important; }</style>'))"""
DARK = "document.body.setAttribute('data-md-color-scheme', 'slate')"  # what the palette toggle does


def _axe(page, options: dict) -> list[dict]:
    return page.evaluate("options => axe.run(options).then(results => results.violations)",
                         {**options, "resultTypes": ["violations"]})


@pytest.fixture(scope="module")
def sweep(real_site, browser) -> Sweep:
    site, base = real_site
    pages, redirects = site_urls(site)
    out = Sweep(base, pages, redirects)
    context = browser.new_context(color_scheme="light", service_workers="block")
    context.add_init_script(AXE.axe_script)
    context.add_init_script(NO_TRANSITIONS)
    local = re.compile(rf"^({re.escape(base)}/|data:|blob:|about:)")
    current = [""]

    def refuse(route, request):
        out.foreign.append((current[0], request.url))
        route.abort()

    context.route(lambda url: not local.match(url), refuse)
    page = context.new_page()
    for url in pages + redirects:  # redirect stubs are pages too: they must not reach out either
        current[0] = url
        page.goto(base + url, wait_until="load")
        if url in redirects:
            continue
        # What waits in <noscript class="pw-lazy"> (the clinicians' list) joins the page as a reader
        # scrolls: add it all, so that it is checked as the rest. (The decide page's other steps
        # are hidden until shown, as they were before they waited there.)
        page.evaluate("document.querySelectorAll('noscript.pw-lazy:not([data-node])').forEach(pwUnfold)")
        found = _collect(page)
        out.visits[f"light {url}"] = Visit(url, _axe(page, {"runOnly": {"type": "tag", "values": WCAG_22_AA}}),
                                           found["headings"], found["unlabelled"], found["text"])
        # The dark palette changes only colours, so only the contrast rule needs to run again.
        page.evaluate(DARK)
        out.visits[f"dark {url}"] = Visit(url, _axe(page, {"runOnly": {"type": "rule", "values": ["color-contrast"]}}))
    out.cookies = context.cookies()
    out.storage = set(page.evaluate("Object.keys(localStorage).concat(Object.keys(sessionStorage))"))
    context.close()
    return out


def _report(sweep: Sweep, scheme: str) -> list[str]:
    problems = []
    for key, visit in sweep.visits.items():
        if key.startswith(scheme + " "):
            for v in visit.violations:
                targets = ", ".join(" ".join(n["target"]) for n in v["nodes"][:3])
                problems.append(f"{visit.url}: {v['id']} ({len(v['nodes'])}x, e.g. {targets}): {v['help']}")
    return problems


def test_the_sweep_covers_the_whole_site(sweep):
    assert len(sweep.pages) >= 10  # the fixture or real content: a handful of pages at the very least
    assert "/" in sweep.pages and "/clinicians/" in sweep.pages and "/404.html" in sweep.pages
    assert len(sweep.visits) == 2 * len(sweep.pages)


def test_no_request_goes_to_any_other_host(sweep):
    assert sweep.foreign == []


def test_no_cookies_and_nothing_stored_but_the_theme_settings(sweep):
    assert sweep.cookies == []
    assert all(THEME_STORAGE.match(key) for key in sweep.storage), sweep.storage


def test_axe_finds_no_wcag_22_aa_violation_in_the_light_palette(sweep):
    assert _report(sweep, "light") == []


def test_colour_contrast_holds_in_the_dark_palette(sweep):
    assert _report(sweep, "dark") == []


def test_every_page_has_one_h1_and_headings_in_order(sweep):
    problems = []
    for key, visit in sweep.visits.items():
        if not key.startswith("light "):
            continue
        levels = [level for level, _ in visit.headings]
        if levels.count(1) != 1 or levels[0] != 1:
            problems.append(f"{visit.url}: {levels.count(1)} h1 headings")
        for before, after in zip(levels, levels[1:]):
            if after > before + 1:
                problems.append(f"{visit.url}: heading level jumps from h{before} to h{after}")
                break
    assert problems == []


def test_every_image_has_a_text_alternative(sweep):
    assert [(v.url, v.unlabelled_images) for v in sweep.visits.values() if v.unlabelled_images] == []


def test_every_page_shows_its_review_dates(sweep):
    def shown(visit) -> bool:
        said = words.catalogue("es" if visit.url.startswith("/es/") else "en")["theme"]
        return f'{said["last_reviewed"]}:' in visit.text and f'{said["next_review"]}:' in visit.text

    missing = [v.url for k, v in sweep.visits.items() if k.startswith("light ")
               and not v.url.endswith("/404.html") and not shown(v)]
    assert missing == []


def test_search_dialog_has_an_accessible_name(real_site, browser):
    _, base = real_site
    page = browser.new_page()
    page.goto(base + "/")
    assert page.get_by_role("dialog", name="Search", include_hidden=True).count() == 1
    page.close()


# ---------------------------------------------------------------- review dates show and bite

def _cli(project: Path, *args: str) -> tuple[int, str]:
    ran = run_cli(project, *args)
    return ran.returncode, ran.stderr


def test_strict_check_fails_on_a_page_past_its_review_date(project):
    code, err = _cli(project, "--today", "2027-11-16", "check", "--strict")
    assert code == 1
    assert "content/options/physical-therapy.md:1:1: review is overdue: next_review was 2027-11-15" in err
    assert "pathways/example.yaml:1:1: review is overdue: next_review was 2027-11-15" in err
    assert _cli(project, "--today", "2027-11-15", "check", "--strict")[0] == 0  # due today is not yet overdue
    assert _cli(project, "--today", "2027-11-16", "check")[0] == 0  # without --strict it is a notice, not a failure


def test_a_page_past_its_review_date_shows_a_notice(tmp_path, browser, example_site):
    root = make_project(tmp_path)
    build(root, dt.date(2027, 11, 16))
    url, server = serve(root / "site")
    _, current = example_site
    page = browser.new_page()
    try:
        for path in ["/options/physical-therapy/", "/example/talk-soon/"]:
            page.goto(url + path)
            notice = page.get_by_role("note")
            assert notice.is_visible() and "This page is due for review." in notice.inner_text()
            page.goto(current + path)
            assert page.get_by_role("note").count() == 0
            assert page.get_by_text("Next review due: 15 November 2027").is_visible()
    finally:
        page.close()
        server.shutdown()


def test_question_checklists_get_a_labelled_box_and_code_is_left_as_typed(project):
    """A Markdown task list's box has no label; the generator puts each box in a label with its question."""
    page = project / "content" / "options" / "physical-therapy.md"
    page.write_text(page.read_text() + "\nWrite a checklist as `- [ ] Question?`:\n\n```\n- [ ] Shown as typed\n```\n")
    site, problems = load_site(project)
    assert problems == []
    text = render_site(site, dt.date(2026, 11, 21))["options/physical-therapy.md"]
    assert "- <label><input type=\"checkbox\"> How many visits will I need?</label>" in text
    assert "`- [ ] Question?`" in text and "\n- [ ] Shown as typed\n" in text
