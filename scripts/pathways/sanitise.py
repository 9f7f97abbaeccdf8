"""The one allow-list for the HTML the site publishes (nh3, i.e. the Rust sanitiser ammonia).

Everything authors write or a reference manager exports becomes HTML: Markdown fragments in
pathways, warning signs and pages, and the reference lists citeproc makes. Each is rendered
here with the site's own Markdown extensions (from mkdocs.yml) and passed through `CLEANER`;
if the sanitiser would change it, the source is refused with what is not allowed
(`problems_in`). After mkdocs has built the site, `sweep_site` passes every page's article
through the same cleaner again, as a safety net: a build it finds anything in is not published. See docs/adr/0001-one-allow-list-sanitiser.md.

The allow-list is elements, attributes and URL schemes; nothing here lists bad strings.
"""

from __future__ import annotations

import functools
import html
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import nh3
from ruamel.yaml import YAML

# What the site's pages use: Markdown's own output, the extensions in mkdocs.yml (admonition,
# details, tables, definition lists, abbreviations, task lists), our templates and the map (SVG).
TAGS = nh3.ALLOWED_TAGS | {"button", "input", "label", "section",
                           "svg", "defs", "marker", "g", "path", "rect", "text", "tspan", "title", "desc"}
ATTRIBUTES = {
    # class and id: attribute lists and the theme's admonitions, buttons and cards; they cannot run anything.
    "*": {"class", "id", "title", "tabindex", "hidden", "role", "lang", "dir"},
    "a": {"href", "xlink:href", "hreflang"},  # hreflang: the link to a page in its other language
    "img": {"src", "alt", "width", "height", "loading"},
    "abbr": {"title"},
    "button": {"type"},
    "input": {"checked", "disabled", "autocomplete"},
    "label": {"for"},
    "ol": {"start", "reversed"},
    "td": {"align", "colspan", "rowspan"},  # align: the tables extension's column alignment (mkdocs.yml)
    "th": {"align", "colspan", "rowspan", "scope"},
    "details": {"open"},
    "svg": {"viewBox", "width", "height", "focusable"},
    "marker": {"viewBox", "refX", "refY", "markerWidth", "markerHeight", "orient"},
    "path": {"d", "marker-end"},
    "rect": {"x", "y", "width", "height", "rx"},
    "text": {"x", "y", "text-anchor"},
    "tspan": {"x", "dy"},
}
ATTRIBUTE_VALUES = {"input": {"type": {"checkbox", "search"}}}  # tick boxes; the clinicians' filter
GENERIC_PREFIXES = {"data-", "aria-"}
URL_SCHEMES = {"http", "https", "mailto", "tel"}  # and relative addresses (nh3 keeps those)
# Attributes that make the browser fetch something as the page loads (links the reader follows are fine).
RESOURCE_ATTRIBUTES = {("img", "src")}


def remote_host(url: str) -> str | None:
    """The other host a URL names (http://x/, //x/), or None for an address on this site."""
    parts = urlsplit(url.strip())
    return parts.netloc or None


def _local_resources_only(tag: str, attribute: str, value: str) -> str | None:
    # The site sends nothing to anyone: an image from another host would tell it who reads what.
    if (tag, attribute) in RESOURCE_ATTRIBUTES and remote_host(value):
        return None
    return value


CLEANER = nh3.Cleaner(tags=TAGS, attributes=ATTRIBUTES, tag_attribute_values=ATTRIBUTE_VALUES,
                      generic_attribute_prefixes=GENERIC_PREFIXES, url_schemes=URL_SCHEMES,
                      attribute_filter=_local_resources_only,
                      link_rel=None, strip_comments=False)
# The same parser and serialiser keeping everything: what CLEANER's output is compared with, so that
# a difference means the allow-list removed something (not that the HTML was written differently).
_KEEP_ALL = nh3.Cleaner(tags=TAGS | {"script", "style", "iframe", "object", "embed", "form", "link", "meta", "base",
                                     "video", "audio", "source", "frame", "frameset", "math", "template"},
                        clean_content_tags=set(), attributes={}, generic_attribute_prefixes={""},
                        url_schemes=URL_SCHEMES | {"javascript", "data", "file", "vbscript", "ftp", "blob"},
                        link_rel=None, strip_comments=False)


def author_markdown(value: str) -> str:
    """Author Markdown from a YAML file with raw HTML off: a `<` is always shown as text."""
    return str(value).replace("<", "&lt;")


