"""The pathways as FHIR R4 resources (outputs/fhir.py): each validates with fhir.resources (R4B
models), and the Questionnaire's enableWhen rules, evaluated as a FHIR form filler would, enable
exactly the questions and the result of every flow test of every pathway, ours and the example."""

from __future__ import annotations

import json

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.plandefinition import PlanDefinition
from fhir.resources.R4B.questionnaire import Questionnaire

from pathways import outputs, pipeline
from pathways.validate import load_site

from support import ROOT, TODAY, add_translation

MODELS = {"Questionnaire": Questionnaire, "PlanDefinition": PlanDefinition, "Bundle": Bundle}


def built(root):
    """The site and its FHIR files, emitted by the pipeline (with its translations, if it has any)."""
    report = pipeline.run(root, TODAY)
    assert report.problems == []
    return report.site, {rel: json.loads(data) for rel, data in report.files.items() if rel.startswith("fhir/")}


@pytest.fixture(scope="module")
def ours():
    return built(ROOT)


def test_every_resource_validates(ours, project):
    for site, resources in (ours, built(project)):
        assert set(resources) == {"fhir/bundle.json"} | {f"fhir/{kind}/{p.id}.json" for p in site.pathways
                                                         for kind in ("Questionnaire", "PlanDefinition")}
        for rel, data in resources.items():
            model = MODELS[data["resourceType"]].model_validate(data)
            # Nothing was dropped or renamed on the way through the model.
            assert json.loads(model.model_dump_json(exclude_none=True)) == data, rel
        bundle = resources["fhir/bundle.json"]
        assert [e["resource"] for e in bundle["entry"]] == [
            resources[f"fhir/{kind}/{p.id}.json"] for p in site.pathways for kind in ("Questionnaire", "PlanDefinition")]


def enabled(questionnaire: dict, answers: dict[str, str]) -> set[str]:
    """The items a form filler shows, given each answered question's answer code: FHIR's enableWhen
    with operator "=" on a coding, any or all of the rules; answers to hidden items do not count."""
    shown: set[str] = set()
    items = questionnaire["item"]
    for _ in items:  # until nothing changes: an item's rules may name items after it
        before = set(shown)
        for item in items:
            rules = item.get("enableWhen")
            if not rules:
                shown.add(item["linkId"])
                continue
            met = [rule["operator"] == "=" and rule["question"] in shown
                   and answers.get(rule["question"]) == rule["answerCoding"]["code"] for rule in rules]
            if (any(met) if item.get("enableBehavior", "all") == "any" else all(met)):
                shown.add(item["linkId"])
            else:
                shown.discard(item["linkId"])
        if shown == before:
            return shown
    return shown


def walk(questionnaire: dict, labels: list[str]) -> tuple[dict[str, str], list[str]]:
    """Answer codes for a flow test's answer labels, found by following the Questionnaire's own
    answer options (each time, the one question shown and not yet answered), and the questions answered on the way."""
    answers, asked = {}, []
    for label in labels:
        question = next(item for item in questionnaire["item"] if item["type"] == "choice"
                        and item["linkId"] in enabled(questionnaire, answers) and item["linkId"] not in answers)
        option = next(o["valueCoding"] for o in question["answerOption"] if o["valueCoding"]["display"] == label)
        answers[question["linkId"]] = option["code"]
        asked.append(question["linkId"])
    return answers, asked


def flow_cases(root):
    site, resources = built(root)
    for pathway in site.pathways:
        for number, test in enumerate(pathway.tests, 1):
            yield pytest.param(resources[f"fhir/Questionnaire/{pathway.id}.json"], pathway, test,
                               id=f"{pathway.id}-test-{number}")


