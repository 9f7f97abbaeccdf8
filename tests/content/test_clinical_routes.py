"""Routes that must fit every reader, and warning signs a reader can check themselves against.

These assert the clinical content itself (pathways/, content/warning-signs.yaml), so a later edit
that sends a reader with an infection, a neck problem or back-only pain down the wrong route fails.
"""

from __future__ import annotations

import re

import pytest

from pathways.cite import keys_in
from pathways.graph import Graph
from pathways.model import Outcome, Question
from pathways import outputs

from support import ROOT, TODAY

PATHWAYS = ["after-epidural-injection", "after-facet-injection", "after-trigger-point-injection"]
NO_SIGNS = ["No, none of these", "No, none of these"]  # the emergency screen, then the same-day screen


@pytest.fixture(scope="module")
def site():
    from pathways.validate import load_site

    loaded, problems = load_site(ROOT)
    assert problems == [], "\n".join(map(str, problems))
    return loaded


@pytest.fixture(scope="module")
def files(site):
    return outputs.render_site(site, TODAY)


def pathway(site, pid):
    return next(p for p in site.pathways if p.id == pid)


def walk(p, answers):
    """The node a reader reaches by clicking these answer labels, in order, from the start."""
    nodes = {n.id: n for n in p.nodes}
    node = nodes[p.start]
    for label in answers:
        assert isinstance(node, Question), f"{p.id}: {node.id} is not a question, cannot answer {label!r}"
        match = [a for a in node.answers if a.label == label]
        assert match, f"{p.id}/{node.id} has no answer {label!r}: {[a.label for a in node.answers]}"
        node = nodes[match[0].next]
    return node


def routes(p):
    """Every (answers, outcome) from the start (pathways have no loops: the check refuses them)."""
    return [(route.answers, route.end) for route in Graph(p).routes()]


def cited(node):
    return {k for k, _ in keys_in(node.text or "")}


@pytest.mark.parametrize("pid", PATHWAYS)
def test_pain_much_worse_since_the_injection_gets_a_same_day_result(site, pid):
    p = pathway(site, pid)
    end = walk(p, ["No, none of these", "None of these, but my pain is much worse since the injection"])
    assert isinstance(end, Outcome) and end.urgency.value == "urgent"
    assert end.title.startswith("Same day")
    # It explains the usual flare-up and when it is more than that, from the after-procedure leaflets.
    assert {"royalfree-after-pain-procedure", "gateshead-after-pain-procedure"} <= cited(end)
    assert "fever" in end.text


def test_epidural_repeat_is_offered_only_for_leg_pain_from_a_nerve(site):
    p = pathway(site, "after-epidural-injection")
    relief = NO_SIGNS + ["Some relief, but it wore off", "Yes, I could do more for a while"]
    leg = relief + ["Down my leg"]
    assert walk(p, leg + ["No, never", "Some, but I can manage"]).id == "repeat-after-review"
    # Leg pain after back surgery, or leg pain that stops daily life, is not a routine repeat.
    assert walk(p, leg + ["Yes, I have had back surgery"]).id == "pain-after-surgery"
    assert walk(p, leg + ["No, never", "A lot. I can't do my usual things"]).id == "leg-pain-specialist"
    assert walk(p, relief + ["Mostly in my back"]).id == "back-pain-source"
    assert walk(p, relief + ["In my legs when I walk or stand"]).id == "stenosis-options"
    assert walk(p, relief + ["In my neck or arm"]).id == "neck-check"
    # No route to "another epidural" skips the question of where the pain is.
    for answers, end in routes(p):
        if end.id == "repeat-after-review":
            assert "Down my leg" in answers, answers
    repeat = {n.id: n for n in p.nodes}["repeat-after-review"]
    assert "nice-ng59-2016" in cited(repeat)
    assert "before-another-injection" in repeat.options


def test_facet_rfa_splits_into_came_back_and_never_helped(site):
    p = pathway(site, "after-facet-injection")
    block = NO_SIGNS + ["In my lower back", "A medial branch block", "A lot, even if only for a short time"]
    came_back = walk(p, block + ["Yes. It helped, then the pain came back"])
    never = walk(p, block + ["Yes, but it never really helped"])
    assert came_back.id == "rfa-came-back" and never.id == "long-term-plan"
    # A repeat can be discussed only on the small repeat-RFA series; relief fading on the cohort.
    assert {"schofferman-2004-repeat-rf", "streitberger-2011-rf-duration"} <= cited(came_back)
    # "Never helped" looks again at the cause: a block can mislead.
    assert {"bogduk-2010-diagnostic-blocks", "darocha-2014-controlled-mbb-false-positives"} <= cited(never)
    # The stimulator figures come with NICE's scope (nerve pain).
    assert "nice-ta159-scs" in cited(never) and "nerve pain" in never.text


