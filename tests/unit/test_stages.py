"""Unit tests per stage: load, cite, render, readability, schema."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pathways.cite import Bibliography, Numbering, keys_in, link_citations
from pathways.cli import SCHEMA_PATH, schema_text
from pathways.load import parse_yaml
from pathways.readability import plain_text, score
from pathways.links import url_of
from pathways.outputs import render_site
from pathways.render import _yaml, text
from pathways.validate import load_site

from support import ROOT, TODAY, front_matter


# -- load -------------------------------------------------------------------------

def test_positions_are_one_based_and_follow_the_path():
    doc = parse_yaml("id: x\nnodes:\n  - id: a\n    title: A\n", "f.yaml")
    assert doc.where(("nodes", 0, "title")) == (4, 12)
    assert doc.key_position(("nodes", 0, "title")) == (4, 5)
    assert doc.where(("nodes", 0, "missing")) == (3, 5)  # the nearest parent that exists


def test_yaml_12_keeps_yes_and_no_as_text():
    doc = parse_yaml("a: Yes\nb: No\n", "f.yaml")
    assert doc.data == {"a": "Yes", "b": "No"}


# -- cite -------------------------------------------------------------------------

BIB = Bibliography.load(ROOT / "content" / "bibliography.yaml", "content/bibliography.yaml")


def test_citation_keys_are_found_in_pandoc_syntax():
    assert [k for k, _ in keys_in("A [@nice-ng59-2016]. B [@acp-qaseem-2017; @juch-2017-mint].")] == [
        "nice-ng59-2016", "acp-qaseem-2017", "juch-2017-mint"]
    assert keys_in("a [link](x.md) and [@key](not-a-citation.md)") == []


def test_citations_are_numbered_in_order_of_first_use():
    numbering = Numbering()
    out = link_citations("A [@juch-2017-mint]. B [@nice-ng59-2016; @juch-2017-mint].", numbering, BIB)
    assert numbering.order == ["juch-2017-mint", "nice-ng59-2016"]
    assert '[1](#ref-juch-2017-mint "' in out and '[2](#ref-nice-ng59-2016 "' in out
    assert out.count("<sup") == 2


def test_ama_reference_with_doi_and_pubmed_links():
    html = BIB.render("acp-qaseem-2017")
    assert html.startswith("Qaseem A, Wilt TJ, McLean RM, Forciea MA")
    assert "<i>Annals of Internal Medicine</i>. 2017;166(7):514-530" in html
    assert 'href="https://doi.org/10.7326/M16-2367"' in html
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/28192789/"' in html


def test_reference_without_doi_links_to_its_web_page():
    assert 'href="https://www.nhs.uk/conditions/cauda-equina-syndrome/"' in BIB.render("nhs-cauda-equina")


# -- render -----------------------------------------------------------------------

def test_text_from_a_pathway_can_never_become_markup():
    assert text("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert text("[x](javascript:y) *b*") == r"\[x\](javascript:y) \*b\*"


def test_directory_urls():
    assert url_of("index.md") == "/"
    assert url_of("options/index.md") == "/options/"
    assert url_of("example/how-much-help.md") == "/example/how-much-help/"


def test_render_writes_an_overview_and_a_page_per_node(project):
    site, _ = load_site(project)
    files = render_site(site, TODAY)
    pathway = site.pathways[0]
    for node in pathway.nodes:
        assert f"example/{node.id}.md" in files
    overview = files["example/index.md"]
    for node in pathway.nodes:
        assert f"(/example/{node.id}.md)" in overview  # the steps, in order
    assert "Immediate action required" in overview  # the emergency card
    assert '<li id="ref-nice-ng59-2016">' in overview  # the pathway's sources
    page = files["example/talk-soon.md"]
    assert "[Back to: How much did the injection help?](/example/how-much-help.md)" in page
    assert '<label><input type="checkbox"> Which exercise program would suit me?</label>' in page
    assert '<li id="ref-acp-qaseem-2017">' in page
    assert front_matter(page)["review_overdue"] is False


def test_render_marks_overdue_pages(project):
    site, _ = load_site(project)
    files = render_site(site, TODAY.replace(year=2030))
    assert front_matter(files["example/index.md"])["review_overdue"] is True


# -- readability ------------------------------------------------------------------

def test_headings_and_list_items_count_as_sentences():
    assert plain_text("## What it is\n- one thing\n- another [@key]\n") == "What it is. one thing. another."


def test_wrapped_paragraph_lines_stay_one_sentence():
    assert plain_text("A long sentence that\nwraps onto a second line.\n") == "A long sentence that wraps onto a second line."


def test_plain_words_score_below_hard_words():
    easy = score("You can walk a bit each day. It helps your back. Start slow.")
    hard = score("Multidisciplinary biopsychosocial rehabilitation demonstrates statistically "
                 "significant improvements in functional disability outcomes.")
    assert easy.grade < 6 < hard.grade



def test_scores_equal_textstats_own_formulas_on_every_page_in_both_languages():
    # score() counts each distinct word once instead of asking textstat per page (its cache holds
    # 128 answers); the figures must be exactly textstat's, English as US English (textstat's own
    # default, which "en" is not: its hyphenation differs for words outside the pronouncing dictionary).
    import textstat

    from pathways.pipeline import run

    report = run(ROOT, TODAY)
    pages = [("en", body) for body in report.emitted.readable.values()]
    pages += [(language, body) for language, edition in report.editions.items()
              for body in edition.emitted.readable.values()]
    assert {language for language, _ in pages} == {"en", "es"}
    for language, body in pages:
        text = plain_text(body)
        textstat.set_lang("es" if language == "es" else "en_US")
        try:
            if language == "es":
                expected = (round(textstat.szigriszt_pazos(text), 1), round(textstat.fernandez_huerta(text), 1))
                assert (score(body, "es").perspicuity, score(body, "es").fernandez_huerta) == expected
            else:
                expected = (round(textstat.flesch_kincaid_grade(text), 1), round(textstat.smog_index(text), 1))
                assert (score(body).grade, score(body).smog) == expected
            assert score(body, language).words == textstat.lexicon_count(text)
        finally:
            textstat.set_lang("en_US")


# -- schema -----------------------------------------------------------------------

def test_committed_json_schema_is_up_to_date():
    committed = (ROOT / SCHEMA_PATH).read_text(encoding="utf-8")
    assert committed == schema_text(), "run `pathways schema` and commit schema/pathway.schema.json"
    assert json.loads(committed)["properties"]["nodes"]["type"] == "array"


def test_committed_page_schema_is_up_to_date_and_every_field_is_explained():
    from pathways import schema

    committed = (ROOT / schema.PAGE_SCHEMA).read_text(encoding="utf-8")
    assert committed == schema.text(schema.page_schema()), "run `pathways schema` and commit schema/page.schema.json"
    for made in (schema.pathway_schema(), schema.page_schema()):
        for name, part in [("", made), *made.get("$defs", {}).items()]:
            for field, spec in part.get("properties", {}).items():
                assert spec.get("description") and "examples" in spec, f"{name}.{field}"


def test_every_pathway_file_points_editors_at_the_schema():
    for path in [*Path(ROOT / "pathways").glob("*.yaml"), ROOT / "examples" / "example.yaml"]:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schema/pathway.schema.json", path


def test_citations_inside_code_are_left_as_typed():
    numbering = Numbering()
    out = link_citations("Write `[@nice-ng59-2016]` to cite [@juch-2017-mint].\n```\n[@acp-qaseem-2017]\n```\n",
                         numbering, BIB)
    assert numbering.order == ["juch-2017-mint"]
    assert "`[@nice-ng59-2016]`" in out and "\n[@acp-qaseem-2017]\n" in out


# -- front matter -------------------------------------------------------------------

_words = st.text()  # any character, including those YAML refuses or reads as line breaks
_front = st.dictionaries(
    st.from_regex(r"[a-z_]{1,12}", fullmatch=True),
    st.none() | st.booleans() | st.integers() | st.dates() | _words | st.lists(_words, max_size=3)
    | st.dictionaries(st.from_regex(r"[a-z]{1,6}", fullmatch=True), _words | st.booleans(), max_size=3),
    max_size=8)


@settings(max_examples=300, deadline=None)
@given(front=_front)
@example(front={"title": "line\u2028separator, next\x85line, delete\x7f, mark\ufeff", "on": dt.date(2026, 1, 2)})
def test_front_matter_reads_back_as_written(front):
    # Written as json values (render._yaml); read by the YAML loader mkdocs uses for front matter.
    assert yaml.load(_yaml(front) or "{}", Loader=yaml.SafeLoader) == front
