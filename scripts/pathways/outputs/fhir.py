"""Each pathway as FHIR R4 resources, for portals and decision-support apps: /fhir/.

- /fhir/Questionnaire/<pathway>.json: a question item per question (its answers as answerOption
  codings, coded <step>.<n> as the site's own #answers= addresses count them), a display item per
  information step and per result, and enableWhen rules that reproduce the branching: a step is
  enabled when an answer that leads to it was given (through information steps, which need no
  answer). tests/unit/test_fhir.py replays every flow test through these rules.
- /fhir/PlanDefinition/<pathway>.json: a clinical protocol whose actions are the results, each
  with its urgency, the options to discuss and its page (and Spanish twin) as documentation.
- /fhir/bundle.json: all of them, as one collection.

Only the shape is written here; tests validate it with `fhir.resources` (R4B models, which match
R4 for these resources). Text is plain: titles, answer labels and each page's description.
"""

from __future__ import annotations

import re

from .. import codes as icd
from ..links import url_of
from ..render import Generated, json_text

FOLDER = "fhir"
BUNDLE = f"{FOLDER}/bundle.json"
PLAN_TYPE = "http://terminology.hl7.org/CodeSystem/plan-definition-type"
# FHIR's request priorities for our urgencies; the exact urgency is also the action's code.
PRIORITY = {"routine": "routine", "soon": "urgent", "urgent": "asap", "emergency": "stat"}
ALWAYS = None  # a condition term: the step is on every route (the start, or only information before it)


def resource_url(site_url: str, kind: str, pathway_id: str) -> str:
    return f"{site_url}/{FOLDER}/{kind}/{pathway_id}"


def _name(pathway_id: str) -> str:
    """A computable name, as FHIR wants it (a capital letter, then letters and digits)."""
    return "".join(part.capitalize() for part in re.split(r"[^a-z0-9]+", pathway_id))


def _date(day) -> str:
    return day.isoformat()


def _enabled_by(pathway) -> dict[str, set]:
    """For each step, the answers that enable it, as (question, answer position) pairs, or ALWAYS.
    A step that only information steps lead to takes their conditions: they need no answer. Walked
    without recursion (a pathway may have thousands of steps in a row)."""
    direct: dict[str, set] = {node.id: set() for node in pathway.nodes}
    passed_on: dict[str, list[str]] = {node.id: [] for node in pathway.nodes}
    direct[pathway.start].add(ALWAYS)
    for node in pathway.nodes:
        for position, exit in enumerate(node.exits()):
            if exit.label is None:  # one way on, nothing to answer: the next step is enabled when this one is
                passed_on[exit.next].append(node.id)
            else:
                direct[exit.next].add((node.id, position))
    terms: dict[str, set] = {}
    for target in direct:
        stack = [(target, False)]
        while stack:
            step, ready = stack.pop()
            if step in terms:
                continue
            if ready:
                terms[step] = direct[step].union(*(terms.get(before, set()) for before in passed_on[step]))
            else:
                stack.append((step, True))
                stack.extend((before, False) for before in passed_on[step] if before not in terms)
    return terms


def questionnaire(pathway, out, site_url: str) -> dict:
    url = resource_url(site_url, "Questionnaire", pathway.id)
    system = f"{url}/answers"
    urgency = out.words["urgency"]

    def coding(step, position: int, label: str) -> dict:
        return {"system": system, "code": f"{step}.{position + 1}", "display": label}

    labels = {(node.id, j): exit.label for node in pathway.nodes for j, exit in enumerate(node.exits())}
    order = {node.id: i for i, node in enumerate(pathway.nodes)}
    enabled_by = _enabled_by(pathway)
    items = []
    for node in pathway.nodes:
        exits = node.exits()
        answered = any(exit.label is not None for exit in exits)
        item = {"linkId": node.id, "text": node.title, "type": "choice" if answered else "display"}
        if not exits:  # a result: what it tells the reader to do
            item["prefix"] = urgency[node.facts()["urgency"]]["level"]
            if getattr(node, "codes", None):
                item["code"] = [_icd(code) for code in node.codes]
        if answered:
            item["required"] = True
            item["answerOption"] = [{"valueCoding": coding(node.id, j, exit.label)} for j, exit in enumerate(exits)]
        terms = enabled_by[node.id]
        if ALWAYS not in terms:
            item["enableWhen"] = [{"question": step, "operator": "=", "answerCoding": coding(step, j, labels[(step, j)])}
                                  for step, j in sorted(terms, key=lambda t: (order[t[0]], t[1]))]
            if len(terms) > 1:
                item["enableBehavior"] = "any"
        items.append(item)
    found = _common(pathway, out, site_url, "Questionnaire")
    if pathway.codes:
        found["code"] = [_icd(code) for code in pathway.codes]
    return {**found, "subjectType": ["Patient"], "item": items}


