"""The built site's answers by diagnosis code and FHIR resources: every answer matches the JSON
Schema and links to a page the site has; the clinicians' page tells an EHR team what to set up."""

from __future__ import annotations

import json
import re

import jsonschema

from pathways import codes, schema
from pathways.validate import load_site

from support import ROOT, html

SITE_URL = "https://example.org"


def test_every_answer_validates_and_links_to_a_built_page(real_site):
    out, _ = real_site
    contract = json.loads((ROOT / schema.CONNECT_SCHEMA).read_text(encoding="utf-8"))
    answers = sorted((out / "connect" / "icd10cm").rglob("*.json"))
    site, _ = load_site(ROOT)
    listed = {code for page, meta in site.pages for code in meta.codes} | {
        code for p in site.pathways for code in p.codes} | {
        code for p in site.pathways for n in p.nodes for code in getattr(n, "codes", [])}
    assert {a.stem for a in answers if a.parent.name == "icd10cm"} == listed | {
        parent for code in listed for parent in codes.parents(code)}
    for answer in answers:
        data = json.loads(answer.read_text(encoding="utf-8"))
        jsonschema.validate(data, contract)
        for entry in data["feed"]["entry"]:
            href = entry["link"][0]["href"]
            assert href.startswith(SITE_URL + "/") and href.endswith("/")
            assert (out / href.removeprefix(SITE_URL + "/") / "index.html").is_file(), f"{answer.name}: {href}"


def test_the_resolver_page_links_only_to_built_pages_and_answers(real_site):
    out, _ = real_site
    page = html(out, "/connect/")
    targets = re.findall(r'<a class="pw-connect-page" href="([^"]+)"', page)
    assert targets
    for href in targets + re.findall(r'data-pw-json="([^"]+)"', page):
        path = (out / "connect" / href).resolve()
        assert (path / "index.html").is_file() if href.endswith("/") else path.is_file(), href
    assert '<script src="../assets/connect.js"></script>' in page


def test_the_clinicians_page_says_how_to_set_up_an_ehr_and_lists_codes_per_page(real_site):
    out, _ = real_site
    page = html(out, "/clinicians/")
    assert (f"{SITE_URL}/connect/?mainSearchCriteria.v.cs=2.16.840.1.113883.6.90&amp;mainSearchCriteria.v.c={{code}}"
            "&amp;informationRecipient.languageCode.c={language}") in page
    assert f"{SITE_URL}/connect/icd10cm/{{code}}.json" in page
    assert ('<tr><td><a href="../conditions/spinal-stenosis/">Spinal stenosis</a></td>\n<td><ul><li><code>M48.061</code> '
            "Spinal stenosis, lumbar region without neurogenic claudication</li>") in page
    for link in re.findall(r'href="(\.\./fhir/[^"]+)"', page):
        assert (out / "clinicians" / link).resolve().is_file(), link
    assert 'href="../fhir/bundle.json"' in page
    assert 'href="../fhir/Questionnaire/after-facet-injection.json"' in page
