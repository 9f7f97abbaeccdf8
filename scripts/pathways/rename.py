"""`pathways rename`: rename a published step without breaking a link to it.

A step's id is its address (/<pathway>/<step>/), which patients keep in their records. Renaming
by hand means changing the id, every `next` and `start` that names it, every test that expects
it, every Markdown link to its page, adding the old id under `aliases:` (so the old address
redirects) and locking the new address. This does all of it, editing the files line by line at
the positions the parser reports, so comments, quotes and layout stay as the author wrote them
(a YAML round-trip rewrites long lines and spacing). The result is checked before it is kept.
"""

from __future__ import annotations

import re
from pathlib import Path

from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

from . import links
from .load import parse_yaml, read_text
from .model import RESERVED_NODE_IDS, SLUG
from .validate import load_site


class RenameRefused(Exception):
    pass


def _field(mapping: MappingNode, name: str):
    return next((v for k, v in mapping.value if k.value == name), None)


def _items(node, name: str) -> list:
    value = _field(node, name) if isinstance(node, MappingNode) else None
    return value.value if isinstance(value, SequenceNode) else []


def rename_step(root: Path, pathway_id: str, old: str, new: str) -> list[str]:
    """Rename step `old` to `new` in the pathway `pathway_id`. Returns what was done, in words."""
    path = root / "pathways" / f"{pathway_id}.yaml"
    shown = f"pathways/{pathway_id}.yaml"
    if not path.is_file():
        raise RenameRefused(f"there is no pathway {shown}")
    site, problems = load_site(root, only=[path])
    if site is None:
        raise RenameRefused("fix these first, then rename:\n" + "\n".join(map(str, problems)))
    (pathway,) = site.pathways
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

    for node in sorted(edits, key=lambda n: (n.start_mark.line, n.start_mark.column), reverse=True):
        line, start, end = node.start_mark.line, node.start_mark.column, node.end_mark.column
        lines[line] = lines[line][:start] + lines[line][start:end].replace(old, new, 1) + lines[line][end:]
    _add_alias(lines, step_node, old)
    changed = {path: "\n".join(lines)}

    # Markdown links to the step's page, in every page and pathway: /<pathway>/<old>.md (or relative).
    link = re.compile(rf"(?<=[(<\s])((?:\.\./)*/?{re.escape(pathway_id)}/){re.escape(old)}\.md(?=[)#>\s])")
    same_folder = re.compile(rf"(?<=\()(?:\./)?{re.escape(old)}\.md(?=[)#])")  # from the pathway's own text
    linked = set()
    for file in sorted((root / "content").rglob("*.md")) + sorted((root / "pathways").glob("*.yaml")):
        before = changed.get(file) or file.read_text(encoding="utf-8")
        after = link.sub(rf"\g<1>{new}.md", before)
        if file == path:
            after = same_folder.sub(f"{new}.md", after)
        if after != before:
            changed[file] = after
            linked.add(file)

    originals = {file: file.read_bytes() for file in changed}
    for file, content in changed.items():
        _write(file, content.encode("utf-8"))
    site, problems = load_site(root, only=[path])
    if site is None:
        for file, content in originals.items():
            _write(file, content)
        raise RenameRefused("the renamed file would not pass the check, so nothing was changed:\n"
                            + "\n".join(map(str, problems)))

    done = [f'renamed the step "{old}" to "{new}" in {shown}: {counts["next"]} next, '
            f'{counts["expect"]} test{"s" if counts["expect"] != 1 else ""}'
            + (", the start" if counts["start"] else ""),
            f'added "{old}" to its aliases: /{pathway_id}/{old}/ now leads to /{pathway_id}/{new}/']
    if linked:
        done.append(f"updated the links to it in {', '.join(sorted(f.relative_to(root).as_posix() for f in linked))}")
    lock = root / links.LOCK_FILE
    if lock.exists():
        urls = {url for _, url in links.read_lock(lock)} | {f"/{pathway_id}/{new}/"}
        _write(lock, links.lock_text(urls).encode("utf-8"))
        done.append(f"added /{pathway_id}/{new}/ to {links.LOCK_FILE}")
    return done


def _add_alias(lines: list[str], step: MappingNode, old: str) -> None:
    """Put `old` in the step's aliases: into an existing list, or as a new line under its id."""
    aliases = _field(step, "aliases")
    if isinstance(aliases, SequenceNode) and aliases.flow_style:
        line, col = aliases.end_mark.line, aliases.end_mark.column - 1  # just before the closing ]
        sep = ", " if aliases.value else ""
        lines[line] = lines[line][:col] + sep + old + lines[line][col:]
    elif isinstance(aliases, SequenceNode) and aliases.value:
        first, last = aliases.value[0], aliases.value[-1]
        dash = " " * (first.start_mark.column - 2) + "- "
        lines.insert(last.end_mark.line + 1, dash + old)
    else:
        key = next(k for k, _ in step.value if k.value == "id")
        lines.insert(key.start_mark.line + 1, " " * key.start_mark.column + f"aliases: [{old}]")


def _write(path: Path, data: bytes) -> None:
    """Replace the file in one step: an editor or the live preview never reads half of it."""
    partial = path.with_name(f".{path.name}.renaming")
    partial.write_bytes(data)
    partial.replace(path)
