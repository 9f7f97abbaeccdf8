"""Checking what authors wrote, and reporting every problem as `file:line:col: message`.

`load_site` reads and checks the whole project and returns the validated Site
(or the list of problems). Messages are written for a clinical editor.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import codes, config, model, placeholders, safefiles, safety, words
from .config import Config
from .cite import Bibliography, blank_code, keys_in, unknown_keys
from .load import Document, Page, read_page, read_yaml
from .model_errors import parse_model, review_dates
from .graph import Graph
from .model import Glossary, PageMeta, Pathway, SiteReview, WarningSigns
from .problems import Problem, Problems

# Top-level names the generator writes; a pathway id must not take one of them.
GENERATED_TOP_LEVEL = {"pathways", "references", "glossary", "warning-signs", "go", "assets", "search", "clinicians",
                       "connect", "fhir"}


@dataclass
class Site:
    root: Path
    bibliography: Bibliography
    review: SiteReview  # content/site.yaml (also config.review)
    config: Config
    pathways: list[Pathway] = field(default_factory=list)
    pages: list[tuple[Page, PageMeta]] = field(default_factory=list)
    warning_signs: WarningSigns | None = None
    glossary: Glossary | None = None
    sources: dict[str, str] = field(default_factory=dict)  # pathway id -> file shown to authors
    assets: list[str] = field(default_factory=list)  # files under content/ published as they are (images...)
    documents: dict[str, Document] = field(default_factory=dict)  # file shown to authors -> its YAML, for positions
    signs_source: str = "content/warning-signs.yaml"  # the warning signs' file (a translation's own)

    def page(self, rel_without_md: str) -> PageMeta | None:
        for page, meta in self.pages:
            if page.rel == rel_without_md + ".md":
                return meta
        return None


# ---------------------------------------------------------------- pathways

def check_pathway(doc: Document, file_stem: str, site: Site) -> tuple[Pathway | None, list[Problem]]:
    if not isinstance(doc.data, dict):
        return None, [doc.problem((), "a pathway file must be a set of fields (id, title, nodes, ...)")]
    pathway, problems = parse_model(doc, Pathway)
    problems += unknown_keys(doc, site.bibliography)
    if pathway is None:
        return None, problems
    problems += _id_problems(doc, pathway, file_stem, site)
    problems += review_dates(doc, pathway)
    problems += safety.pathway_markup(doc, pathway, site.root)
    index, found = _step_ids(doc, pathway)
    problems += found + _flow_problems(doc, pathway, index, site)
    problems += code_problems(doc, (), pathway.codes)
    for i, node in enumerate(pathway.nodes):
        problems += code_problems(doc, ("nodes", i), getattr(node, "codes", []))
    for j, key in enumerate(pathway.sources):
        if key not in site.bibliography.entries:
            problems.append(doc.problem(("sources", j), f'the source "{key}" is not in the bibliography '
                                                        f"({site.bibliography.path})"))
    if not problems:
        problems += run_flow_tests(doc, pathway)
    return (pathway if not problems else None), problems


def _id_problems(doc: Document, pathway: Pathway, file_stem: str, site: Site) -> list[Problem]:
    """The pathway's id and former ids: its file's name, and no address another part of the site has."""
    p, problems = doc.problem, []
    if pathway.id != file_stem:
        problems.append(p(("id",), f'the id "{pathway.id}" must match the file name ({file_stem}.yaml)'))
    if pathway.id in GENERATED_TOP_LEVEL or (site.root / "content" / pathway.id).exists():
        problems.append(p(("id",), f'the id "{pathway.id}" is already used by another part of the site'))
    for j, alias in enumerate(pathway.aliases):
        if alias == pathway.id:
            problems.append(p(("aliases", j), f'"{alias}" is the pathway\'s id now; remove it from aliases'))
        elif alias in GENERATED_TOP_LEVEL or (site.root / "content" / alias).exists():
            problems.append(p(("aliases", j), f'the former id "{alias}" is already used by another part of the site'))
    return problems


def _step_ids(doc: Document, pathway: Pathway) -> tuple[dict[str, int], list[Problem]]:
    """Each step's place in the file by its id, and the problems with ids and former ids: each used once."""
    p, problems = doc.problem, []
    index: dict[str, int] = {}
    for i, node in enumerate(pathway.nodes):
        if node.id in index:
            problems.append(p(("nodes", i, "id"), f'two steps have the id "{node.id}" (the other is step {index[node.id] + 1})'))
        elif node.id in model.RESERVED_NODE_IDS:
            problems.append(p(("nodes", i, "id"), f'"{node.id}" is reserved for a page the site makes; choose another id'))
        else:
            index[node.id] = i
    ids, aliases = {n.id for n in pathway.nodes}, set()
    for i, node in enumerate(pathway.nodes):
        for j, alias in enumerate(node.aliases):
            if alias in ids or alias in aliases:
                problems.append(p(("nodes", i, "aliases", j), f'the former id "{alias}" is already in use in this pathway'))
            elif alias in model.RESERVED_NODE_IDS:
                problems.append(p(("nodes", i, "aliases", j), f'"{alias}" is reserved for a page the site makes; '
                                                              "it cannot be a former id"))
            aliases.add(alias)
    return index, problems


