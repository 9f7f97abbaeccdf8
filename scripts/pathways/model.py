"""The one definition of what authors write: pathways, page front matter, warning signs.

The JSON Schema that editors use (schema/pathway.schema.json) is generated from
`Pathway`; `pathways schema` rewrites it and a test fails when it is stale.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from typing import Annotated, Literal, NamedTuple, Union, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from .words import catalogue

# \Z, not $: "$" also matches before a final line break, and "x\n" is no id.
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")
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


# Editors read the pattern as JSON Schema (ECMA-262) regex, which has no \Z and whose $ already
# matches only at the very end.
Slug = Annotated[str, AfterValidator(_slug), Field(json_schema_extra={"pattern": SLUG.pattern.replace("\\Z", "$")})]
Markdown = Annotated[str, Field(description="Markdown text; may cite sources as [@key] or [@key1; @key2].")]
# Checked against the ICD-10-CM code set in validate.py (codes.py); EHRs find the page by these (outputs/connect.py).
Codes = Annotated[list[str], Field(
    default_factory=list, description="ICD-10-CM diagnosis codes this fits, as the code set writes them (M54.16); "
                                      "an EHR attaches the page to a patient with one of these codes.",
    examples=[["M54.16", "M54.17"]])]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Urgency(str, Enum):
    """How soon the reader should act; what each value tells the reader is in schema.py."""

    routine = "routine"
    soon = "soon"
    urgent = "urgent"
    emergency = "emergency"


class Answer(Strict):
    label: str = Field(description="What the reader taps, in their own words.", examples=["Not at all"])
    next: Slug = Field(description="Id of the step this answer leads to.", examples=["talk-soon"])
    hint: str | None = Field(None, description="Optional short explanation under the answer.",
                             examples=["For example, a few days or weeks."])


class Exit(NamedTuple):
    """One way out of a step: the answer's words (None: the reader just goes on), the step it
    leads to, and where it is written in the step (for messages at the right line)."""

    label: str | None
    next: str
    loc: tuple


class NodeBase(Strict):
    """A step. Each kind of step is a subclass listed in NODE_KINDS below, which says what the
    author writes (its fields), where it leads (`exits`), what else the flow and the page need
    to know (`facts`) and its own rules (`problems`); it is shown by templates/nodes/<kind>.md.j2
    and named to readers by the word catalogue (locales/en.yaml, `kinds`). Nothing else in the
    generator names a kind."""

    id: Slug = Field(description="Stable id: the step's address is /<pathway-id>/<step-id>/. To rename a published "
                                 "step, use `pathways rename`.", examples=["how-much-help"])
    title: str = Field(description="Heading of the step (for a question: the question itself).",
                       examples=["How much did the injection help?"])
    text: Markdown | None = Field(None, description="What the reader should know at this step, in Markdown; cite "
                                                    "each clinical statement as [@key].",
                                  examples=["Fever after an injection needs to be checked the same day [@nhs-cauda-equina]."])
    aliases: list[Slug] = Field(default_factory=list, description="Former ids; their addresses redirect here.",
                                examples=[["old-step-id"]])
    short_link: Slug | None = Field(
        None, description="Short path for a step clinicians send often: /go/<short_link>/. Never change it once published.",
        examples=["esi-help-now"],
    )

    @property
    def template(self) -> str:
        return f"nodes/{self.kind}.md.j2"

    def exits(self) -> list[Exit]:
        """Where this step leads; none for a result, where the pathway ends."""
        return []

    def facts(self) -> dict:
        """What the flow JSON and the page's front matter carry besides id, kind and title."""
        return {}

    def problems(self, page_of) -> list[tuple[tuple, str]]:
        """This kind's own rules, as (place in the step, message); `page_of(path)` is a content
        page's front matter or None."""
        return []


class Question(NodeBase):
    kind: Literal["question"] = Field(description="question: the reader picks one of its answers.", examples=["question"])
    warning_signs: Literal["emergency", "urgent"] | None = Field(
        None, description="Show this level of the warning-signs list (content/warning-signs.yaml) here.",
        examples=["emergency"])
    # At least two; the check says so in words (minItems is for editors as they type).
    answers: list[Answer] = Field(description="The choices, at least two.", json_schema_extra={"minItems": 2},
                                  examples=[[{"label": "Yes", "next": "same-day"}, {"label": "No", "next": "talk-soon"}]])

    def exits(self) -> list[Exit]:
        return [Exit(a.label, a.next, ("answers", j, "next")) for j, a in enumerate(self.answers)]

    def problems(self, page_of) -> list[tuple[tuple, str]]:
        found = []
        if len(self.answers) < 2:
            found.append((("answers",), f'the question "{self.id}" needs at least two answers'))
        labels = [a.label for a in self.answers]
        found += [(("answers", j, "label"), f'the answer "{label}" appears twice in this question')
                  for j, label in enumerate(labels) if labels.index(label) != j]
        return found


