"""The real clinical content: pathways are real decision flows, pages follow the rules."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

import pytest

from pathways.cite import keys_in
from pathways.model import REQUIRED_SECTIONS, Info, Outcome, PageType, Question
from pathways.readability import score
from pathways import outputs

from support import ROOT, TODAY

SHARED = ROOT.parent / "shared"

# Pages that make no clinical claim, so need no citation. Changing this list is a deliberate act.
NO_CLINICAL_CLAIMS = {
    "about/accessibility.md", "about/funding.md", "about/privacy.md", "about/disclaimer.md",
    "about/how-we-write.md", "about/evidence.md", "authors-guide.md", "conditions/index.md",
    "options/index.md", "tests/index.md", "about/index.md",
}

OPTIONS = """physical-therapy exercise-and-staying-active psychological-approaches multidisciplinary-rehabilitation
occupational-therapy-and-ergonomics medicines dry-needling trigger-point-injections epidural-steroid-injections
sacroiliac-joint-injections facet-joint-injections medial-branch-blocks radiofrequency-ablation
spinal-cord-stimulation dorsal-root-ganglion-stimulation prp-and-stem-cell-injections
spine-surgery""".split()
TESTS = "mri ct-scan x-ray nerve-conduction-and-emg diagnostic-blocks".split()
# Piriformis syndrome, widespread pain and the SPECT scan were folded into the sciatica, myofascial
# pain and diagnostic blocks pages (their addresses redirect there): our sources say too little for
# a page of their own.
CONDITIONS = """sciatica-and-radiculopathy facet-joint-pain sacroiliac-joint-pain myofascial-pain
spinal-stenosis pain-after-back-surgery neck-pain""".split()
TRUST = "index how-we-write evidence funding accessibility privacy disclaimer".split()


@pytest.fixture(scope="module")
def site():
    from pathways.validate import load_site

    loaded, problems = load_site(ROOT)
    assert problems == [], "\n".join(map(str, problems))
    return loaded


def all_paths(pathway):
    """Every route from the start to an outcome, as (answer labels, outcome id)."""
    nodes = {n.id: n for n in pathway.nodes}
    routes, stack = [], [(pathway.start, [], frozenset())]
    while stack:
        node_id, answers, seen = stack.pop()
        node = nodes[node_id]
        assert node_id not in seen, f"{pathway.id}: loop at {node_id}"
        if isinstance(node, Outcome):
            routes.append((answers, node_id))
        elif isinstance(node, Info):
            stack.append((node.next, answers, seen | {node_id}))
        else:
            for answer in node.answers:
                stack.append((answer.next, answers + [answer.label], seen | {node_id}))
    return routes


def test_three_pathways(site):
    assert sorted(p.id for p in site.pathways) == [
        "after-epidural-injection", "after-facet-injection", "after-trigger-point-injection"]


def test_each_pathway_is_a_real_decision_flow(site):
    for pathway in site.pathways:
        questions = [n for n in pathway.nodes if isinstance(n, Question)]
        outcomes = [n for n in pathway.nodes if isinstance(n, Outcome)]
        assert len(questions) >= 4 and len(outcomes) >= 5, pathway.id
        routes = all_paths(pathway)
        assert {outcome for _, outcome in routes} == {o.id for o in outcomes}, "every outcome is reachable"
        assert {t.expect for t in pathway.tests} == {o.id for o in outcomes}, "a test for every outcome"


def test_warning_signs_are_screened_first_and_send_people_to_emergency_care(site):
    for pathway in site.pathways:
        nodes = {n.id: n for n in pathway.nodes}
        first = nodes[pathway.start]
        assert isinstance(first, Question) and first.warning_signs, pathway.id
        urgencies = {nodes[a.next].urgency.value for a in first.answers if isinstance(nodes[a.next], Outcome)}
        assert "emergency" in urgencies, pathway.id


def test_every_outcome_names_options_or_questions_to_ask(site):
    for pathway in site.pathways:
        for node in pathway.nodes:
            if isinstance(node, Outcome):
                assert node.ask, f"{pathway.id}/{node.id} has no questions to ask"
                assert node.text and keys_in(node.text), f"{pathway.id}/{node.id} cites nothing"


def test_the_library_is_complete(site):
    pages = {page.rel for page, _ in site.pages}
    expected = ({f"options/{s}.md" for s in OPTIONS} | {f"tests/{s}.md" for s in TESTS}
                | {f"conditions/{s}.md" for s in CONDITIONS} | {f"about/{s}.md" for s in TRUST})
    assert expected - pages == set()


def test_every_page_has_review_dates_and_cites_unless_listed(site):
    for page, meta in site.pages:
        assert meta.last_reviewed < meta.next_review
        if page.rel in NO_CLINICAL_CLAIMS:
            continue
        assert meta.clinical, f"{page.rel} says it makes no clinical claim: add it to NO_CLINICAL_CLAIMS or cite"
        assert keys_in(page.body), f"{page.rel} cites no source"


def test_every_option_test_and_condition_page_has_its_sections_in_order(site):
    for page, meta in site.pages:
        folder = page.rel.split("/")[0]
        if folder in ("options", "tests", "conditions") and not page.rel.endswith("index.md"):
            expected = {"options": PageType.option, "tests": PageType.test, "conditions": PageType.condition}[folder]
            assert meta.type == expected, page.rel
            found = re.findall(r"^## (.+?)\s*$", page.body, re.M)
            assert found == list(REQUIRED_SECTIONS[expected]), page.rel
            questions = page.body.split("## Questions to ask", 1)[1]
            assert questions.count("- [ ]") >= 3, f"{page.rel}: a checklist of questions to ask"


def test_every_option_page_is_linked_from_a_pathway(site):
    linked = set()
    for pathway in site.pathways:
        for node in pathway.nodes:
            linked |= set(getattr(node, "options", []))
            linked |= set(re.findall(r"\]\(/([\w/-]+)\.md", node.text or ""))
    unlinked = [s for s in OPTIONS if f"options/{s}" not in linked]
    assert unlinked == []


def test_no_patient_page_is_above_the_reading_level_limit(site):
    limit = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pathways"]["max_grade"]
    renderer = outputs.emit(site, TODAY)
    too_hard = {rel: score(body).grade for rel, body in renderer.readable.items() if score(body).grade > limit}
    assert too_hard == {}
    # Pathway steps and hand-written patient pages are all scored.
    steps = {f"{p.id}/{n.id}.md" for p in site.pathways for n in p.nodes}
    patient_pages = {page.rel for page, meta in site.pages if meta.audience == "patients"}
    assert steps | patient_pages <= set(renderer.readable)
    # The decide page is made of its steps' content, each scored on its own page.
    assert not {f"{p.id}/decide.md" for p in site.pathways} & set(renderer.readable)


def test_every_pathway_page_carries_the_emergency_card(site):
    files = outputs.render_site(site, TODAY)
    heading = site.warning_signs.levels["emergency"].heading
    for pathway in site.pathways:
        for node in pathway.nodes:
            page = files[f"{pathway.id}/{node.id}.md"]
            assert "pw-card--emergency" in page and "Immediate action required" in page, node.id
        assert heading.split()[0] in files[f"{pathway.id}/index.md"]


def test_contested_evidence_cites_both_sides(site):
    bodies = {page.rel: page.body for page, _ in site.pages}
    both_sides = {
        "options/radiofrequency-ablation.md": ({"juch-2017-mint"}, {"maas-2015-cochrane-rf", "cohen-2020-facet-consensus"}),
        "options/spinal-cord-stimulation.md": ({"traeger-2023-cochrane-scs"}, {"kumar-2007-process", "kapural-2015-senza"}),
        "options/epidural-steroid-injections.md": ({"oliveira-2020-cochrane-esi", "chou-2015-esi-sr"},
                                                   {"manchikanti-2013-asipp", "asipp-2021-epidural-guideline"}),
        "options/medicines.md": ({"mathieson-2017-precise", "enke-2018-anticonvulsants"}, {"nice-ng59-2016"}),
    }
    for rel, (one, other) in both_sides.items():
        cited = {k for k, _ in keys_in(bodies[rel])}
        assert cited & one and cited & other, rel


def test_nothing_is_cited_that_the_sources_list_marks_unusable(site):
    # Unverified wording or superseded advice (see each entry's annote in content/bibliography.yaml).
    banned = {"cms-lcd-l33906-esi", "nice-ng59-2020-sciatica-drugs-update"}
    texts = [page.body for page, _ in site.pages]
    texts += [n.text or "" for p in site.pathways for n in p.nodes] + [p.summary for p in site.pathways]
    cited = {k for t in texts for k, _ in keys_in(t)}
    assert cited & banned == set()


@pytest.mark.skipif(not (SHARED / "tools" / "seed_overlap.py").exists(), reason="../shared is not beside this clone")
def test_written_fresh_no_run_copied_from_the_seed_articles():
    result = subprocess.run([sys.executable, str(SHARED / "tools" / "seed_overlap.py"), "content", "pathways"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-2000:]
