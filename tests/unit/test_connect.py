"""The answers by diagnosis code (outputs/connect.py): one per code and parent, in MedlinePlus
Connect's shape, checked against the committed JSON Schema; Spanish only where a page has a twin."""

from __future__ import annotations

import json

import jsonschema

from pathways import outputs, pipeline, schema
from pathways.validate import load_site

from support import ROOT, TODAY, add_translation, edit, front_matter, locked, run_cli

SCHEMA = json.loads((ROOT / schema.CONNECT_SCHEMA).read_text(encoding="utf-8"))


def emitted(project) -> dict[str, str]:
    site, found = load_site(project)
    assert found == []
    return outputs.emit(site, TODAY).files


def answer(files, code: str, spanish: bool = False) -> dict:
    return json.loads(files[f"connect/icd10cm/{'es/' if spanish else ''}{code}.json"])


def test_committed_connect_schema_is_up_to_date():
    committed = (ROOT / schema.CONNECT_SCHEMA).read_text(encoding="utf-8")
    assert committed == schema.text(schema.connect_schema()), "run `pathways schema` and commit schema/connect.schema.json"


def test_every_code_and_each_parent_is_answered_in_the_response_shape(project):
    files = emitted(project)
    answered = sorted(rel for rel in files if rel.startswith("connect/icd10cm/"))
    # The example lists M54.16 and M54.50; the physical therapy page M54.16.
    assert answered == sorted(f"connect/icd10cm/{c}.json" for c in ("M54", "M54.1", "M54.16", "M54.5", "M54.50"))
    for rel in answered:
        jsonschema.validate(json.loads(files[rel]), SCHEMA)
    feed = answer(files, "M54.16")["feed"]
    assert feed["subtitle"]["_value"] == "Pages for ICD-10-CM M54.16: Radiculopathy, lumbar region"
    assert {"scheme": "mainSearchCriteria.v.cs", "term": "2.16.840.1.113883.6.90"} in feed["category"]
    assert feed["updated"]["_value"] == "2026-11-15T00:00:00Z"
    # Best first: the hand-written page, then the pathway.
    assert [(e["title"]["_value"], e["link"][0]["href"]) for e in feed["entry"]] == [
        ("Physical therapy", "https://example.org/options/physical-therapy/"),
        ("Example - after an injection for back pain that did not help", "https://example.org/example/")]
    assert feed["entry"][0]["summary"] == {"_value": "Exercise with a therapist.", "type": "text"}


def test_a_parent_lists_the_pages_of_the_codes_under_it(project):
    files = emitted(project)
    hrefs = [e["link"][0]["href"] for e in answer(files, "M54.5")["feed"]["entry"]]
    # The pathway lists M54.50, and so does its result talk-soon.
    assert hrefs == ["https://example.org/example/", "https://example.org/example/talk-soon/"]
    assert [e["link"][0]["href"] for e in answer(files, "M54")["feed"]["entry"]] == [
        "https://example.org/options/physical-therapy/", "https://example.org/example/",
        "https://example.org/example/talk-soon/"]


def test_no_spanish_answers_without_translations(project):
    assert not [rel for rel in emitted(project) if rel.startswith("connect/icd10cm/es/")]


def test_spanish_answers_give_each_page_s_spanish_twin(project):
    add_translation(project)
    files = pipeline.run(project, TODAY).files
    spanish = sorted(rel for rel in files if rel.startswith("connect/icd10cm/es/"))
    assert spanish == sorted(f"connect/icd10cm/es/{c}.json" for c in ("M54", "M54.1", "M54.16", "M54.5", "M54.50"))
    feed = answer(files, "M54.16", spanish=True)["feed"]
    jsonschema.validate({"feed": feed}, SCHEMA)
    assert feed["lang"] == "es" and feed["id"]["_value"] == "https://example.org/connect/icd10cm/es/M54.16.json"
    assert feed["title"]["_value"] == "Sitio"  # the Spanish edition's own name
    assert feed["subtitle"]["_value"] == "Páginas para el código ICD-10-CM M54.16: Radiculopathy, lumbar region"
    # Each page at its Spanish address, with its Spanish title and description.
    assert [(e["lang"], e["title"]["_value"], e["link"][0]["href"]) for e in feed["entry"]] == [
        ("es", "[es] Physical therapy", "https://example.org/es/options/physical-therapy/"),
        ("es", "[es] Example - after an injection for back pain that did not help", "https://example.org/es/example/")]
    assert feed["entry"][0]["summary"]["_value"] == "[es] Exercise with a therapist."
    # The resolver page offers the twin beside each English page.
    page = files["connect.md"]
    assert 'href="../example/" data-pw-es="../es/example/"' in page
    assert 'data-pw-json-es="icd10cm/es/M54.16.json"' in page


def test_the_resolver_page_lists_every_code_with_its_title_and_pages(project):
    page = emitted(project)["connect.md"]
    for code, title in (("M54", "Dorsalgia"), ("M54.1", "Radiculopathy"), ("M54.16", "Radiculopathy, lumbar region"),
                        ("M54.5", "Low back pain"), ("M54.50", "Low back pain, unspecified")):
        assert f'<tr id="code-{code}" data-pw-json="icd10cm/{code}.json">\n<td><code>{code}</code></td>\n<td>{title}</td>' in page
    assert 'href="../options/physical-therapy/">Physical therapy</a>' in page
    assert front_matter(page)["pw_connect"] is True


def test_an_answer_that_goes_away_is_a_broken_locked_address(project):
    assert run_cli(project, "lock").returncode == 0
    assert "/connect/icd10cm/M54.50.json" in locked(project) and "/fhir/bundle.json" in locked(project)
    edit(project, "codes: [M54.16, M54.50]", "codes: [M54.16]")
    edit(project, "    codes: [M54.50]\n", "")
    ran = run_cli(project, "check")
    assert ran.returncode == 1
    assert ("the published address /connect/icd10cm/M54.50.json no longer leads anywhere, so links to it in patients' "
            "records and on printed handouts would break: a record system finds pages for the diagnosis code M54.50 "
            "at this address: put the code back under `codes:`") in ran.stderr
