"""The emitters (pathways/outputs/): what each publishes, that every file records its source, and
the pathway JSON's contract with flow.js."""

from __future__ import annotations

import json
import re

import pytest

from pathways import outputs, schema
from pathways.outputs import clinicians, connect, decide, fhir, lists, pages, pathway_json, redirects, references, steps
from pathways.outputs.pathway_json import FlowPathway
from pathways.render import Generated, Page, SiteRenderer
from pathways.validate import load_site

from support import ROOT, TODAY


@pytest.fixture(scope="module")
def real():
    site, problems = load_site(ROOT)
    assert problems == []
    return site


@pytest.fixture
def example(project):
    site, problems = load_site(project)
    assert problems == []
    return site


def test_every_published_file_records_the_file_it_was_made_from(real):
    emitted = outputs.emit(real, TODAY)
    assert set(emitted.sources_of) == set(emitted.files)
    for rel, source in emitted.sources_of.items():
        assert (ROOT / source).is_file(), f"{rel} says it was made from {source}"
    pathway = real.pathways[0]
    for rel in (f"{pathway.id}/index.md", f"{pathway.id}/decide.md", f"{pathway.id}/pathway.json",
                f"{pathway.id}/{pathway.start}.md"):
        assert emitted.sources_of[rel] == real.sources[pathway.id]
    page, _ = real.pages[0]
    assert emitted.sources_of[page.rel] == page.path
    assert emitted.sources_of["references.md"] == "content/bibliography.yaml"


def test_the_lists_decide_what_is_published_in_order():
    assert outputs.SITE == (pages.emit, "pathways", lists.emit, clinicians.emit, connect.emit, fhir.emit, references.emit,
                            redirects.emit)
    assert outputs.PATHWAY == (steps.emit, pathway_json.emit, decide.emit, steps.emit_overview)


def test_step_emitter_yields_one_page_per_step_with_its_kind_facts(example):
    (pathway,) = example.pathways
    out = SiteRenderer(example, TODAY)
    made = list(steps.emit(steps.Context(example, pathway, out), out))
    assert [p.rel for p in made] == [f"{pathway.id}/{n.id}.md" for n in pathway.nodes]
    assert all(isinstance(p, Page) and p.own_heading and p.source == example.sources[pathway.id] for p in made)
    for page, node in zip(made, pathway.nodes):
        assert page.meta["kind"] == node.kind and page.meta.get("urgency") == node.facts().get("urgency")


def test_overview_lists_every_source_the_pathway_and_its_emergency_signs_cite(example):
    (pathway,) = example.pathways
    out = SiteRenderer(example, TODAY)
    (overview,) = steps.emit_overview(steps.Context(example, pathway, out), out)
    assert overview.rel == f"{pathway.id}/index.md" and set(pathway.sources) <= set(overview.extra_keys)


def test_decide_page_holds_every_step_and_the_flow_data(example):
    (pathway,) = example.pathways
    out = SiteRenderer(example, TODAY)
    context = steps.Context(example, pathway, out)
    (page,) = decide.emit(context, out)
    assert page.rel == f"{pathway.id}/decide.md" and page.meta["flow_data"] == context.flow_data
    assert page.body.count('class="pw-step') >= len(pathway.nodes)


def test_pathway_json_emitter_writes_the_compiled_graph(example):
    (pathway,) = example.pathways
    out = SiteRenderer(example, TODAY)
    (made,) = pathway_json.emit(steps.Context(example, pathway, out), out)
    assert isinstance(made, Generated) and made.rel == f"{pathway.id}/pathway.json"
    assert json.loads(made.data)["start"] == pathway.start


def test_redirect_emitter_makes_a_page_for_each_former_address_and_short_link(example):
    (pathway,) = example.pathways
    out = SiteRenderer(example, TODAY)
    made = {g.rel: g for g in redirects.emit(example, out)}
    wanted = {f"go/{pathway.short_link}/index.html"} if pathway.short_link else set()
    wanted |= {f"{pathway.id}/{alias}/index.html" for n in pathway.nodes for alias in n.aliases}
    assert wanted and wanted <= set(made)
    assert all(g.source for g in made.values())


def test_a_pathways_former_id_redirects_every_page_that_was_under_it(example):
    (pathway,) = example.pathways
    first = pathway.nodes[0].model_copy(update={"aliases": ["old-step"]})
    pathway = pathway.model_copy(update={"aliases": ["old-example"], "nodes": [first, *pathway.nodes[1:]]})
    example.pathways = [pathway]
    moved = {r.source: r.target for r in redirects.redirects(example) if r.source.startswith("/old-example/")}
    step_aliases = {"/old-example/old-step/": f"/example/{first.id}/"}
    assert moved == {"/old-example/": "/example/", "/old-example/decide/": "/example/decide/",
                                      **{f"/old-example/{n.id}/": f"/example/{n.id}/" for n in pathway.nodes},
                                      **step_aliases}


def test_lists_and_references_are_pages_of_their_own(example):
    out = SiteRenderer(example, TODAY)
    assert [p.rel for p in lists.emit(example, out)][0] == "pathways.md"
    (refs,) = references.emit(example, out)
    assert refs.rel == "references.md" and refs.meta["audience"] == "clinicians"


def test_clinicians_emitter_writes_the_page_and_its_json(example):
    out = outputs.emit(example, TODAY)
    assert "clinicians.md" in out.files and json.loads(out.files["clinicians/links.json"])["groups"]


# ---------------------------------------------------------------- the contract with flow.js

def test_committed_flow_schema_is_up_to_date():
    committed = (ROOT / schema.FLOW_SCHEMA).read_text(encoding="utf-8")
    assert committed == schema.text(schema.flow_schema()), "run `pathways schema` and commit schema/flow.schema.json"


def test_every_pathway_json_keeps_the_contract(real, example):
    for site in (real, example):
        files = outputs.render_site(site, TODAY)
        for pathway in site.pathways:
            data = FlowPathway.model_validate_json(files[f"{pathway.id}/pathway.json"])  # no field missing or extra
            ids = {node.id for node in data.nodes}
            assert data.start in ids
            for node in data.nodes:
                assert node.back is None or node.back in ids
                # flow.js tells the kinds apart by shape: answers, one next, or neither (a result).
                assert (node.answers is not None) + (node.next is not None) <= 1, node.id
                assert (node.urgency is not None) == (node.answers is None and node.next is None), node.id
                assert all(a.next in ids for a in node.answers or []) and (node.next is None or node.next in ids)


def test_flow_js_reads_only_what_the_schema_defines():
    script = (ROOT / "theme" / "assets" / "flow.js").read_text(encoding="utf-8")
    step_fields = set(FlowPathway.model_json_schema()["$defs"]["FlowStep"]["properties"])
    answer_fields = set(FlowPathway.model_json_schema()["$defs"]["FlowAnswer"]["properties"])
    # `node` is also the name of the DOM element in the script's el() helper.
    dom = {"textContent", "className"}
    read = set(re.findall(r"\bnode\.(\w+)", script)) - dom
    assert read and read <= step_fields, read - step_fields
    assert set(re.findall(r"flow\.data\.(\w+)", script)) <= set(FlowPathway.model_fields)
    assert set(re.findall(r"answers\[[^\]]+\]\.(\w+)", script)) <= answer_fields