class Info(NodeBase):
    kind: Literal["info"] = Field(description="info: something to know before going on to one next step.",
                                  examples=["info"])
    next: Slug = Field(description="Id of the step that comes after this one.", examples=["new-symptoms"])

    def exits(self) -> list[Exit]:
        return [Exit(None, self.next, ("next",))]


class Outcome(NodeBase):
    kind: Literal["outcome"] = Field(description="outcome: a result, where the pathway ends.", examples=["outcome"])
    urgency: Urgency = Field(description="How soon the reader should act (what each value tells the reader is "
                                         "listed with the values).", examples=["soon"])
    options: list[str] = Field(
        default_factory=list,
        description="Pages to discuss, as paths under content/ without .md (e.g. options/radiofrequency-ablation).",
        examples=[["options/physical-therapy"]],
    )
    ask: list[str] = Field(default_factory=list, description="Questions to take to the next visit.",
                           examples=[["What else could be causing my pain?"]])
    codes: Codes

    def facts(self) -> dict:
        return {"urgency": self.urgency.value}

    def problems(self, page_of) -> list[tuple[tuple, str]]:
        found = []
        for j, target in enumerate(self.options):
            meta = page_of(target)
            if meta is None:
                found.append((("options", j), f'"{target}" is not a page in content/ (expected content/{target}.md)'))
            elif meta.type == PageType.option and meta.summary is None:
                # The result compares its options side by side, from each option page's summary.
                found.append((("options", j),
                              f'"{target}" is an option this result compares, but content/{target}.md has '
                              'no "summary:" in its front matter: add one with what, works, risks, involves '
                              'and lasts (see "How pages look" in the authors\' guide)'))
        return found


# The kinds of step, in the order messages list them. A new kind: its model above, one entry here,
# its template (templates/nodes/<kind>.md.j2) and its words (locales/en.yaml, `kinds`).
NODE_KINDS = (Question, Info, Outcome)
KINDS = {get_args(cls.model_fields["kind"].annotation)[0]: cls for cls in NODE_KINDS}
Node = Annotated[Union[NODE_KINDS], Field(discriminator="kind")]


class FlowTest(Strict):
    answers: list[str] = Field(description="Answer labels, in the order they are tapped.",
                               examples=[["No, none of these", "Not at all"]])
    expect: Slug = Field(description="Id of the result (outcome) these answers must reach.", examples=["talk-soon"])


class Reviewed(Strict):
    reviewed_by: str = Field(description="Who last reviewed it: name and role.", examples=["A. Clinician, pain nurse"])
    last_reviewed: dt.date = Field(description="When the whole of it was last reviewed (YYYY-MM-DD). Run "
                                               "`pathways diff` to see what changed since.", examples=["2026-11-15"])
    next_review: dt.date = Field(description="When it is due for review again; after last_reviewed.",
                                 examples=["2027-11-15"])


# The review fields, as every generated page's front matter has them.
REVIEW_DATES = frozenset(Reviewed.model_fields)


