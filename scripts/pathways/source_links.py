"""Links and heading anchors in authors' Markdown, checked in the file and at the line where
they were written.

mkdocs --strict checks links too, but in the generated files under build/docs, which authors
never see. Here every link in a hand-written page and in a pathway's or the warning signs' text
is resolved the way mkdocs resolves it (a leading / starts from the top of the site, anything
else from the page's own folder) against the files the generator is about to write, with a
"did you mean" for a near miss. Headings are found by running the site's own Markdown settings
on the pages that links point into, and only those (converting every page is mkdocs' job and
most of its time).
"""

from __future__ import annotations

import difflib
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown
from markdown.treeprocessors import Treeprocessor
from ruamel.yaml import YAML

from .cite import blank_code
from .load import Document
from .problems import Problem

# [text](target "title") and ![alt](target); the target may be written <like this>.
_INLINE = re.compile(r"(?<!\\)!?\[(?:[^\]\\\n]|\\.)*\]\(\s*(<[^>\n]*>|[^)\s]*)(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)")
# [label]: target   (a reference-style link's definition; not [^footnote] or *[abbreviation])
_DEFINITION = re.compile(r"^ {0,3}\[(?!\^)[^\]\n]+\]:[ \t]*\n?[ \t]*(<[^>\n]*>|\S+)", re.M)
_RAW_ID = re.compile(r"""\b(?:id|name)\s*=\s*["']([^"']+)["']""")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


@dataclass(frozen=True)
class Link:
    target: str  # as written, e.g. /tests/mri.md#what-it-is
    offset: int  # where the target starts in the text


def links_in(text: str) -> list[Link]:
    """Every link target in Markdown `text` (outside code), with its offset."""
    masked = blank_code(text)
    found = []
    for pattern in (_INLINE, _DEFINITION):
        for match in pattern.finditer(masked):
            target, offset = match.group(1), match.start(1)
            if target.startswith("<"):
                target, offset = target[1:-1], offset + 1
            if target:
                found.append(Link(target, offset))
    return sorted(found, key=lambda link: link.offset)


@dataclass(frozen=True)
class Written:
    """Author Markdown and where it lives: a page body, or a text field of a YAML file."""

    text: str
    pages: tuple[str, ...]  # the generated docs files it appears on (links resolve from there)
    file: str  # the author's file
    line: int = 1  # of the text's first line (page bodies)
    doc: Document | None = None  # YAML text: positions are found in the file
    loc: tuple = ()

    def position(self, link: Link) -> tuple[int, int]:
        if self.doc is not None:
            return self.doc.find(link.target, self.loc)
        before = self.text[: link.offset]
        return self.line + before.count("\n"), link.offset - before.rfind("\n")


def resolve(target_path: str, page: str) -> str:
    """The docs file a link's path names, as mkdocs reads it (absolute_links: relative_to_docs)."""
    path = unquote(target_path)
    if path.startswith("/"):
        return posixpath.normpath(path.lstrip("/")) if path.strip("/") else "index.md"
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), path))


class _Anchors(Treeprocessor):
    """Every id in a page's HTML, as mkdocs collects them to check #anchors."""

    def __init__(self, md, found: set[str]):
        super().__init__(md)
        self.found = found

    def run(self, root):
        for element in root.iter():
            if element.get("id"):
                self.found.add(element.get("id"))
            if element.tag == "a" and element.get("name"):
                self.found.add(element.get("name"))