def is_clean(fragment: str) -> bool:
    """True when the allow-list would leave `fragment` as it is."""
    return CLEANER.clean(fragment) == _KEEP_ALL.clean(fragment)


# ---------------------------------------------------------------- naming what is not allowed

class _Finder(HTMLParser):
    """Walks the HTML to name, in an author's words, what the sanitiser removes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []  # (text to look for in the source, message)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TAGS:
            self.found.append((f"<{tag}", f"the HTML element <{tag}> is not allowed"))
            return
        for name, value in attrs:
            value = value or ""
            allowed = (name in ATTRIBUTES["*"] or name in ATTRIBUTES.get(tag, ())
                       or any(name.startswith(p) for p in GENERIC_PREFIXES)
                       or value in ATTRIBUTE_VALUES.get(tag, {}).get(name, ()))
            if not allowed:
                self.found.append((name, f'the attribute {name}="{_short(value)}" on <{tag}> is not allowed'))
            elif name in ("href", "src", "xlink:href") and urlsplit(value.strip()).scheme.lower() not in URL_SCHEMES | {""}:
                self.found.append((value.strip()[:12], f'the address "{_short(value)}" is not allowed: use an '
                                                       "https, http, mailto or tel address, or a page of this site"))
            elif (tag, name) in RESOURCE_ATTRIBUTES and remote_host(value):
                self.found.append((value.strip()[:20], f'the image "{_short(value)}" is on another site '
                                                       f"({remote_host(value)}): the site loads nothing from "
                                                       "other sites; save the image in content/ and link to it there"))


def _short(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= 60 else value[:57] + "..."


def not_allowed(fragment: str) -> list[tuple[str, str]]:
    """(text to look for in the source, message) for each thing the allow-list removes from
    `fragment`; empty when it is clean."""
    if is_clean(fragment):
        return []
    finder = _Finder()
    finder.feed(fragment)
    finder.close()
    return finder.found or [("", "this text makes HTML that is not allowed on the site")]


# ---------------------------------------------------------------- Markdown, as mkdocs renders it

@functools.lru_cache(maxsize=8)
def _extensions(mkdocs_yml: Path) -> tuple[list, dict]:
    config = YAML().load(mkdocs_yml.read_text(encoding="utf-8"))
    names, configs = [], {}
    for item in config.get("markdown_extensions") or []:
        if isinstance(item, dict):
            (name, options), = item.items()
            names.append(name)
            configs[name] = dict(options or {})
        else:
            names.append(str(item))
    return names, configs


# With these extensions, only raw HTML (<), links, images, abbreviations and task lists (]) and
# attribute lists ({) can make an element or attribute outside the allow-list; text without
# those characters need not be rendered to know it is clean (rendering is most of the check's time).
_QUICK_EXTENSIONS = {"abbr", "admonition", "attr_list", "def_list", "md_in_html", "tables", "toc",
                     "pymdownx.details", "pymdownx.tasklist"}
_MARKUP = re.compile(r"[<{\]&]")
# Citations ([@key]) count as plain text here, unless followed by what could make them a link.
_CITED = re.compile(r"\[@[^\[\]\n]*\](?![(\[:{])")


class MarkdownChecker:
    """Renders author Markdown with the site's extensions and names what the allow-list refuses."""

    def __init__(self, root: Path):
        names, configs = _extensions(root / "mkdocs.yml")
        self.md = markdown.Markdown(extensions=names, extension_configs=configs)
        self.quick = set(names) <= _QUICK_EXTENSIONS

    def problems_in(self, text: str) -> list[tuple[int, str, str]]:
        """(character offset in `text`, the text found there, message) for each thing in `text`
        that is not allowed."""
        if self.quick and not _MARKUP.search(_CITED.sub("", text)):
            return []  # nothing these extensions make from it can leave the allow-list (most text)
        self.md.reset()
        try:
            rendered = self.md.convert(text)
        except RecursionError:
            return [(0, "", "this text is nested too deeply to be shown (lists or quotes inside each other)")]
        return [(_locate(text, needle), needle, message) for needle, message in not_allowed(rendered)]


def _locate(text: str, needle: str) -> int:
    if not needle:
        return 0
    for candidate in (needle, html.escape(needle), needle.lower()):
        at = text.lower().find(candidate.lower())
        if at >= 0:
            return at
    return 0


def position(text: str, offset: int) -> tuple[int, int]:
    """0-based line and 1-based column of `offset` in `text`."""
    before = text[:offset]
    return before.count("\n"), offset - (before.rfind("\n") + 1) + 1