def _flow_problems(doc: Document, pathway: Pathway, index: dict[str, int], site: Site) -> list[Problem]:
    """The start, each `next` (with "did you mean" and what a mistyped one leaves unreachable), each
    kind's own rules, unreachable steps and loops."""
    p, problems = doc.problem, []
    nodes = {n.id: n for n in pathway.nodes}
    if pathway.start not in nodes:
        problems.append(p(("start",), f'"start" names "{pathway.start}", which is not a step in this pathway'
                                      + _did_you_mean(pathway.start, nodes)))
    broken: list[Broken] = []  # each `next` that names no step; reported below, with what it makes unreachable
    for i, node in enumerate(pathway.nodes):
        for position, exit in enumerate(node.exits()):
            if exit.next not in nodes:
                what = f'answer "{exit.label}"' if exit.label is not None else f'step "{node.id}"'
                broken.append(Broken(("nodes", i) + exit.loc, node.id, position, exit.next,
                                     f'{what} leads to "{exit.next}", which is not a step in this pathway'))
        problems += [p(("nodes", i) + loc, message) for loc, message in node.problems(site.page)]
    knock_ons: dict[int, list[str]] = {}
    if pathway.start in nodes:
        graph, knock_ons = _graph_problems(doc, pathway, index, broken)
        problems += graph
    for b, ref in enumerate(broken):
        problems.append(p(ref.loc, ref.message + _did_you_mean(ref.target, nodes) + _also(knock_ons.get(b, []))))
    return problems


@dataclass(frozen=True)
class Broken:
    """A `next` that names no step: where it is, and which of its step's successors it is."""

    loc: tuple
    step: str
    position: int
    target: str
    message: str


def code_problems(doc: Document, at: tuple, listed: list[str]) -> list[Problem]:
    """Each diagnosis code under `at` + ("codes",) that is not an ICD-10-CM code, or is listed twice."""
    problems = []
    for j, code in enumerate(listed):
        message = codes.problem(code) or (f'the code {code} is listed twice here' if listed.index(code) != j else None)
        if message:
            problems.append(doc.problem(at + ("codes", j), message))
    return problems