class LinkChecker:
    def __init__(self, root: Path, files: dict[str, str | bytes], skip: tuple[str, ...] = ()):
        """`files`: the docs folder about to be written. Links into the folders `skip` (pathways
        not loaded by a check of a few files) cannot be judged and are left alone."""
        self.root, self.files, self.skip = root, files, skip
        theme = root / "theme"
        self.theme_files = {p.relative_to(theme).as_posix() for p in theme.rglob("*") if p.is_file()} if theme.is_dir() else set()
        self.pages = sorted(rel for rel in files if rel.endswith(".md"))
        self._anchors: dict[str, set[str]] = {}
        self._markdown = None

    def problems(self, written: list[Written]) -> list[Problem]:
        found = []
        for item in written:
            for link in links_in(item.text):
                message = next(filter(None, (self.judge(link.target, page) for page in item.pages)), None)
                if message:
                    line, col = item.position(link)
                    found.append(Problem(item.file, line, col, message))
        return found

    def judge(self, target: str, page: str) -> str | None:
        """What is wrong with the link `target` on the docs page `page`, or None."""
        parts = urlsplit(target)
        if parts.scheme or parts.netloc:
            return None  # another site, an email address or a phone number
        if not parts.path:
            return self._anchor_problem(target, page, parts.fragment, same_page=True)
        rel = resolve(parts.path, page)
        if rel.startswith("..") or rel.split("/")[0] in self.skip:
            return None if rel.split("/")[0] in self.skip else f'the link "{target}" leads outside the site'
        if rel in self.files or rel in self.theme_files:
            return self._anchor_problem(target, rel, parts.fragment) if parts.fragment and rel.endswith(".md") else None
        guess = self._guess(rel)
        written = (lambda r: "/" + r) if parts.path.startswith("/") else (lambda r: posixpath.relpath(r, posixpath.dirname(page) or "."))
        hint = f' (did you mean "{written(guess)}{"#" + parts.fragment if parts.fragment else ""}"?)' if guess else ""
        if not posixpath.splitext(rel)[1]:
            return (f'the link "{target}" is a web address, not a page\'s file: link to the file, ending in .md{hint}')
        return f'the link "{target}" leads to no page on this site{hint}'

    def _guess(self, rel: str) -> str | None:
        stem = rel.removesuffix(".html").removesuffix(".md").rstrip("/")
        for exact in (stem + ".md", stem + "/index.md"):
            if exact in self.files:
                return exact
        close = difflib.get_close_matches(stem, [p.removesuffix(".md") for p in self.pages], n=1, cutoff=0.75)
        return close[0] + ".md" if close else None

    def _anchor_problem(self, target: str, rel: str, anchor: str, same_page: bool = False) -> str | None:
        if not anchor or rel not in self.files:
            return None
        ids = self.anchors(rel)
        if anchor in ids:
            return None
        where = "this page" if same_page else f"the page {rel}"
        close = difflib.get_close_matches(anchor, sorted(ids), n=1, cutoff=0.6)
        hint = f' (did you mean "#{close[0]}"?)' if close else ""
        return f'the link "{target}" names the heading "#{anchor}", which {where} does not have{hint}'

    def anchors(self, rel: str) -> set[str]:
        if rel not in self._anchors:
            text = self.files[rel]
            text = _FRONT_MATTER.sub("", text if isinstance(text, str) else text.decode("utf-8"))
            found = set(_RAW_ID.findall(text))
            md = self._new_markdown()
            md.treeprocessors.register(_Anchors(md, found), "pathways_anchors", 5)  # where mkdocs collects them
            md.convert(text)
            self._anchors[rel] = found
        return self._anchors[rel]

    def _new_markdown(self) -> markdown.Markdown:
        if self._markdown is None:
            self._markdown = markdown_settings(self.root)
        extensions, configs = self._markdown
        return markdown.Markdown(extensions=extensions, extension_configs=configs)


def markdown_settings(root: Path) -> tuple[list[str], dict]:
    """The Markdown extensions in mkdocs.yml with their settings, plus the three mkdocs always adds."""
    config = YAML().load((root / "mkdocs.yml").read_text(encoding="utf-8"))  # round-trip: tags are not run
    extensions, configs = ["toc", "tables", "fenced_code"], {}
    for item in config.get("markdown_extensions") or []:
        name, settings = (item, None) if isinstance(item, str) else next(iter(item.items()))
        if name not in extensions:
            extensions.append(name)
        if settings:
            configs[name] = dict(settings)
    return extensions, configs