@pytest.mark.parametrize("questionnaire, pathway, test", list(flow_cases(ROOT)))
def test_enable_when_reproduces_every_flow_test(questionnaire, pathway, test):
    from pathways.graph import Graph

    graph = Graph(pathway)
    # The route the site takes for these answers: the steps passed, from the start.
    route, step, given = [], pathway.start, list(test.answers)
    while True:
        route.append(step)
        exits = graph[step].exits()
        if not exits:
            break
        exit = exits[0] if exits[0].label is None else next(e for e in exits if e.label == given[0])
        if exit.label is not None:
            given.pop(0)
        step = exit.next
    answers, asked = walk(questionnaire, test.answers)
    shown = enabled(questionnaire, answers)
    kinds = {item["linkId"]: item for item in questionnaire["item"]}
    questions = {i for i in shown if kinds[i]["type"] == "choice"}
    results = {i for i in shown if kinds[i]["type"] == "display" and not graph[i].exits()}
    assert questions == {s for s in route if graph[s].exits() and graph[s].exits()[0].label is not None}
    assert set(asked) == questions
    assert results == {test.expect}
    assert {i for i in shown if kinds[i]["type"] == "display"} == {s for s in route if kinds[s]["type"] == "display"}


def test_the_example_too(project):
    site, resources = built(project)
    (pathway,) = site.pathways
    questionnaire = resources["fhir/Questionnaire/example.json"]
    for test in pathway.tests:
        answers, asked = walk(questionnaire, test.answers)
        shown = enabled(questionnaire, answers)
        assert {i["linkId"] for i in questionnaire["item"] if i["linkId"] in shown and "prefix" in i} == {test.expect}


def test_questions_carry_coded_answers_and_results_their_urgency(ours):
    _, resources = ours
    q = resources["fhir/Questionnaire/after-epidural-injection.json"]
    first = q["item"][0]
    assert first["linkId"] == "warning-signs" and first["type"] == "choice" and "enableWhen" not in first
    assert first["answerOption"][0]["valueCoding"] == {
        "system": "https://example.org/fhir/Questionnaire/after-epidural-injection/answers",
        "code": "warning-signs.1", "display": first["answerOption"][0]["valueCoding"]["display"]}
    emergency = next(i for i in q["item"] if i["linkId"] == "get-help-now")
    assert emergency["type"] == "display" and emergency["prefix"] == "Emergency"
    assert {"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "M54.16",
            "display": "Radiculopathy, lumbar region"} in q["code"]


def test_the_plan_lists_each_result_with_urgency_options_and_its_page(ours):
    site, resources = ours
    plan = resources["fhir/PlanDefinition/after-epidural-injection.json"]
    assert plan["type"]["coding"][0]["code"] == "clinical-protocol"
    (pathway,) = [p for p in site.pathways if p.id == "after-epidural-injection"]
    results = [n for n in pathway.nodes if not n.exits()]
    assert [a["id"] for a in plan["action"]] == [n.id for n in results]
    stenosis = next(a for a in plan["action"] if a["id"] == "stenosis-options")
    assert stenosis["priority"] == "routine" and stenosis["code"][0]["coding"][0]["code"] == "routine"
    assert stenosis["documentation"][0] == {
        "type": "documentation", "display": stenosis["title"],
        "url": "https://example.org/after-epidural-injection/stenosis-options/",
        "document": {"contentType": "text/html", "language": "en",
                     "url": "https://example.org/after-epidural-injection/stenosis-options/"}}
    # ... and its Spanish twin, with the Spanish title.
    assert [(d["document"]["language"], d["url"]) for d in stenosis["documentation"][1:]] == [
        ("es", "https://example.org/es/after-epidural-injection/stenosis-options/")]
    assert stenosis["documentation"][1]["display"].startswith("Hable sobre opciones")
    node = next(n for n in results if n.id == "stenosis-options")
    assert [o["documentation"][0]["url"] for o in stenosis["action"]] == [
        f"https://example.org/{target}/" for target in node.options]
    assert stenosis["reason"] == [{"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "M48.061",
                                               "display": "Spinal stenosis, lumbar region without neurogenic claudication"}]},
                                  {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "M48.062",
                                               "display": "Spinal stenosis, lumbar region with neurogenic claudication"}]}]
    emergency = next(a for a in plan["action"] if a["id"] == "get-help-now")
    assert emergency["priority"] == "stat"


def test_a_result_with_a_spanish_twin_documents_both(project):
    add_translation(project)
    _, resources = built(project)
    plan = resources["fhir/PlanDefinition/example.json"]
    talk = next(a for a in plan["action"] if a["id"] == "talk-soon")
    assert [(d["document"]["language"], d["url"]) for d in talk["documentation"]] == [
        ("en", "https://example.org/example/talk-soon/"), ("es", "https://example.org/es/example/talk-soon/")]
    PlanDefinition.model_validate(plan)