NECK_START = {
    "after-epidural-injection": NO_SIGNS + ["Little or no relief", "In my neck or arm"],
    "after-facet-injection": NO_SIGNS + ["In my neck"],
    "after-trigger-point-injection": NO_SIGNS + ["In my neck, or my neck and arm"],
}


@pytest.mark.parametrize("pid", PATHWAYS)
def test_a_reader_with_neck_pain_gets_neck_steps_and_results(site, pid):
    p = pathway(site, pid)
    check = walk(p, NECK_START[pid])
    assert check.id == "neck-check"
    ends = {}
    for answer in check.answers:
        end = walk(p, NECK_START[pid] + [answer.label])
        assert isinstance(end, Outcome) and end.id.startswith("neck-"), end.id
        ends[end.id] = end
    assert ends["neck-same-day"].urgency.value == "urgent"
    # The neck's own warning signs, from the neck sources.
    assert {"mpft-nhs-neck-pain", "mccartney-2017-cervical-myelopathy-primary-care"} <= cited(ends["neck-same-day"])
    signs = next(a.label for a in check.answers if walk(p, NECK_START[pid] + [a.label]).id == "neck-same-day")
    assert all(word in signs for word in ("clumsy", "arms", "walking"))
    # Results that cannot be sourced for the neck say so plainly.
    assert "lower back" in ends["neck-see-doctor"].text
    # Every answer that mentions the neck leads into the neck steps, never into low back results.
    for node in p.nodes:
        for answer in getattr(node, "answers", []):
            if "neck" in answer.label.lower():
                assert answer.next == "neck-check", f"{pid}/{node.id}: {answer.label!r}"


AFTER_INJECTION = [  # what the same-day level must name, in the words a reader checks against
    "{{ temperature 38 }}", "hot and unwell", "needle went in", "pus",
    "worse when you sit or stand and eases when you lie down", "numbing medicine that has not worn off",
    "severe back pain together with a fever",
]


def test_same_day_level_names_the_after_injection_signs_each_cited(site):
    signs = site.warning_signs.levels["urgent"].signs
    text = " ".join(s.text for s in signs)
    for phrase in AFTER_INJECTION:
        assert phrase in text, phrase
    assert all(keys_in(s.text) for s in signs), "every sign cites its source"
    # The red flags are spelled out, not "doctors have a list".
    for phrase in ("had cancer", "losing weight", "weak immune system", "fall or injury"):
        assert phrase in text, phrase
    assert "Doctors have a list" not in text


def test_emergency_and_same_day_levels_differ_in_words(site):
    levels = site.warning_signs.levels
    assert levels["emergency"].heading.startswith("Emergency:")
    assert levels["urgent"].heading.startswith("Same day, not an emergency:")
    for p in site.pathways:
        nodes = {n.id: n for n in p.nodes}
        assert nodes["warning-signs"].title.startswith("Emergency check")
        assert nodes["urgent-signs"].title.startswith("Same-day check")
        assert nodes["get-help-now"].title.startswith("Emergency:")
        assert nodes["call-today"].title.startswith("Same day:")


def test_warning_signs_page_and_every_pathway_screen_name_the_after_injection_signs(site, files):
    page = files["warning-signs.md"]
    assert "100.4 °F (38 °C)" in page and "{{" not in page
    assert "What is normal after an injection" in page  # expected numbness is explained
    for p in site.pathways:
        screen = files[f"{p.id}/urgent-signs.md"]
        for phrase in ("100.4 °F (38 °C)", "needle went in", "eases when you lie down", "has not worn off"):
            assert phrase in screen, (p.id, phrase)
        # One rule for numbness from the numbing medicine, the same on every screen: getting better
        # is expected (no one is sent to the emergency room for it), not worn off after a few hours
        # is same day, getting worse or coming back is an emergency.
        assert "slowly getting better is expected" in screen
        first = files[f"{p.id}/warning-signs.md"]
        assert "one or both legs" in first and "comes back after it had gone" in first
        # The emergency card on the pathway's other pages names the after-injection emergencies too.
        card = files[f"{p.id}/index.md"]
        assert "pw-card--emergency" in card and "After an injection, trouble breathing" in card


HARD_CODED = re.compile(r"\b911\b|emergency room|urgent care|°[CF]|\b\d+(\.\d+)? ?degrees\b", re.I)


