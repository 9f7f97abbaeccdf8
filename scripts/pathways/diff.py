"""`pathways diff [REV]`: what changed since a pathway or page was last signed off, in a reviewer's words.

Before bumping `last_reviewed`, a clinical reviewer needs to know what to re-read. For each
pathway and page this compares the loaded models (not the YAML text) with an earlier version from
git: by default the last commit that changed that file's `last_reviewed` line, or REV for every
file. Steps, answers, results and text are listed as added, removed or changed; changed text
shows the sentences that went and came.
"""

from __future__ import annotations

import difflib
import re
import subprocess
from pathlib import Path

from pydantic import BaseModel, ValidationError

from .load import parse_yaml
from .model import PageMeta, Pathway, Question
from .problems import Problems
from .render import KIND_WORDS

# A sentence ends at . ! or ? after a word and before a capital; list items and paragraphs end too.
_SENTENCE = re.compile(r"(?<=[a-z)\]\"'*_`][.!?])\s+(?=[A-Z\"'(\[*_`])")
_BLOCK = re.compile(r"\n\s*\n|\n(?=\s*(?:\d+\.|[-*+])\s)")
_ITEM = re.compile(r"^\s*(?:\d+\.|[-*+])\s+")
_SECTION = re.compile(r"^## +(.+?)\s*$", re.M)
PATHWAY_FIELDS = {"title": "title", "summary": "summary", "audience": "audience", "start": "first step",
                  "short_link": "short link", "sources": "extra sources"}
STEP_FIELDS = {"kind": "kind", "title": "title", "text": "text", "urgency": "urgency", "warning_signs": "warning signs",
               "next": "next step", "options": "options to discuss", "ask": "questions to ask", "short_link": "short link"}
PAGE_FIELDS = {"title": "title", "description": "description", "type": "type", "audience": "audience",
               "clinical": "clinical"}


class DiffFailed(Exception):
    pass


def _git(root: Path, *args: str) -> str:
    result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)
    if result.returncode:
        raise DiffFailed(result.stderr.strip() or f"git {' '.join(args)} failed")
    return result.stdout


def report(root: Path, rev: str | None = None) -> list[str]:
    """The report's lines for every pathway and page that changed."""
    try:
        prefix = _git(root, "rev-parse", "--show-prefix").strip()
    except DiffFailed:
        raise DiffFailed("this project is not in a git repository, so there is no earlier version to compare with")
    if rev:
        _git(root, "rev-parse", "--verify", "--quiet", rev + "^{commit}")
    files = sorted((root / "pathways").glob("*.yaml")) + sorted(
        p for p in (root / "content").rglob("*.md") if not p.relative_to(root / "content").as_posix().startswith("includes/"))
    lines, changed = [], 0
    for file in files:
        rel = file.relative_to(root).as_posix()
        base = rev or _git(root, "log", "-1", "--format=%H", "-G", r"^\s*last_reviewed:", "--", rel).strip()
        if not base:
            continue  # never signed off in git: nothing to compare with
        when = _git(root, "log", "-1", "--format=%cs %h", base).strip()
        try:
            old_text = _git(root, "show", f"{base}:{prefix}{rel}")
        except DiffFailed:
            old_text = None
        new_text = file.read_text(encoding="utf-8")
        if old_text == new_text:
            continue
        heading = f"{rel}: changes since {when}"
        if old_text is None:
            found = ["new file: read all of it"]
        elif file.suffix == ".yaml":
            found = _compare_pathways(old_text, new_text, rel)
        else:
            found = _compare_pages(old_text, new_text, rel)
        if found:
            changed += 1
            lines += [heading] + [f"  - {item}" for item in found] + [""]
    lines.append(f"{changed} file{'s' if changed != 1 else ''} changed since {'their last review' if not rev else rev}.")
    return lines


def _load(text: str, model: type[BaseModel], shown: str, line_offset: int = 0):
    try:
        return model.model_validate(parse_yaml(text, shown, line_offset).data)
    except (Problems, ValidationError):
        return None


def _front(text: str) -> tuple[str, str]:
    parts = text.split("\n---", 1)
    if not text.startswith("---") or len(parts) < 2:
        return "", text
    return parts[0].removeprefix("---\n"), parts[1].split("\n", 1)[1] if "\n" in parts[1] else ""


def _compare_pages(old_text: str, new_text: str, shown: str) -> list[str]:
    (old_front, old_body), (new_front, new_body) = _front(old_text), _front(new_text)
    old, new = _load(old_front, PageMeta, shown), _load(new_front, PageMeta, shown)
    found = []
    if old and new:
        found += _fields(old, new, PAGE_FIELDS)
    old_sections, new_sections = _sections(old_body), _sections(new_body)
    for title, body in new_sections.items():
        if title not in old_sections:
            found.append(f'new section "{title}"')
        elif body != old_sections[title]:
            found.append(f'section "{title}" changed' + _text_change(old_sections[title], body))
    found += [f'section "{title}" removed' for title in old_sections if title not in new_sections]
    return found