def _did_you_mean(name: str, names) -> str:
    close = difflib.get_close_matches(name, list(names), n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""


def _also(steps: list[str]) -> str:
    if not steps:
        return ""
    noun = "step" if len(steps) == 1 else "steps"
    return f"; this also makes {len(steps)} {noun} unreachable ({', '.join(steps)})"


def _graph_problems(doc: Document, pathway: Pathway, index: dict[str, int],
                    broken: list[Broken]) -> tuple[list[Problem], dict[int, list[str]]]:
    """Unreachable steps and loops, with knock-ons folded: a mistyped `next` that leaves steps
    unreachable is reported once, with those steps (returned by the broken reference's number), and
    of a group of unreachable steps only the first is reported, naming the rest."""
    graph = Graph(pathway)
    nodes = graph.nodes
    reachable = graph.reachable()
    order = list(index)  # file order
    folded: set[str] = set()
    knock_ons: dict[int, list[str]] = {}
    for b, ref in enumerate(broken):
        close = difflib.get_close_matches(ref.target, list(nodes), n=1, cutoff=0.6)
        if close and ref.step in reachable:
            fixed = graph.reachable(fix=(ref.step, ref.position, close[0])) - reachable - folded
            knock_ons[b] = [n for n in order if n in fixed]
            folded |= fixed
    finishes, before = graph.can_finish(), graph.predecessors
    unreachable = [n for n in order if n not in reachable and n not in folded]
    # A step nothing leads to first, then the rest of its group (steps only it leads to).
    roots = [n for n in unreachable if not before[n]] + unreachable
    problems = []
    for root in roots:
        if root in folded:
            continue
        group = graph.reachable(root) - reachable - folded
        folded |= group
        others = [n for n in order if n in group and n != root]
        problems.append(doc.problem(("nodes", index[root], "id"),
                                    f'step "{root}" cannot be reached: no answer or step leads to it from "start"'
                                    + _also(others)))
    for node_id, i in index.items():
        if node_id in reachable and node_id not in finishes and all(s in nodes for s in graph.successors(node_id)):
            problems.append(doc.problem(("nodes", i, "id"),
                                        f'from step "{node_id}" no path reaches an outcome: it goes round in a loop; '
                                        "give one of its answers a way out to an outcome"))
    return problems, knock_ons


def run_flow_tests(doc: Document, pathway: Pathway) -> list[Problem]:
    """Replay each test's answers from the start and compare the result reached."""
    graph = Graph(pathway)
    problems = []
    for t, test in enumerate(pathway.tests):
        replay = graph.replay(test.answers)
        node = replay.reached
        if replay.unknown is not None:
            choices = ", ".join(f'"{e.label}"' for e in node.exits())
            failure = f'test {t + 1}: "{replay.unknown}" is not an answer to "{node.title}" (its answers are {choices})'
        elif node.exits():
            failure = f'test {t + 1}: the answers run out at the question "{node.title}" before an outcome'
        elif replay.left:
            failure = f'test {t + 1}: the outcome "{node.id}" is reached with answers left over: {replay.left}'
        elif node.id != test.expect:
            failure = f'test {t + 1}: these answers reach the outcome "{node.id}", but the test expects "{test.expect}"'
        else:
            continue
        problems.append(doc.problem(("tests", t), failure))
    return problems


# ---------------------------------------------------------------- hand-written pages

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(\{.*\})?\s*$", re.M)


def check_page(page: Page, site: Site) -> tuple[PageMeta | None, list[Problem]]:
    meta, problems = parse_model(page.front, PageMeta)
    problems += unknown_keys(page.front, site.bibliography)  # citations in the front matter's summary
    if meta is None:
        return None, problems
    problems += review_dates(page.front, meta)
    problems += code_problems(page.front, (), meta.codes)
    required = words.catalogue(site.config.language)["sections"].get(meta.type.value, ())
    return meta, problems + check_body(page, meta, required, site)


def check_body(page: Page, meta: PageMeta, required, site: Site) -> list[Problem]:
    """The body of a page (or of its translation): markup, headings, sections in order, citations."""
    problems = safety.page_markup(page, site.root)
    body = blank_code(page.body)
    headings = [(len(m.group(1)), m.group(2), body[: m.start()].count("\n")) for m in _HEADING.finditer(body)]
    for level, text, line in headings:
        if level == 1:
            problems.append(Problem(page.path, page.body_line + line, 1,
                                    f'remove the heading "# {text}": the page title is already its only main heading'))
    found = [text for level, text, _ in headings if level == 2]
    if required and [s for s in found if s in required] != list(required):
        missing = [s for s in required if s not in found]
        what = f"missing: {', '.join(missing)}" if missing else "they are out of order"
        problems.append(Problem(page.path, page.body_line, 1,
                                f'a page of type "{meta.type.value}" needs the sections '
                                f'{" / ".join(required)} in that order ({what})'))
    cited = keys_in(page.body)
    for key, offset in cited:
        if key not in site.bibliography.entries:
            before = page.body[:offset]
            problems.append(Problem(page.path, page.body_line + before.count("\n"), offset - before.rfind("\n"),
                                    f'the source "{key}" is not in the bibliography ({site.bibliography.path})'))
    if meta.clinical and meta.audience == "patients" and not cited:
        problems.append(Problem(page.path, page.body_line, 1,
                                "this page cites no source: cite one for each clinical statement, "
                                "or set 'clinical: false' if it makes no clinical claim"))
    return problems + placeholders.problems(page.path, page.body.split("\n"), page.body_line)


# ---------------------------------------------------------------- the whole site

def load_site(root: Path, only: list[Path] | None = None) -> tuple[Site | None, list[Problem]]:
    """Read and check everything (or only the pathway files named). Returns the site when all is well."""
    content, pathway_dir = root / "content", root / "pathways"
    try:
        bib = Bibliography.load(content / "bibliography.yaml", "content/bibliography.yaml")
    except Problems as exc:
        return None, exc.problems
    except FileNotFoundError:
        return None, [Problem("content/bibliography.yaml", 1, 1, "the bibliography file is missing")]
    settings, problems = config.load(root)
    if settings is None:
        return None, problems
    site = Site(root, bib, settings.review, settings)
    addresses = safety.Addresses(root)
    codes.load_cache(root)
    shown = functools.partial(_shown, root)

    content_files, found = safefiles.list_files(content, shown)
    # Translations (content/<language>/) are read against these pages by translate.py.
    translated = tuple(f"{language}/" for language in settings.translations)
    content_files = [path for path in content_files
                     if not path.relative_to(content).as_posix().startswith(translated)]
    pathway_files, found_too = safefiles.list_files(pathway_dir, shown, recursive=False)
    problems += found + found_too
    for path in content_files + pathway_files:
        if path.suffix == ".yml":
            problems.append(Problem(shown(path), 0, 0, f"files ending .yml are not read: rename it {path.stem}.yaml"))
    problems += _read_content(site, content_files, addresses, problems)
    problems += _read_signs_and_glossary(site)
    files = only if only else [path for path in pathway_files if path.suffix == ".yaml"]
    problems += _read_pathways(site, files, addresses, problems)
    if not only:
        problems += _page_alias_problems(site) + safety.theme_problems(root)
        for page, meta in site.pages:
            problems += safety.without_repeats(addresses.page_aliases(page, meta.aliases), problems)
    codes.save_cache(root)
    return (site if not problems else None), sorted(set(problems))


def _shown(root: Path, path: Path) -> str:
    """A file as authors see it: relative to the project."""
    try:
        # The folder resolved, not the file: a symbolic link is shown where it is, not where it leads.
        return str((path.parent.resolve() / path.name).relative_to(root.resolve()))
    except ValueError:
        return str(path)


def _read_content(site: Site, content_files: list[Path], addresses: safety.Addresses,
                  earlier: list[Problem]) -> list[Problem]:
    """The hand-written pages (into site.pages) and the files published as they are (site.assets);
    `earlier`: the problems found so far (one message per place)."""
    content, problems = site.root / "content", []
    for path in content_files:
        rel = path.relative_to(content).as_posix()
        if path.suffix not in (".md", ".yaml", ".yml"):
            site.assets.append(rel)
            problems += addresses.asset(rel, _shown(site.root, path))
    for path in content_files:
        rel = path.relative_to(content).as_posix()
        if path.suffix != ".md" or rel.startswith("includes/"):
            continue  # snippets included into other pages, not pages themselves
        try:
            page = read_page(path, _shown(site.root, path), rel)
        except Problems as exc:
            problems += exc.problems
            continue
        meta, found = check_page(page, site)
        problems += found + placeholders.problems(page.path, page.front.lines, 2)
        if meta:
            site.pages.append((page, meta))
            problems += safety.without_repeats(addresses.page(page, page.path), earlier + problems)
    return problems


def _read_signs_and_glossary(site: Site) -> list[Problem]:
    """content/warning-signs.yaml and content/glossary.yaml, when there are."""
    problems = []
    for name, model_cls, attr in (("warning-signs.yaml", WarningSigns, "warning_signs"), ("glossary.yaml", Glossary, "glossary")):
        path = site.root / "content" / name
        if not path.exists():
            continue
        try:
            doc = read_yaml(path, _shown(site.root, path))
        except Problems as exc:
            problems += exc.problems
            continue
        obj, found = parse_model(doc, model_cls)
        problems += found + unknown_keys(doc, site.bibliography) + placeholders.problems(doc.path, doc.lines)
        site.documents[doc.path] = doc
        if isinstance(obj, WarningSigns):
            problems += review_dates(doc, obj) + safety.warning_sign_markup(doc, obj, site.root)
        if isinstance(obj, Glossary):
            problems += safety.glossary_problems(doc, obj.terms)
        setattr(site, attr, obj)
    return problems


def _read_pathways(site: Site, files: list[Path], addresses: safety.Addresses,
                   earlier: list[Problem]) -> list[Problem]:
    """The pathway files (into site.pathways), their addresses and short links; `earlier`: the
    problems found so far, so a place already reported is not reported twice."""
    problems: list[Problem] = []
    short_links: dict[str, str] = {}
    for path in files:
        try:
            doc = read_yaml(path, _shown(site.root, path))
        except Problems as exc:
            problems += exc.problems
            continue
        except FileNotFoundError:
            problems.append(Problem(_shown(site.root, path), 0, 0, "there is no such file"))
            continue
        pathway, found = check_pathway(doc, path.stem, site)
        problems += found + placeholders.problems(doc.path, doc.lines)
        if pathway is None:
            continue
        found = safety.without_repeats(addresses.pathway(doc, pathway), earlier + problems)
        if found:
            problems += found
            continue
        problems += _short_link_problems(doc, pathway, short_links)
        site.pathways.append(pathway)
        site.sources[pathway.id] = doc.path
        site.documents[doc.path] = doc
    return problems


def _short_link_problems(doc: Document, pathway: Pathway, short_links: dict[str, str]) -> list[Problem]:
    """Short links share one folder (/go/), across the pathway and its steps and across pathways
    (`short_links`: each one taken so far, and where)."""
    problems = []
    shorts = [(("short_link",), pathway.short_link)] + [
        (("nodes", i, "short_link"), node.short_link) for i, node in enumerate(pathway.nodes)]
    for loc, short in shorts:
        if short is None:
            continue
        if short in short_links:
            problems.append(doc.problem(loc, f'the short link "{short}" is already used at {short_links[short]}; '
                                             "choose another"))
        else:
            line, col = doc.where(loc)
            short_links[short] = f"{doc.path}:{line}:{col}"
    return problems


def _page_alias_problems(site: Site) -> list[Problem]:
    """Former page paths become redirects: each must be a path no current page or pathway uses."""
    pages = {page.rel.removesuffix(".md"): page.path for page, _ in site.pages}
    taken = GENERATED_TOP_LEVEL | {name for pathway in site.pathways for name in (pathway.id, *pathway.aliases)}
    seen: dict[str, str] = {}
    problems = []
    for page, meta in site.pages:
        for j, alias in enumerate(meta.aliases):
            at = ("aliases", j)
            if not all(model.SLUG.match(part) for part in alias.split("/")):
                problems.append(page.front.problem(at, f'the former path "{alias}" should look like '
                                                       '"options/old-name": the path under content/, without .md'))
            elif alias in pages or alias + "/index" in pages:
                problems.append(page.front.problem(at, f'the former path "{alias}" is still a page '
                                                       f"({pages.get(alias) or pages[alias + '/index']}); "
                                                       "remove it from aliases"))
            elif alias.split("/")[0] in taken:
                problems.append(page.front.problem(at, f'the former path "{alias}" is inside a part of the site '
                                                       "the generator makes; it cannot be used as an alias"))
            elif alias in seen:
                problems.append(page.front.problem(at, f'the former path "{alias}" is already an alias of {seen[alias]}'))
            else:
                seen[alias] = page.path
    return problems