def test_locale_facts_are_never_typed_into_pages_or_pathways():
    skip = {"content/site.yaml", "content/authors-guide.md", "content/bibliography.yaml"}
    found = []
    for path in sorted([*(ROOT / "content").rglob("*.md"), *(ROOT / "content").rglob("*.yaml"),
                        *(ROOT / "pathways").glob("*.yaml")]):
        rel = path.relative_to(ROOT).as_posix()
        if rel in skip:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
            if HARD_CODED.search(line):
                found.append(f"{rel}:{number}: {line.strip()[:80]}")
    assert found == []


INJECTION_PAGES = {f"options/{s}" for s in (
    "epidural-steroid-injections", "facet-joint-injections", "sacroiliac-joint-injections",
    "trigger-point-injections", "radiofrequency-ablation", "medial-branch-blocks")}


def test_every_result_that_discusses_another_injection_links_before_another_injection(site):
    for p in site.pathways:
        for node in p.nodes:
            if isinstance(node, Outcome) and INJECTION_PAGES & set(node.options):
                linked = "before-another-injection" in node.options or "/before-another-injection.md" in node.text
                assert linked, f"{p.id}/{node.id}"


def test_every_pathway_links_why_an_injection_may_not_have_worked_early(site):
    link = "/why-an-injection-may-not-work.md"
    for p in site.pathways:
        assert link in p.summary, p.id
        nodes = {n.id: n for n in p.nodes}
        after_screens = walk(p, NO_SIGNS)
        first_back_step = after_screens if p.id != "after-facet-injection" else nodes["injection-type"]
        reached = [first_back_step] + [nodes[a.next] for a in getattr(first_back_step, "answers", [])]
        assert any(link in (n.text or "") for n in reached), p.id


def test_no_placeholder_is_left_unfilled_anywhere_a_reader_sees(files):
    # Also as Markdown-escaped text (\{\{ emergency\_number \}\}), which a reader would see as typed.
    names = ("emergency_number", "emergency_service", "urgent_care")
    left = [rel for rel, data in files.items()
            if isinstance(data, str) and rel != "authors-guide.md"
            and ("{{" in data or "\\{\\{" in data or any(n in data or n.replace("_", "\\_") in data for n in names))]
    assert left == []


def test_long_standing_symptoms_are_not_sent_to_the_emergency_or_same_day_lists(site):
    """Pain in both legs on walking (stenosis) or the arm numbness a neck shot was for is not new:
    the emergency and neck signs say "new" or "getting worse", so those readers reach their results."""
    emergency = " ".join(s.text for s in site.warning_signs.levels["emergency"].signs)
    assert "New pain, numbness or weakness in both legs" in emergency
    for p in site.pathways:
        neck = {n.id: n for n in p.nodes}["neck-check"]
        assert "have become clumsy" in neck.answers[0].label and "new weakness" in neck.answers[0].label


def test_too_soon_to_tell_waits_with_the_warning_signs(site):
    p = pathway(site, "after-epidural-injection")
    end = walk(p, NO_SIGNS + ["It's too soon to tell"])
    assert end.id == "too-soon-to-tell" and end.urgency.value == "routine"
    # The time frame is the after-procedure leaflet's ("days to weeks"), and the signs are linked.
    assert "royalfree-after-pain-procedure" in cited(end) and "days to weeks" in end.text
    assert "{{ emergency_number }}" in end.text and "/warning-signs.md" in end.text


def test_pain_after_surgery_puts_care_without_an_implant_first(site):
    end = {n.id: n for n in pathway(site, "after-epidural-injection").nodes}["pain-after-surgery"]
    assert end.options[:3] == ["conditions/pain-after-back-surgery", "options/multidisciplinary-rehabilitation",
                               "options/psychological-approaches"]
    # Pain pumps have no page (our sources say nothing about them for back pain), so no card.
    assert "options/intrathecal-pumps" not in end.options
    assert end.text.index("kamper-2015-mbr") < end.text.index("kumar-2007-process")


def test_facet_block_with_some_relief_or_an_unknown_shot_gets_its_own_result(site):
    p = pathway(site, "after-facet-injection")
    lower = NO_SIGNS + ["In my lower back"]
    unclear = walk(p, lower + ["A medial branch block", "Some relief, but not a lot"])
    assert unclear.id == "block-unclear"
    assert {"cohen-2020-facet-consensus", "bogduk-2010-diagnostic-blocks"} <= cited(unclear)
    # "Not sure" no longer assumes a shot into the joint: it asks the reader to find out.
    unknown = walk(p, lower + ["I'm not sure"])
    assert unknown.id == "find-out-shot-type" and "/after-facet-injection/injection-type.md" in unknown.text