def _icd(code: str) -> dict:
    return {"system": icd.FHIR_SYSTEM, "code": code, "display": icd.title(code)}


def _common(pathway, out, site_url: str, kind: str) -> dict:
    overview = out.metas[f"{pathway.id}/index.md"]
    found = {"resourceType": kind, "id": pathway.id, "url": resource_url(site_url, kind, pathway.id),
             "version": _date(pathway.last_reviewed), "name": _name(pathway.id), "title": pathway.title,
             "status": "active", "date": _date(pathway.last_reviewed), "publisher": out.config.site_name,
             "description": str(overview["description"]),
             "approvalDate": _date(pathway.last_reviewed), "lastReviewDate": _date(pathway.last_reviewed),
             "effectivePeriod": {"start": _date(pathway.last_reviewed), "end": _date(pathway.next_review)}}
    return found


def _documentation(out, rel: str, title: str, site_url: str, language: str) -> list[dict]:
    """A page and its Spanish twin (if it has one) as documentation."""
    found = [{"type": "documentation", "display": title, "url": site_url + url_of(rel),
              "document": {"contentType": "text/html", "language": language, "url": site_url + url_of(rel)}}]
    twin = out.in_language(rel, "es")
    if twin:
        url, meta = twin
        found.append({"type": "documentation", "display": str(meta["title"]), "url": site_url + url,
                      "document": {"contentType": "text/html", "language": "es", "url": site_url + url}})
    return found


def plan_definition(site, pathway, out, site_url: str) -> dict:
    language, said = out.config.language, out.words["urgency"]
    actions = []
    for node in pathway.nodes:
        if node.exits():
            continue
        rel = f"{pathway.id}/{node.id}.md"
        level = node.facts()["urgency"]
        action = {"id": node.id, "title": node.title, "description": str(out.metas[rel]["description"]),
                  "code": [{"coding": [{"system": f"{site_url}/{FOLDER}/urgency", "code": level,
                                        "display": said[level]["level"]}], "text": said[level]["action"]}],
                  "priority": PRIORITY[level],
                  "documentation": _documentation(out, rel, node.title, site_url, language)}
        if getattr(node, "codes", None):
            action["reason"] = [{"coding": [_icd(code)]} for code in node.codes]
        options = [(target, site.page(target)) for target in getattr(node, "options", [])]
        if options:
            action["action"] = [{"title": meta.title, "description": meta.description,
                                 "documentation": _documentation(out, f"{target}.md", meta.title, site_url, language)}
                                for target, meta in options]
        actions.append(action)
    overview = f"{pathway.id}/index.md"
    found = _common(pathway, out, site_url, "PlanDefinition")
    if pathway.codes:
        found["topic"] = [{"coding": [_icd(code)]} for code in pathway.codes]
    return {**found,
            "type": {"coding": [{"system": PLAN_TYPE, "code": "clinical-protocol", "display": "Clinical Protocol"}]},
            "relatedArtifact": _documentation(out, overview, pathway.title, site_url, language) + [
                {"type": "composed-of", "display": pathway.title,
                 "resource": resource_url(site_url, "Questionnaire", pathway.id)}],
            "action": actions}


def emit(site, out):
    if not site.pathways:
        return
    site_url, entries = out.config.site_url, []
    for pathway in site.pathways:
        source = site.sources[pathway.id]
        for kind, resource in (("Questionnaire", questionnaire(pathway, out, site_url)),
                               ("PlanDefinition", plan_definition(site, pathway, out, site_url))):
            yield Generated(f"{FOLDER}/{kind}/{pathway.id}.json", json_text(resource), source)
            entries.append({"fullUrl": resource_url(site_url, kind, pathway.id), "resource": resource})
    latest = max(pathway.last_reviewed for pathway in site.pathways)
    yield Generated(BUNDLE, json_text({"resourceType": "Bundle", "id": "pathways", "type": "collection",
                                   "timestamp": f"{_date(latest)}T00:00:00Z", "entry": entries}), "content/site.yaml")