# ---------------------------------------------------------------- the built site

_ARTICLE = re.compile(r'(<article class="md-content__inner md-typeset">)(.*)(</article>)', re.S)
# What main.html itself writes into the article, holding no tag: the pathway data and the flow's
# words for flow.js (JSON with < > & written as \u escapes, outputs/pathway_json.html_safe_json) and
# the printout's running footer (the page's own address in CSS). Kept out of the sweep, which is
# about what authors wrote. The tags (only) of the parts that wait in <noscript class="pw-lazy">
# (decide.md.j2, clinicians.md.j2) go too, so that what is inside them is swept as the rest.
_THEME_PARTS = re.compile(r'<script type="application/json" id="pw-flow-(?:data|words)">[^<]*</script>'
                          r'|<style media="print" id="pw-print-footer">[^<]*</style>'
                          r'|<noscript class="pw-lazy"(?: data-node="[a-z0-9-]+")?>|</noscript>')


def sweep_site(site: Path) -> list[str]:
    """What the allow-list would remove from the built site: for each page whose article it
    would change, the page and what (a safety net behind the checks of each source), and any
    image, script, stylesheet or frame the theme or mkdocs.yml loads from another host."""
    found = []
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        match = _ARTICLE.search(text)
        if match:
            for _, message in not_allowed(_THEME_PARTS.sub("", match.group(2)))[:1]:
                found.append(f"site/{page.relative_to(site).as_posix()}: {message}")
        if page.name == "404.html" or page.relative_to(site).as_posix() == "index.html":
            # Everything outside the article comes from the theme and mkdocs.yml, the same on every page.
            found += [f"site/{page.relative_to(site).as_posix()}: {message}" for message in remote_resources(text)]
    return found


class _Resources(HTMLParser):
    """Elements that make the browser fetch something as the page loads."""

    ATTRIBUTES = {"img": ("src", "srcset"), "script": ("src",), "iframe": ("src",), "frame": ("src",),
                  "embed": ("src",), "object": ("data",), "source": ("src", "srcset"), "video": ("src", "poster"),
                  "audio": ("src",), "track": ("src",), "input": ("src",), "image": ("href", "xlink:href")}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        names = self.ATTRIBUTES.get(tag, ())
        if tag == "link" and {"stylesheet", "preload", "prefetch", "icon", "modulepreload", "manifest"} & set(
                (values.get("rel") or "").lower().split()):
            names = ("href",)
        for name in names:
            for url in (values.get(name) or "").split(","):
                host = remote_host(url.split()[0]) if url.split() else None
                if host:
                    self.found.append((self.getpos()[0], f"<{tag}> loads {url.strip()} from another site ({host}): "
                                                         "the site loads nothing from other sites"))


def remote_resources(text: str) -> list[str]:
    finder = _Resources()
    finder.feed(text)
    finder.close()
    return [message for _, message in finder.found]


_CSS_REMOTE = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])\s*((?:[a-z][a-z0-9+.-]*:)?//[^'")\s]+)""", re.I)


def theme_resources(root: Path) -> list[tuple[str, int, str]]:
    """(file, line, message) for each image, script, stylesheet or frame from another host in
    the theme's templates and stylesheets, or in mkdocs.yml's extra_css and extra_javascript."""
    found = []
    theme = root / "theme"
    for path in sorted(theme.rglob("*")) if theme.is_dir() else []:
        if path.is_symlink() or not path.is_file() or path.suffix not in (".html", ".css"):
            continue
        shown = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".html":
            finder = _Resources()
            finder.feed(text)
            finder.close()
            found += [(shown, line, message) for line, message in finder.found]
        else:
            found += [(shown, text.count("\n", 0, m.start()) + 1, f"{m.group(1)} is loaded from another site "
                       f"({remote_host(m.group(1))}): the site loads nothing from other sites")
                      for m in _CSS_REMOTE.finditer(text)]
    config = YAML().load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    for key in ("extra_css", "extra_javascript"):
        items = config.get(key) or []
        for i, item in enumerate(items):
            url = item.get("path", "") if isinstance(item, dict) else str(item)
            if remote_host(url):
                line = items.lc.item(i)[0] + 1 if hasattr(items, "lc") else 1
                found.append(("mkdocs.yml", line, f"{key} loads {url} from another site ({remote_host(url)}): "
                                                  "the site loads nothing from other sites; save a copy in theme/"))
    return found
