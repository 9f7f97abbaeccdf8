"""The resolver page /connect/ in Chromium: an EHR's Infobutton link lands on the best page for
its diagnosis code, through the code's parents, in English or Spanish, or on the JSON answer."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

OID = "2.16.840.1.113883.6.90"


@pytest.fixture
def page(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


def infobutton(base: str, code: str, language: str | None = None, json: bool = False, system: str = OID) -> str:
    query = f"mainSearchCriteria.v.cs={system}&mainSearchCriteria.v.c={code}"
    if language:
        query += f"&informationRecipient.languageCode.c={language}"
    if json:
        query += "&knowledgeResponseType=application/json"
    return f"{base}/connect/?{query}"


@pytest.mark.parametrize("code, lands_on", [
    ("M54.16", "/options/physical-therapy/"),  # listed by the page and the pathway: the page first
    ("M54.1", "/options/physical-therapy/"),   # a parent: the pages of the codes under it
    ("M54.17", "/options/physical-therapy/"),  # a real code nothing lists: its parent M54.1 answers
    ("m5416", "/options/physical-therapy/"),   # as some systems send it: no dot, lowercase
    ("M54.50", "/example/"),                   # the pathway lists it before its result talk-soon
    ("M54.59", "/example/"),                   # through M54.5
])
def test_a_code_opens_its_best_page(translated_site, page, code, lands_on):
    _, base = translated_site
    page.goto(infobutton(base, code))
    page.wait_for_url(base + lands_on)


@pytest.mark.parametrize("code, lands_on", [
    ("M54.16", "/es/options/physical-therapy/"),  # the same best page, in Spanish
    ("M54.1", "/es/options/physical-therapy/"),
    ("M54.50", "/es/example/"),
])
def test_in_spanish_a_code_opens_the_best_page_s_spanish_twin(translated_site, page, code, lands_on):
    _, base = translated_site
    page.goto(infobutton(base, code, language="es"))
    page.wait_for_url(base + lands_on)


def test_json_is_answered_with_the_file_for_the_code_or_its_parent(translated_site, page):
    _, base = translated_site
    page.goto(infobutton(base, "M54.17", json=True))
    page.wait_for_url(base + "/connect/icd10cm/M54.1.json")
    answer = json.loads(page.locator("pre").first.inner_text())
    assert {"scheme": "mainSearchCriteria.v.c", "term": "M54.1"} in answer["feed"]["category"]
    page.goto(infobutton(base, "M54.16", language="es-US", json=True))
    page.wait_for_url(base + "/connect/icd10cm/es/M54.16.json")


@pytest.mark.parametrize("language", [None, "es"])
def test_an_unknown_code_stays_and_says_so_above_the_list(translated_site, page, language):
    _, base = translated_site
    page.goto(infobutton(base, "G83.4", language=language))  # a real code, in a category no page lists
    problem = page.locator("#pw-connect-not-found")
    expect(problem).to_be_visible()
    expect(problem).to_contain_text("No page on this site fits the diagnosis code G83.4.")
    assert page.url.startswith(base + "/connect/?")
    expect(page.locator("#code-M54\\.16 a.pw-connect-page").first).to_have_text("Physical therapy")


def test_another_code_system_is_not_read_as_icd10cm(translated_site, page):
    _, base = translated_site
    page.goto(infobutton(base, "M54.16", system="2.16.840.1.113883.6.96"))  # SNOMED CT
    expect(page.locator("#pw-connect-other-system")).to_be_visible()
    assert "/connect/" in page.url


def test_without_javascript_the_page_lists_codes_and_pages(browser, translated_site):
    _, base = translated_site
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(infobutton(base, "M54.16"))
    row = page.locator("#code-M54\\.16")
    expect(row).to_contain_text("Radiculopathy, lumbar region")
    expect(row.locator("a.pw-connect-page")).to_have_text(["Physical therapy", "Example - after an injection for back pain that did not help"])
    expect(row.locator("a[lang=es]")).to_have_text(["en español", "en español"])  # each page has its twin
    expect(page.locator("#pw-connect-not-found")).to_be_hidden()
    context.close()