class Pathway(Reviewed):
    id: Slug = Field(description="Stable id, the same as the file name; it becomes the pathway's address /<id>/.",
                     examples=["after-epidural-injection"])
    aliases: list[Slug] = Field(default_factory=list, description="Former ids of the pathway (`pathways rename OLD NEW` "
                                "adds them): every address under /<former-id>/ redirects to the same page under /<id>/.",
                                examples=[["after-epidural"]])
    title: str = Field(description="The pathway's title, as readers see it.",
                       examples=["After an epidural steroid injection that did not help"])
    summary: Markdown = Field(description="One or two sentences: who this is for and what it helps them decide.",
                              examples=["For people whose back or leg pain did not get better after an injection."])
    audience: str = Field(description="Who the pathway is for, shown on its overview.",
                          examples=["Adults whose pain did not improve after an injection."])
    start: Slug = Field(description="Id of the first step.", examples=["warning-signs"])
    short_link: Slug | None = Field(None, description="Short path for clinicians: /go/<short_link>/.", examples=["esi"])
    sources: list[str] = Field(default_factory=list, description="Extra bibliography keys for the overview.",
                               examples=[["nice-ng59-2016"]])
    codes: Codes
    nodes: list[Node] = Field(description="The steps: questions, information and results (outcomes).", examples=[[
        {"id": "talk-soon", "kind": "outcome", "urgency": "soon", "title": "Book a visit to talk about other options"}]])
    tests: list[FlowTest] = Field(default_factory=list, description="Flow tests: answers tapped in order and the result "
                                                                    "they must reach. Every result needs one.",
                                  examples=[[{"answers": ["No, none of these", "Not at all"], "expect": "talk-soon"}]])


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

    # The examples are the radiofrequency ablation page's own summary (content/options/).
    what: Markdown = Field(description="What it is, in a sentence.", examples=[
        "A special needle heats a small nerve, to stop it from carrying pain signals [@maas-2015-cochrane-rf]."])
    works: Markdown = Field(description="How well it works and how sure we are.", examples=[
        "UK advice is to consider it only after a positive test block [@nice-ng59-2016]."])
    risks: Markdown = Field(description="The main risks and side effects.", examples=[
        "The studies we use do not give figures for side effects."])
    involves: Markdown = Field(description="What it involves for the reader.", examples=[
        "You lie on your front. The doctor guides the needle to the nerve with X-ray images, numbs the area, "
        "then heats the nerve [@cohen-2020-facet-consensus]."])
    lasts: Markdown = Field(description="How long relief lasts.", examples=[
        "A benefit over placebo in the short term [@maas-2015-cochrane-rf]."])


class PageMeta(Reviewed):
    """Front matter of a hand-written page in content/."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    title: str = Field(description="The page's title and only main heading.", examples=["Radiofrequency ablation"])
    description: str = Field(description="One sentence for search results and link previews.",
                             examples=["Heat on a small nerve to stop it sending pain signals."])
    type: PageType = Field(description="option, test and condition pages must have their sections in order.",
                           examples=["option"])
    clinical: bool = Field(True, description="False only for pages that make no clinical claim.", examples=[False])
    audience: Literal["patients", "clinicians", "authors"] = Field(
        "patients", description="Patient pages are held to the reading-level limit.", examples=["patients"])
    aliases: list[str] = Field(default_factory=list, description="Former paths (under content/, no .md).",
                               examples=[["options/old-name"]])
    hide: list[str] = Field(default_factory=list, description="mkdocs-material: parts of the page to hide.",
                            examples=[["toc"]])
    codes: Codes
    summary: OptionSummary | None = Field(
        None, description="Option pages: the five-part summary results compare (required once a result lists the page).",
        examples=[{"what": "A special needle heats a small nerve, to stop it from carrying pain signals.",
                   "works": "It may ease facet joint pain a little for a while.",
                   "risks": "The studies we use do not give figures for side effects.",
                   "involves": "You lie on your front while the doctor guides the needle with X-ray images.",
                   "lasts": "A benefit over placebo in the short term."}])


# The sections every page of a type must have, as "## " headings in this order (in the catalogue,
# locales/<language>.yaml `sections`, as a translated page has them in its own language).
REQUIRED_SECTIONS: dict[PageType, tuple[str, ...]] = {
    PageType(kind): tuple(names) for kind, names in catalogue("en")["sections"].items()}


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


class LocaleWords(Strict):
    """A translation's own settings: the site's name and the locale's words in its language (the
    number and units are the same everywhere)."""

    site_name: str = Field(description="The site's name in this language (mkdocs.yml's site_name in English).",
                           examples=["Después de una inyección que no le ayudó"])
    site_description: str = Field(description="One sentence about the site, in this language.")
    emergency_service: str = Field(pattern=_LOCALE_WORDS, examples=["sala de emergencias"])
    urgent_care: str = Field(pattern=_LOCALE_WORDS, examples=["un centro de atención de urgencia"])


class SiteReview(Reviewed):
    """content/site.yaml: review dates for the pages made from other files (lists, glossary, references),
    the site's locale, and the languages it is translated into (with the locale's words in each)."""

    locale: Locale = Field(default_factory=Locale)
    translations: dict[Slug, LocaleWords] = Field(
        default_factory=dict, description="Each language the site is translated into (pathways/<language>/, "
                                          "content/<language>/) and the locale's words in it.")


class Glossary(Strict):
    terms: dict[str, str]
