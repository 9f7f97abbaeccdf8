"""The decision flow without a browser: the pages, the pathway JSON, the map, and the
pathway's own tests (browser tests are in test_flow_browser.py)."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
from pathlib import Path

from pathways.outputs.pathway_json import html_safe_json
from pathways.outputs.pathway_map import map_steps
from pathways.graph import Graph
from pathways.model import Info, Outcome, Pathway, Question
from pathways.validate import load_site

from support import FIXTURES, ROOT, add_markup_pathway, html, walks



# ---------------------------------------------------------------- every path through a pathway

def test_walks_reach_every_outcome_of_the_example(project):
    site, _ = load_site(project)
    (example,) = site.pathways
    routes = walks(example)
    assert {w.outcome.id for w in routes} == {n.id for n in example.nodes if isinstance(n, Outcome)}
    assert len(routes) == 5  # the example's five tests are its five routes
    assert "/example/same-day/#answers=warning-signs.2,how-much-help.1,new-symptoms.1" in {
        w.address("example") for w in routes}


# ---------------------------------------------------------------- generated files




def embedded_data(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="pw-flow-data">(.*?)</script>', page, re.S)
    assert match, "the page embeds the pathway"
    return json.loads(match.group(1))


def test_decide_page_holds_every_step_and_shows_only_the_start(example_site):
    root, _ = example_site
    page = html(root / "site", "example/decide")
    sections = re.findall(r'<section class="pw-step" data-node="([a-z0-9-]+)"( hidden="hidden")?>', page)
    site, _ = load_site(root)
    (example,) = site.pathways
    assert [node for node, _ in sections] == [n.id for n in example.nodes]
    assert [node for node, hidden in sections if not hidden] == ["warning-signs"]
    assert page.count("<h1") == 1 and '<h1 id="step-title" tabindex="-1">Do you have any of these warning signs?</h1>' in page
    # Without JavaScript the start's answers are plain links to the step pages.
    assert '<a href="../get-help-now/">Yes, I have one or more of these</a>' in page


def test_pathway_json_is_written_and_embedded_in_every_step(example_site):
    root, _ = example_site
    data = json.loads((root / "site" / "example" / "pathway.json").read_text(encoding="utf-8"))
    assert data["start"] == "warning-signs"
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["how-much-help"]["answers"][2] == {"label": "A lot, but the pain came back", "next": "routine-review"}
    assert nodes["about-small-effects"]["next"] == "new-symptoms"
    assert nodes["same-day"]["urgency"] == "urgent"
    assert nodes["new-symptoms"]["back"] == "about-small-effects"
    for node in ["decide", *nodes]:
        assert embedded_data(html(root / "site", f"example/{node}")) == data


def test_embedded_json_cannot_end_its_script_element():
    data = {"title": "</script><script>alert(1)</script> <!-- & 'x' \"y\" 💉"}
    text = html_safe_json(data)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == data


def test_urgent_and_emergency_outcomes_list_the_warning_signs(example_site):
    root, _ = example_site
    for node in ["same-day", "get-help-now"]:
        page = html(root / "site", f"example/{node}")
        assert "pw-card--emergency" in page and "pw-card--urgent" in page, node
        assert "Fever or redness where the needle went in" in page
    routine = html(root / "site", "example/routine-review")
    assert "pw-card--urgent" not in routine  # only the emergency card every step has


def test_overview_map_shows_every_step_and_answer(example_site):
    root, _ = example_site
    page = html(root / "site", "example")
    svg = re.search(r'<div class="pw-map"[^>]*>\s*<svg[^>]*aria-hidden="true">.*?</svg>', page, re.S).group(0)
    site, _ = load_site(root)
    (example,) = site.pathways
    for node in example.nodes:
        assert f'xlink:href="{node.id}/" tabindex="-1"' in svg, node.id
    edges = sum(len(n.answers) if isinstance(n, Question) else isinstance(n, Info) for n in example.nodes)
    assert svg.count('class="pw-map__edge"') == edges
    assert 'class="pw-map__label"' in svg and ">Not at all</tspan></text>" in svg
    assert "\u2026" not in svg  # labels and titles wrap onto more lines; none is cut short
    # The list says the same in words, with a link to every step.
    listing = re.search(r'<div class="pw-map-list">.*?</div>', page, re.S).group(0)
    for node in example.nodes:
        assert f'href="{node.id}/"' in listing, node.id
    assert ("If you answer “A little, for a short time”: <a href=\"talk-soon/\">Book a visit to talk about other "
            "options</a> (result: soon: book a visit with your care team)") in listing
    assert "If you answer “Not at all”: go to 3, <a href=\"about-small-effects/\">" in listing
    assert "<ul>" in listing and "<ul>\n<li>" not in listing.split("</ul>", 1)[1].split("<ul>", 1)[0]  # flat: no list in a list
    assert 'href="decide/"' in page  # the Start button opens the one-page flow


def test_map_in_words_is_one_flat_list_per_question():
    pathway = Pathway.model_validate({
        "id": "p", "title": "T", "summary": "S", "audience": "A", "reviewed_by": "R",
        "last_reviewed": "2026-01-01", "next_review": "2027-01-01", "start": "a",
        "nodes": [
            {"id": "a", "kind": "question", "title": "A?", "answers": [{"label": "1", "next": "b"}, {"label": "2", "next": "c"}]},
            {"id": "b", "kind": "info", "title": "B", "next": "c"},
            {"id": "c", "kind": "question", "title": "C?", "answers": [{"label": "x", "next": "a"}, {"label": "y", "next": "d"}]},
            {"id": "d", "kind": "outcome", "urgency": "routine", "title": "D"},
        ],
    })
    steps = map_steps(Graph(pathway))
    assert [(s.number, s.node.id) for s in steps] == [(1, "a"), (2, "b"), (3, "c")]  # each step once, results not
    assert [(label, target.id, n) for label, target, n in steps[0].exits] == [("1", "b", 2), ("2", "c", 3)]
    assert [(label, target.id, n) for label, target, n in steps[1].exits] == [(None, "c", 3)]
    assert [(label, target.id, n) for label, target, n in steps[2].exits] == [("x", "a", 1), ("y", "d", None)]


def test_markup_in_a_pathway_is_escaped_in_every_page(tmp_path):
    from pathways.build import build
    from support import TODAY, make_project

    root = make_project(tmp_path)
    add_markup_pathway(root)
    build(root, TODAY)
    for page in (root / "site" / "markup-pathway").rglob("index.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script>alert(1)</script>" not in text and "<script>window.pwned" not in text, page
        assert "<img src=x" not in text and "<svg onload" not in text and "<b>" not in text, page
        if page.parent.name != "markup-pathway":  # every step page and the decide page, not the overview
            data = embedded_data(text)
            assert data["nodes"][0]["answers"][1]["label"] == "</script><script>window.pwned = 3</script>"


# ---------------------------------------------------------------- the pathway's own tests

def test_pathways_check_names_file_and_line_of_a_failing_flow_test(project):
    example = project / "pathways" / "example.yaml"
    text = example.read_text(encoding="utf-8")
    example.write_text(text.replace('    expect: same-day\n', '    expect: talk-soon\n', 1), encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if '"Not at all", "Yes"]' in row)
    result = subprocess.run([sys.executable, "-m", "pathways.cli", "check"], cwd=project,
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert (f'pathways/example.yaml:{line}:5: test 2: these answers reach the outcome "same-day", '
            'but the test expects "talk-soon"') in result.stderr


# ---------------------------------------------------------------- size

def test_flow_script_and_style_are_under_10_kb_gzipped():
    size = sum(len(gzip.compress((ROOT / "theme" / "assets" / name).read_bytes(), 9))
               for name in ("flow.js", "flow.css"))
    assert size < 10 * 1024, size
