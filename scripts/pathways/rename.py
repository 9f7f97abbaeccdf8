"""`pathways rename`: rename a published step, or a whole pathway, without breaking a link to it.

A step's id is its address (/<pathway>/<step>/), and a pathway's id the folder of all its pages,
which patients keep in their records. Renaming by hand means changing the id, every `next` and
`start` that names it, every test that expects it, every Markdown link to its pages (in every
language), the translations keyed by it, adding the old id under `aliases:` (so the old addresses
redirect) and locking the new addresses. This does all of it, editing the files line by line at
the positions the parser reports, so comments, quotes and layout stay as the author wrote them
(a YAML round-trip rewrites long lines and spacing: docs/adr/0011). The whole project is checked
before and after; if the result would not pass, every file is put back.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

from . import links, pipeline, translate
from .check import Report
from .load import parse_yaml, read_page, read_text, read_yaml
from .model import RESERVED_NODE_IDS, SLUG
from .problems import Problems
from .validate import GENERATED_TOP_LEVEL, Site

Rewrite = Callable[[Path, str], str]  # (a file, its text) -> the text with its links to the renamed pages changed


class RenameRefused(Exception):
    pass


def _field(mapping: MappingNode, name: str):
    return next((v for k, v in mapping.value if k.value == name), None)


def _items(node, name: str) -> list:
    value = _field(node, name) if isinstance(node, MappingNode) else None
    return value.value if isinstance(value, SequenceNode) else []


def _keys(node, name: str) -> list[ScalarNode]:
    """The keys of the mapping `name` in `node` (a translation's steps, its `english` record)."""
    value = _field(node, name) if isinstance(node, MappingNode) else None
    return [key for key, _ in value.value] if isinstance(value, MappingNode) else []


def _replace(lines: list[str], nodes: list, old: str, new: str) -> None:
    """Replace `old` by `new` inside each of the scalars `nodes`, at the place the parser found it."""
    for node in sorted(nodes, key=lambda n: (n.start_mark.line, n.start_mark.column), reverse=True):
        line, start, end = node.start_mark.line, node.start_mark.column, node.end_mark.column
        lines[line] = lines[line][:start] + lines[line][start:end].replace(old, new, 1) + lines[line][end:]


def _checked(root: Path, today: dt.date) -> Site:
    """The project as it is, which must pass the check: a rename must not hide a problem among its changes."""
    report = pipeline.run(root, today)
    if report.site is None or report.problems:
        raise RenameRefused("fix these first, then rename:\n" + "\n".join(map(str, report.problems)))
    return report.site


@dataclass
class _Change:
    """What a rename writes: each file's new text (by where it ends up) and the files it moves."""

    root: Path
    texts: dict[Path, str] = field(default_factory=dict)
    moved: dict[Path, Path] = field(default_factory=dict)  # old path -> new path

    def text(self, path: Path) -> str:
        now = self.moved.get(path, path)
        return self.texts[now] if now in self.texts else path.read_text(encoding="utf-8")

    def set(self, path: Path, text: str) -> None:
        self.texts[self.moved.get(path, path)] = text

    def shown(self, paths) -> str:
        return ", ".join(sorted(p.relative_to(self.root).as_posix() for p in paths))

    def rewrite_links(self, rewrite: Rewrite) -> set[Path]:
        """Apply `rewrite` to every file authors write Markdown in, every language's; returns those it changed."""
        content, pathways = self.root / "content", self.root / "pathways"
        linked = set()
        for file in sorted(content.rglob("*.md")) + sorted(content.rglob("*.yaml")) + sorted(pathways.rglob("*.yaml")):
            before = self.text(file)
            after = rewrite(self.moved.get(file, file), before)
            if after != before:
                self.set(file, after)
                linked.add(self.moved.get(file, file))
        return linked

    def write(self, today: dt.date) -> Report:
        """Write every file, then check the project; if it would not pass, put every file back."""
        originals = {path: path.read_bytes() for path in list(self.texts) + list(self.moved) if path.exists()}
        for path, text in self.texts.items():
            _write(path, text.encode("utf-8"))
        for old in self.moved:
            old.unlink()
        try:
            report = pipeline.run(self.root, today)
        except BaseException:
            self._put_back(originals)
            raise
        if report.site is not None and not report.problems:
            return report
        self._put_back(originals)
        raise RenameRefused("the renamed files would not pass the check, so nothing was changed:\n"
                            + "\n".join(map(str, report.problems)))

    def _put_back(self, originals: dict[Path, bytes]) -> None:
        for path in self.texts:
            if path not in originals:
                path.unlink(missing_ok=True)
        for path, data in originals.items():
            _write(path, data)


# ---------------------------------------------------------------- a step

def rename_step(root: Path, today: dt.date, pathway_id: str, old: str, new: str) -> list[str]:
    """Rename step `old` to `new` in the pathway `pathway_id`. Returns what was done, in words."""
    path = root / "pathways" / f"{pathway_id}.yaml"
    shown = f"pathways/{pathway_id}.yaml"
    if not path.is_file():
        raise RenameRefused(f"there is no pathway {shown}")
    site = _checked(root, today)
    _refuse_step_id(next(p for p in site.pathways if p.id == pathway_id), shown, old, new)
    change = _Change(root)
    counts = _rename_in_pathway(change, path, shown, old, new)
    for language in site.config.translations:  # translations keep their steps under the English ids
        translation = root / "pathways" / language / f"{pathway_id}.yaml"
        if translation.is_file():
            _rename_translated_step(change, translation, old, new)

    # Markdown links to the step's page, in every page and pathway: /<pathway>/<old>.md (or relative).
    link = re.compile(rf"(?<=[(<\s])((?:\.\./)*/?{re.escape(pathway_id)}/){re.escape(old)}\.md(?=[)#>\s])")
    same_folder = re.compile(rf"(?<=\()(?:\./)?{re.escape(old)}\.md(?=[)#])")  # from the pathway's own text

    def rewrite(file: Path, text: str) -> str:
        text = link.sub(rf"\g<1>{new}.md", text)
        own = file.parent in [root / "pathways", *(root / "pathways" / lang for lang in site.config.translations)]
        return same_folder.sub(f"{new}.md", text) if own and file.stem == pathway_id else text

    linked = change.rewrite_links(rewrite) - {path}
    translations = _translations(root, site)
    report = change.write(today)
    _refresh_fingerprints(change, translations, rewrite)

    done = [f'renamed the step "{old}" to "{new}" in {shown}: {counts["next"]} next, '
            f'{counts["expect"]} test{"s" if counts["expect"] != 1 else ""}'
            + (", the start" if counts["start"] else ""),
            f'added "{old}" to its aliases: /{pathway_id}/{old}/ now leads to /{pathway_id}/{new}/']
    if linked:
        done.append(f"updated the links to it in {change.shown(linked)}")
    addresses = [f"/{pathway_id}/{new}/", *(f"/{language}/{pathway_id}/{new}/" for language in site.config.translations)]
    return done + _lock(root, sorted(set(addresses) & links.published_urls(report.all_files())))


def _refuse_step_id(pathway, shown: str, old: str, new: str) -> None:
    ids = {node.id for node in pathway.nodes}
    former = {alias for node in pathway.nodes for alias in node.aliases}
    if old not in ids:
        raise RenameRefused(f'"{old}" is not a step in {shown}')
    if not SLUG.match(new) or new in RESERVED_NODE_IDS:
        raise RenameRefused(f'"{new}" cannot be a step id: use lowercase letters, digits and single hyphens '
                            f"(not {' or '.join(sorted(RESERVED_NODE_IDS))})")
    if new in ids or new in former:
        raise RenameRefused(f'"{new}" is already {"a step" if new in ids else "a former id of a step"} in {shown}; '
                            "choose another id")


def _rename_in_pathway(change: _Change, path: Path, shown: str, old: str, new: str) -> dict[str, int]:
    """The step's id, every `next`, the start and every test's `expect`; the old id added to its aliases."""
    text = read_text(path, shown)
    doc = parse_yaml(text, shown)
    lines = text.split("\n")
    edits: list[ScalarNode] = []  # scalars whose value is `old`, to become `new`
    counts = {"next": 0, "expect": 0, "start": 0}
    step_node = None

    def take(node, what: str | None = None) -> None:
        if isinstance(node, ScalarNode) and node.value == old:
            edits.append(node)
            if what:
                counts[what] += 1

    take(_field(doc.root, "start"), "start")
    for step in _items(doc.root, "nodes"):
        if isinstance(step, MappingNode):
            if getattr(_field(step, "id"), "value", None) == old:
                step_node = step
                take(_field(step, "id"))
            take(_field(step, "next"), "next")
            for answer in _items(step, "answers"):
                take(_field(answer, "next") if isinstance(answer, MappingNode) else None, "next")
    for test in _items(doc.root, "tests"):
        take(_field(test, "expect") if isinstance(test, MappingNode) else None, "expect")
    _replace(lines, edits, old, new)
    _add_alias(lines, step_node, old)
    change.set(path, "\n".join(lines))
    return counts


def _rename_translated_step(change: _Change, path: Path, old: str, new: str) -> None:
    """A translation's step is keyed by its id, and so is the record of the English it translates."""
    text = change.text(path)
    doc = parse_yaml(text, path.name)
    lines = text.split("\n")
    _replace(lines, [key for key in _keys(doc.root, "nodes") if key.value == old], old, new)
    recorded = [key for key in _keys(doc.root, "english") if key.value.startswith(f"nodes.{old}.")]
    _replace(lines, recorded, f"nodes.{old}.", f"nodes.{new}.")
    change.set(path, "\n".join(lines))


# ---------------------------------------------------------------- a whole pathway

def rename_pathway(root: Path, today: dt.date, old: str, new: str) -> list[str]:
    """Rename the pathway `old` to `new`: its file, its translations, links to it, its old addresses
    redirected. Returns what was done, in words."""
    path, target = root / "pathways" / f"{old}.yaml", root / "pathways" / f"{new}.yaml"
    if not path.is_file():
        raise RenameRefused(f"there is no pathway pathways/{old}.yaml")
    if new == old:
        raise RenameRefused(f'"{new}" is already the pathway\'s id')
    if not SLUG.match(new):
        raise RenameRefused(f'"{new}" cannot be a pathway id: use lowercase letters, digits and single hyphens')
    if target.exists():
        raise RenameRefused(f"there is already a pathway pathways/{new}.yaml; choose another id")
    site = _checked(root, today)
    languages = site.config.translations
    _refuse_pathway_id(root, site, new)
    change = _Change(root)
    translated = _move_pathway(change, path, target, languages)

    # Markdown links to any of its pages, in every page and pathway: /<old>/<page>.md (or relative).
    link = re.compile(rf"(?<=[(<\s])((?:\.\./)*/?){re.escape(old)}/(?=[a-z0-9-]+\.md[)#>\s])")

    def rewrite(file: Path, text: str) -> str:
        return link.sub(rf"\g<1>{new}/", text)

    linked = change.rewrite_links(rewrite) - {target, *translated}
    moved_files = _move_locked_files(change, old, new)
    translations = _translations(root, site)
    report = change.write(today)
    _refresh_fingerprints(change, translations, rewrite)

    done = [f'renamed the pathway "{old}" to "{new}": pathways/{new}.yaml'
            + (f" and its translation{'s' if len(translated) > 1 else ''} {change.shown(translated)}" if translated else ""),
            f'added "{old}" to its aliases: every address under /{old}/ now leads to the same page under /{new}/'
            + "".join(f" (and /{language}/{old}/ to /{language}/{new}/)" for language in languages)]
    if linked:
        done.append(f"updated the links to it in {change.shown(linked)}")
    done += [f"moved {before} to {after} in {links.LOCK_FILE}: a file, not a page, so it cannot redirect; "
             "tell the record systems that load it its new address" for before, after in moved_files]
    prefixes = (f"/{new}/", *(f"/{language}/{new}/" for language in languages))
    return done + _lock(root, [url for url in links.published_urls(report.all_files())
                                       if url.startswith(prefixes)])


def _move_locked_files(change: _Change, old: str, new: str) -> list[tuple[str, str]]:
    """The pathway's locked files named by its id (its FHIR resources: outputs/fhir.py) under their
    new names in urls.lock. Pages redirect from their old address; a JSON file cannot."""
    lock = change.root / links.LOCK_FILE
    if not lock.exists():
        return []
    moved = []
    lines = change.text(lock).split("\n")
    for i, line in enumerate(lines):
        if line.startswith("/fhir/") and line.endswith(f"/{old}.json"):
            lines[i] = line.removesuffix(f"/{old}.json") + f"/{new}.json"
            moved.append((line, lines[i]))
    if moved:
        change.set(lock, "\n".join(lines))
    return moved


def _refuse_pathway_id(root: Path, site: Site, new: str) -> None:
    if new in GENERATED_TOP_LEVEL or new in site.config.translations or any(
            (root / "content" / name).exists() for name in (new, f"{new}.md")):
        raise RenameRefused(f'"{new}" is already used by another part of the site; choose another id')
    former = next((p.id for p in site.pathways if new in p.aliases), None)
    if former:
        raise RenameRefused(f'"{new}" is a former id of the pathway "{former}" (its old addresses lead there); '
                            "choose another id")


def _move_pathway(change: _Change, path: Path, target: Path, languages: list[str]) -> list[Path]:
    """The pathway's file moved to `target` with its new id and the old one as an alias, and each
    translation moved beside it, naming it in `translates:`. Returns where the translations go."""
    old, new = path.stem, target.stem
    text = read_text(path, f"pathways/{old}.yaml")
    doc = parse_yaml(text, f"pathways/{old}.yaml")
    lines = text.split("\n")
    _replace(lines, [_field(doc.root, "id")], old, new)
    _add_alias(lines, doc.root, old)
    change.moved[path] = target
    change.set(path, "\n".join(lines))
    translated = []
    for language in languages:
        translation = path.parent / language / f"{old}.yaml"
        if not translation.is_file():
            continue
        text = change.text(translation)
        doc = parse_yaml(text, translation.name)
        lines = text.split("\n")
        _replace(lines, [_field(doc.root, "translates")], f"pathways/{old}.yaml", f"pathways/{new}.yaml")
        change.moved[translation] = translation.with_name(f"{new}.yaml")
        change.set(translation, "\n".join(lines))
        translated.append(change.moved[translation])
    return translated


# ---------------------------------------------------------------- shared by both

def _add_alias(lines: list[str], mapping: MappingNode, old: str) -> None:
    """Put `old` in the aliases of a step or pathway: into an existing list, or as a new line under its id."""
    aliases = _field(mapping, "aliases")
    if isinstance(aliases, SequenceNode) and aliases.flow_style:
        line, col = aliases.end_mark.line, aliases.end_mark.column - 1  # just before the closing ]
        sep = ", " if aliases.value else ""
        lines[line] = lines[line][:col] + sep + old + lines[line][col:]
    elif isinstance(aliases, SequenceNode) and aliases.value:
        first, last = aliases.value[0], aliases.value[-1]
        dash = " " * (first.start_mark.column - 2) + "- "
        lines.insert(last.end_mark.line + 1, dash + old)
    else:
        key = next(k for k, _ in mapping.value if k.value == "id")
        lines.insert(key.start_mark.line + 1, " " * key.start_mark.column + f"aliases: [{old}]")


def _translations(root: Path, site: Site) -> list[tuple[Path, Path, dict]]:
    """Each translation file, with its English file and the English text it translates (before the rename)."""
    found = []
    for language in site.config.translations:
        files = sorted((root / "pathways" / language).glob("*.yaml")) + sorted((root / "content" / language).rglob("*"))
        for file in files:
            try:
                english = translate.english_of(root, site, file)
            except Problems:
                continue  # not a translation (an image, a folder)
            parts = file.relative_to(root).parts
            found.append((file, root.joinpath(parts[0], *parts[2:]), english))
    return found


def _refresh_fingerprints(change: _Change, translations: list[tuple[Path, Path, dict]], rewrite: Rewrite) -> None:
    """A translation records a fingerprint of each English text it translates (translate.py). Where the
    rename changed only the links in an English text, and the translation was up to date with it,
    record the new text: the translation's own links were changed alike, so it is still up to date."""
    for file, source, english in translations:
        file, source = change.moved.get(file, file), change.moved.get(source, source)
        shown = file.relative_to(change.root).as_posix()
        try:
            doc = read_page(file, shown, "").front if file.suffix == ".md" else read_yaml(file, shown)
        except Problems:
            continue
        recorded = doc.data.get("english") if isinstance(doc.data, dict) else None
        if not isinstance(recorded, dict):
            continue
        before = file.read_text(encoding="utf-8")
        lines = before.split("\n")
        for at, text in translate.flatten(english).items():
            key, after = translate._name(at), rewrite(source, str(text))
            if after == str(text) or recorded.get(key) != translate.fingerprint(str(text)):
                continue
            line, col = doc.where(("english", key))
            lines[line - 1] = lines[line - 1][:col - 1] + lines[line - 1][col - 1:].replace(
                recorded[key], translate.fingerprint(after), 1)
        if "\n".join(lines) != before:
            _write(file, "\n".join(lines).encode("utf-8"))


def _lock(root: Path, urls: list[str]) -> list[str]:
    """Add the new addresses to urls.lock (the old ones stay: they now lead to redirects)."""
    lock = root / links.LOCK_FILE
    if not lock.exists():
        return []
    locked = {url for _, url in links.read_lock(lock)}
    _write(lock, links.lock_text(locked | set(urls)).encode("utf-8"))
    added = sorted(set(urls) - locked)
    if len(added) == 1:
        return [f"added {added[0]} to {links.LOCK_FILE}"]
    return [f"added {len(added)} addresses under the new id to {links.LOCK_FILE}"] if added else []


def _write(path: Path, data: bytes) -> None:
    """Replace the file in one step: an editor or the live preview never reads half of it."""
    partial = path.with_name(f".{path.name}.renaming")
    partial.write_bytes(data)
    partial.replace(path)