def _sections(body: str) -> dict[str, str]:
    parts = _SECTION.split(body)
    sections = {"(opening text)": parts[0].strip()} if parts[0].strip() else {}
    sections.update({parts[i]: parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)})
    return sections


def _compare_pathways(old_text: str, new_text: str, shown: str) -> list[str]:
    old, new = _load(old_text, Pathway, shown), _load(new_text, Pathway, shown)
    if old is None or new is None:
        which = "earlier" if old is None else "current"
        return [f"the {which} version does not pass the check, so it cannot be compared step by step: "
                "read the whole file"]
    old_steps = {n.id: n for n in old.nodes}
    # Steps renamed since (their old id is now an alias): compared under their new id.
    renamed = {alias: n.id for n in new.nodes for alias in n.aliases if alias in old_steps}
    found = _fields(old, new, PATHWAY_FIELDS, renamed)
    for node in new.nodes:
        before = old_steps.get(node.id) or old_steps.get(next((a for a, n in renamed.items() if n == node.id), ""))
        name = f'step "{node.id}" ({_kind(node)})'
        if before is None:
            found.append(f'new {name}: "{node.title}"')
            continue
        if before.id != node.id:
            found.append(f'step "{before.id}" renamed to "{node.id}" (its old address redirects)')
        changes = _fields(before, node, STEP_FIELDS, renamed) + _answers(before, node, renamed)
        found += [f"{name}: {change}" for change in changes]
    found += [f'step "{i}" ({_kind(n)}) removed: "{n.title}"' for i, n in old_steps.items()
              if i not in {n.id for n in new.nodes} and i not in renamed]
    old_tests = {(tuple(t.answers), renamed.get(t.expect, t.expect)) for t in old.tests}
    new_tests = {(tuple(t.answers), t.expect) for t in new.tests}
    found += [f"new flow test: {list(a)} reaches \"{e}\"" for a, e in sorted(new_tests - old_tests)]
    found += [f"flow test removed: {list(a)} reaches \"{e}\"" for a, e in sorted(old_tests - new_tests)]
    return found


def _kind(node) -> str:
    return ", ".join([KIND_WORDS[node.kind], *node.facts().values()])  # "question"; "result, soon"


def _answers(old, new, renamed: dict[str, str]) -> list[str]:
    if not isinstance(old, Question) or not isinstance(new, Question):
        return []
    before = {a.label: a for a in old.answers}
    after = {a.label: a for a in new.answers}
    found = [f'new answer "{label}", leading to "{a.next}"' for label, a in after.items() if label not in before]
    found += [f'answer "{label}" removed' for label in before if label not in after]
    for label, a in after.items():
        if label in before and renamed.get(before[label].next, before[label].next) != a.next:
            found.append(f'answer "{label}" now leads to "{a.next}" (was "{before[label].next}")')
        if label in before and before[label].hint != a.hint:
            found.append(f'answer "{label}": hint changed from {_show(before[label].hint)} to {_show(a.hint)}')
    if not found and [a.label for a in old.answers] != [a.label for a in new.answers]:
        found.append("answers in a new order")
    return found


def _fields(old: BaseModel, new: BaseModel, names: dict[str, str], renamed: dict[str, str] | None = None) -> list[str]:
    found = []
    for field, words in names.items():
        before, after = getattr(old, field, None), getattr(new, field, None)
        if field in ("next", "start") and renamed:
            before = renamed.get(before, before)
        before, after = getattr(before, "value", before), getattr(after, "value", after)
        if before == after:
            continue
        if isinstance(before, str) and isinstance(after, str) and field in ("text", "summary"):
            found.append(f"{words} changed" + _text_change(before, after))
        elif before in (None, [], ""):
            found.append(f"{words} added: {_show(after)}")
        elif after in (None, [], ""):
            found.append(f"{words} removed (was {_show(before)})")
        else:
            found.append(f"{words} changed from {_show(before)} to {_show(after)}")
    return found


def _show(value) -> str:
    if isinstance(value, list):
        return "; ".join(f'"{v}"' for v in value) or "none"
    return "none" if value is None else f'"{value}"'


def _text_change(before: str, after: str) -> str:
    """The sentences removed and added, one per line."""
    old, new = _sentences(before), _sentences(after)
    lines = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        lines += [f"\n      was: {s}" for s in old[i1:i2] if op in ("replace", "delete")]
        lines += [f"\n      now: {s}" for s in new[j1:j2] if op in ("replace", "insert")]
    return ":" + "".join(lines) if lines else ""


def _sentences(text: str) -> list[str]:
    return [sentence for block in _BLOCK.split(text) if block.strip()
            for sentence in _SENTENCE.split(" ".join(_ITEM.sub("", block).split()))]
