"""Checks that keep what authors write from harming readers or the site.

- Markup: every Markdown fragment (pathway summaries and steps, warning signs, pages) is
  rendered as the site renders it and must pass the allow-list unchanged (sanitise.py).
- Glossary terms become tooltips (`*[term]: meaning`): a term must be plain words.
- Addresses: no pathway, step, former id, short link or page may take an address (or a
  file) that another one, or the generator or theme, already has.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from .links import moved_with_pathway, url_of
from .load import Document, Page
from .model import Pathway
from .problems import Problem
from .sanitise import MarkdownChecker, author_markdown, position, theme_resources


@functools.lru_cache(maxsize=4)
def checker(root: Path) -> MarkdownChecker:
    return MarkdownChecker(root)


# ---------------------------------------------------------------- markup

def yaml_markup(doc: Document, root: Path, fields: list[tuple[tuple, str]]) -> list[Problem]:
    """Problems for Markdown fields of a YAML file: (place in the file, text) each, shown as
    the templates show them (raw HTML off: author_markdown)."""
    problems = []
    for loc, text in fields:
        if not text:
            continue
        for _, needle, message in checker(root).problems_in(author_markdown(text)):
            line, col = doc.find(needle, loc) if needle else doc.where(loc)
            problems.append(Problem(doc.path, line, col, message))
    return problems


def pathway_markup(doc: Document, pathway: Pathway, root: Path) -> list[Problem]:
    fields = [(("summary",), pathway.summary)] + [(("nodes", i, "text"), node.text)
                                                  for i, node in enumerate(pathway.nodes)]
    return yaml_markup(doc, root, fields)


def warning_sign_markup(doc: Document, signs, root: Path) -> list[Problem]:
    fields = [(("intro",), signs.intro)]
    for level, group in signs.levels.items():
        fields += [(("levels", level, "signs", j, "text"), sign.text) for j, sign in enumerate(group.signs)]
    return yaml_markup(doc, root, fields)


def page_markup(page: Page, root: Path) -> list[Problem]:
    problems = []
    for offset, _, message in checker(root).problems_in(page.body):
        line, col = position(page.body, offset)
        problems.append(Problem(page.path, page.body_line + line, col, message))
    return problems


def theme_problems(root: Path) -> list[Problem]:
    """Images, scripts, stylesheets and frames from other hosts in theme/ and mkdocs.yml."""
    return [Problem(file, line, 1, message) for file, line, message in theme_resources(root)]


# ---------------------------------------------------------------- glossary

# Words, digits, spaces and the punctuation of ordinary terms (CT, X-ray, Crohn's, L4/L5, (SI) joint).
_TERM = re.compile(r"[^\W_][\w '’./()+-]*", re.UNICODE)


def glossary_problems(doc: Document, terms: dict[str, str], places: dict[str, tuple] | None = None) -> list[Problem]:
    """A problem for each term that is not plain words or has no meaning; `places`: where each term
    is in `doc`, when not at ("terms", term) (a translation keys its terms by the English ones)."""
    problems = []
    for term, meaning in terms.items():
        at = (places or {}).get(term, ("terms", term))
        if not _TERM.fullmatch(term) or term != term.strip():
            problems.append(doc.problem(at, f'the glossary term "{term}" should be plain words (letters, digits, '
                                            "spaces, hyphens, apostrophes, full stops, slashes, brackets)",
                                        at_key=True))
        elif not str(meaning).strip():
            problems.append(doc.problem(at, f'the glossary term "{term}" needs a meaning'))
    return problems


# ---------------------------------------------------------------- addresses

# What mkdocs, the theme and the generator write, whatever the authors do.
GENERATED_URLS = {
    "/pathways/": "the list of pathways the generator makes",
    "/references/": "the References page the generator makes",
    "/glossary/": "the Glossary page the generator makes",
    "/warning-signs/": "the Warning signs page the generator makes",
    "/clinicians/": "the clinicians' page the generator makes",
    "/clinicians/links.json": "the clinicians' link list the generator makes",
    "/404.html": "the theme's page for a missing address",
    "/sitemap.xml": "the sitemap mkdocs makes",
    "/sitemap.xml.gz": "the sitemap mkdocs makes",
}
GENERATED_FOLDERS = {
    "/go/": "the short links' folder",
    "/search/": "the search index's folder",
    "/assets/": "the theme's folder",
    "/connect/": "the pages by diagnosis code the generator makes",
    "/fhir/": "the FHIR resources the generator makes",
}


class Addresses:
    """Every address and file the build will write, and who writes it, so that nothing
    generated replaces anything else (urls.lock would not notice: the address still resolves)."""

    def __init__(self, root: Path):
        self.owner: dict[str, str] = dict(GENERATED_URLS)

    def _taken(self, url: str) -> str | None:
        if url in self.owner:
            return self.owner[url]
        for folder, owner in GENERATED_FOLDERS.items():
            if url.startswith(folder) or url == folder.rstrip("/"):
                return owner
        return None

    def claim(self, url: str, who: str) -> str | None:
        """Record that `who` writes `url`; returns the other owner if it is taken."""
        other = self._taken(url)
        if other and other != who:
            return other
        self.owner[url] = who
        return None

    def page(self, page: Page, where: str) -> list[Problem]:
        problems = []
        for url, what in ((url_of(page.rel), "address"), ("/" + page.rel.removesuffix(".md") + ".qr.svg", "QR code")):
            other = self.claim(url, where)
            if other:
                problems.append(Problem(page.path, 1, 1, f"this page's {what} {url} is already {other}: "
                                                         "rename or move one of them"))
        return problems

    def asset(self, rel: str, shown_as: str) -> list[Problem]:
        other = self.claim("/" + rel, shown_as)
        return [Problem(shown_as, 0, 0, f"this file's address /{rel} is already {other}: rename it")] if other else []

    def pathway(self, doc: Document, pathway: Pathway) -> list[Problem]:
        problems = []

        def claim(url: str, loc: tuple, what: str) -> bool:
            line, col = doc.where(loc)
            other = self.claim(url, f"{what} at {doc.path}:{line}:{col}")
            if other:
                problems.append(Problem(doc.path, line, col, f"the address {url} of {what} is already {other}; "
                                                             "choose another"))
            return bool(other)

        base = f"/{pathway.id}/"
        claim(base, ("id",), f'the pathway "{pathway.id}"')
        for name in ("decide/", "pathway.json", "index.qr.svg", "decide.qr.svg"):
            claim(base + name, ("id",), f'the pathway "{pathway.id}"')
        for i, node in enumerate(pathway.nodes):
            claim(f"{base}{node.id}/", ("nodes", i, "id"), f'the step "{node.id}"')
            claim(f"{base}{node.id}.qr.svg", ("nodes", i, "id"), f'the step "{node.id}"')
            for j, alias in enumerate(node.aliases):
                claim(f"{base}{alias}/", ("nodes", i, "aliases", j), f'the former id "{alias}"')
        # A former pathway id redirects every address that was under it (outputs/redirects.py).
        for j, former in enumerate(pathway.aliases):
            what = f'the pathway\'s former id "{former}"'
            # One message for the former id, at its first clash.
            any(claim(f"/{former}/{rest}", ("aliases", j), what) for rest, _, _ in moved_with_pathway(pathway))
        # Short links live in /go/, which only short links can use: load_site checks them against each other.
        return problems

    def page_aliases(self, page: Page, aliases: list[str]) -> list[Problem]:
        problems = []
        for j, alias in enumerate(aliases):
            line, col = page.front.where(("aliases", j))
            other = self.claim(url_of(alias + ".md"), f'the former path "{alias}" at {page.path}:{line}:{col}')
            if other:
                problems.append(Problem(page.path, line, col, f'the former path "{alias}" has the address '
                                                              f"{url_of(alias + '.md')}, which is already {other}"))
        return problems


def without_repeats(new: list[Problem], existing: list[Problem]) -> list[Problem]:
    """`new` less the problems at a place that already has one (one message per mistake)."""
    seen = {(p.file, p.line, p.col) for p in existing}
    return [p for p in new if (p.file, p.line, p.col) not in seen]
