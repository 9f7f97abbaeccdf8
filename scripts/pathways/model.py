"""The one definition of what authors write: pathways, page front matter, warning signs.

The JSON Schema that editors use (schema/pathway.schema.json) is generated from
`Pathway`; `pathways schema` rewrites it and a test fails when it is stale.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from typing import Annotated, Literal, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Node ids that would clash with pages the generator writes into a pathway's folder.
RESERVED_NODE_IDS = {"index", "decide"}


def _slug(value: str) -> str:
    if not SLUG.match(value):
        suggestion = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "my-id"
        raise ValueError(
            f'"{value}" is not a safe id: use only lowercase letters, digits and single '
            f'hyphens (for example "{suggestion}")'
        )
    return value


Slug = Annotated[str, AfterValidator(_slug)]
Markdown = Annotated[str, Field(description="Markdown text; may cite sources as [@key] or [@key1; @key2].")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Urgency(str, Enum):
    routine = "routine"
    soon = "soon"
    urgent = "urgent"
    emergency = "emergency"


class Answer(Strict):
    label: str = Field(description="What the reader clicks, in their own words.")
    next: Slug = Field(description="Id of the node this answer leads to.")
    hint: str | None = Field(None, description="Optional short explanation under the answer.")


class NodeBase(Strict):
    id: Slug = Field(description="Stable id: the step's URL is /<pathway-id>/<node-id>/.")
    title: str = Field(description="Heading of the step (for a question: the question itself).")
    text: Markdown | None = None
    aliases: list[Slug] = Field(default_factory=list, description="Former ids; their URLs redirect here.")
    short_link: Slug | None = Field(
        None, description="Short path for a step clinicians send often: /go/<short_link>/. Never change it once published.",
    )


class Question(NodeBase):
    kind: Literal["question"]
    warning_signs: Literal["emergency", "urgent"] | None = Field(
        None, description="Show this level of the warning-signs list (content/warning-signs.yaml) here.")
    answers: list[Answer]


class Info(NodeBase):
    kind: Literal["info"]
    next: Slug


class Outcome(NodeBase):
    kind: Literal["outcome"]
    urgency: Urgency
    options: list[str] = Field(
        default_factory=list,
        description="Pages to discuss, as paths under content/ without .md (e.g. options/radiofrequency-ablation).",
    )
    ask: list[str] = Field(default_factory=list, description="Questions to take to the next visit.")


Node = Annotated[Union[Question, Info, Outcome], Field(discriminator="kind")]


class FlowTest(Strict):
    answers: list[str] = Field(description="Answer labels, in the order they are clicked.")
    expect: Slug = Field(description="Id of the outcome these answers must reach.")


class Reviewed(Strict):
    reviewed_by: str
    last_reviewed: dt.date
    next_review: dt.date


class Pathway(Reviewed):
    id: Slug = Field(description="Stable id; it becomes the pathway's URL.")
    title: str
    summary: Markdown
    audience: str
    start: Slug
    short_link: Slug | None = Field(None, description="Short path for clinicians: /go/<short_link>/.")
    sources: list[str] = Field(default_factory=list, description="Extra bibliography keys for the overview.")
    nodes: list[Node]
    tests: list[FlowTest] = Field(default_factory=list)


class PageType(str, Enum):
    option = "option"
    test = "test"
    condition = "condition"
    about = "about"
    home = "home"
    guide = "guide"


class OptionSummary(Strict):
    """An option page's summary in five fixed parts. Results that list the option show these side by
    side with the other options (an Option Grid-style comparison), so every option is described under
    the same headings. Write each part from what the page itself says, with the same citations."""

    what: Markdown = Field(description="What it is, in a sentence.")
    works: Markdown = Field(description="How well it works and how sure we are.")
    risks: Markdown = Field(description="The main risks and side effects.")
    involves: Markdown = Field(description="What it involves for the reader.")
    lasts: Markdown = Field(description="How long relief lasts.")


class PageMeta(Reviewed):
    """Front matter of a hand-written page in content/."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    title: str
    description: str
    type: PageType
    clinical: bool = Field(True, description="False only for pages that make no clinical claim.")
    audience: Literal["patients", "clinicians", "authors"] = "patients"
    aliases: list[str] = Field(default_factory=list, description="Former paths (under content/, no .md).")
    hide: list[str] = Field(default_factory=list, description="mkdocs-material: parts of the page to hide.")
    summary: OptionSummary | None = Field(
        None, description="Option pages: the five-part summary results compare (required once a result lists the page).")


# The sections every page of a type must have, as "## " headings in this order.
REQUIRED_SECTIONS: dict[PageType, tuple[str, ...]] = {
    PageType.option: (
        "What it is", "Who it may help", "What happens", "How well it works and how sure we are",
        "Risks and side effects", "How long relief lasts", "Questions to ask",
    ),
    PageType.test: (
        "What it is", "Who it may help", "What happens", "How well it works and how sure we are",
        "Risks and side effects", "What the results can and cannot tell you", "Questions to ask",
    ),
    PageType.condition: (
        "What it is", "Common signs", "How it is found", "Treatments to discuss",
        "When to get help urgently", "Questions to ask",
    ),
}


class Sign(Strict):
    text: Markdown


class SignLevel(Strict):
    heading: str
    signs: list[Sign]


class WarningSigns(Reviewed):
    title: str
    description: str
    intro: Markdown = ""
    levels: dict[Literal["emergency", "urgent"], SignLevel]


# Locale values are pasted into Markdown, HTML and JSON alike, so they may hold no character
# that means something in any of them.
_LOCALE_WORDS = r"^[^\W\d_][\w .()/-]*$"


class Locale(Strict):
    """Facts that differ by country, written once for the whole site (see placeholders.py)."""

    emergency_number: str = Field("911", pattern=r"^[0-9]{2,6}$", description="The number to call in an emergency.")
    emergency_service: str = Field("emergency room", pattern=_LOCALE_WORDS,
                                   description='Where to go in an emergency, e.g. "emergency room".')
    urgent_care: str = Field("urgent care", pattern=_LOCALE_WORDS,
                             description='A walk-in service for same-day care, e.g. "urgent care".')
    temperature_unit: Literal["F", "C"] = Field("F", description="Show temperatures in °F first (F) or °C first (C).")


class SiteReview(Reviewed):
    """content/site.yaml: review dates for the pages made from other files (lists, glossary, references),
    and the site's locale."""

    locale: Locale = Field(default_factory=Locale)


class Glossary(Strict):
    terms: dict[str, str]
