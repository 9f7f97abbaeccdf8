"""The JSON Schemas editors use as they type (VS Code's YAML extension and others): one for
pathway files, one for the front matter of hand-written pages; and the contract of the pathway
JSON that flow.js reads, and of the answers by diagnosis code. All are generated from the models; `pathways schema` rewrites them and a
test fails when one is stale."""

from __future__ import annotations

import json

from .model import Locale, PageMeta, Pathway
from .placeholders import fill
from .render import URGENCY_WORDS

PATHWAY_SCHEMA = "schema/pathway.schema.json"
PAGE_SCHEMA = "schema/page.schema.json"
FLOW_SCHEMA = "schema/flow.schema.json"  # the pathway JSON flow.js reads (outputs/pathway_json.py)
CONNECT_SCHEMA = "schema/connect.schema.json"  # the Infobutton answers by diagnosis code (outputs/connect.py)


def pathway_schema() -> dict:
    schema = Pathway.model_json_schema()
    urgency = schema["$defs"]["Urgency"]
    # What each value tells the reader, in the words the result page shows (one place: render.py),
    # with the default locale's numbers and services (a site's own are in content/site.yaml).
    said = {value: fill(URGENCY_WORDS[value], Locale()) for value in urgency["enum"]}
    urgency["description"] = "How soon the reader should act. " + " ".join(
        f"{value}: the page says \u201c{said[value]}\u201d." for value in urgency["enum"])
    urgency["enumDescriptions"] = list(said.values())
    urgency["markdownEnumDescriptions"] = urgency["enumDescriptions"]
    return schema


def page_schema() -> dict:
    return PageMeta.model_json_schema()


def flow_schema() -> dict:
    from .outputs.pathway_json import FlowPathway

    return FlowPathway.model_json_schema()


def connect_schema() -> dict:
    from .outputs.connect import Response

    return Response.model_json_schema(by_alias=True)


def text(schema: dict) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
