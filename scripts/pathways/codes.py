"""Diagnosis codes (ICD-10-CM): checking what authors list under `codes:`, official titles, parents.

The code set is the one the pinned `simple-icd-10-cm` package ships (pyproject.toml): a code it
does not know is a problem naming the nearest codes it does know. The package reads its whole
table when first imported (about 1.5 s of CPU, more than the rest of a check of our site), so what
it says about each code the site lists is kept in .cache/icd-10-cm.json between runs (safe to
delete), and the package is imported only for a code the cache does not hold.
"""

from __future__ import annotations

import difflib
import functools
import json
import os
from importlib import metadata
from pathlib import Path

# The ICD-10-CM code system, as FHIR names it and as HL7 Infobutton requests name it (an OID).
FHIR_SYSTEM = "http://hl7.org/fhir/sid/icd-10-cm"
OID = "2.16.840.1.113883.6.90"


@functools.cache
def _table():
    import simple_icd_10_cm

    return simple_icd_10_cm


# code -> [problem or None, official title, parents]: what the code set says, as looked up or cached.
_known: dict[str, list] = {}
_looked_up = False  # whether the package answered something the cache did not hold


def _cache(root: Path) -> Path:
    return root / ".cache" / "icd-10-cm.json"


def load_cache(root: Path) -> None:
    """Start from what earlier runs looked up, if they used the same version of the code set."""
    try:
        stored = json.loads(_cache(root).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if isinstance(stored, dict) and stored.get("version") == metadata.version("simple-icd-10-cm"):
        _known.update(stored.get("codes", {}))


def save_cache(root: Path) -> None:
    global _looked_up
    if not _looked_up:
        return
    cache = _cache(root)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")  # another run may be reading it
        # Only codes that exist: a problem's wording is ours, and may change while the code set does not.
        valid = {code: facts for code, facts in _known.items() if facts[0] is None}
        partial.write_text(json.dumps({"version": metadata.version("simple-icd-10-cm"), "codes": valid}),
                           encoding="utf-8")
        partial.replace(cache)
        _looked_up = False
    except OSError:
        pass  # only a cache: the next run looks the codes up again


def _facts(code: str) -> list:
    global _looked_up
    if code not in _known:
        wrong = _problem(code)
        _known[code] = [wrong, None, []] if wrong else [None, _table().get_description(code), _parents(code)]
        _looked_up = True
        for parent in _known[code][2]:  # the answers by code name the parents too (outputs/connect.py)
            _facts(parent)
    return _known[code]


def problem(code: str) -> str | None:
    """What is wrong with `code` as an author wrote it, for a clinical editor; None if it is a code."""
    return _facts(str(code))[0]


def title(code: str) -> str:
    """The code's official title, e.g. M54.16 -> "Radiculopathy, lumbar region"."""
    return _facts(code)[1]


def parents(code: str) -> list[str]:
    """The code's parent codes, nearest first, down to its three-character category (not the
    block or chapter above it, which are ranges, not codes): M54.16 -> [M54.1, M54]."""
    return list(_facts(code)[2])


def _parents(code: str) -> list[str]:
    cm, found = _table(), []
    parent = cm.get_parent(code)
    while parent and not cm.is_chapter_or_block(parent):
        found.append(parent)
        parent = cm.get_parent(parent)
    return found


def _problem(code: str) -> str | None:
    cm = _table()
    written = str(code)
    if cm.is_valid_item(written) and cm.is_chapter_or_block(written):
        return (f'"{written}" is a range of codes ({cm.get_description(written)}), not one code: list the codes '
                "that fit this page, each on its own")
    if cm.is_valid_item(written) and cm.add_dot(written) == written:
        return None
    tidy = written.strip().upper()
    if cm.is_valid_item(tidy) and not cm.is_chapter_or_block(tidy):
        return f'write the code "{written}" as {cm.add_dot(tidy)} ({cm.get_description(tidy)}), as the code set does'
    near = nearest(tidy)
    listed = "; ".join(f"{c} ({cm.get_description(c)})" for c in near)
    return (f'"{written}" is not an ICD-10-CM code (checked against the code set of April 2026)'
            + (f": the nearest codes are {listed}" if near else "") + "; look the code up again and write it "
            "as the code set does")


def nearest(code: str, n: int = 3) -> list[str]:
    """The valid codes closest to a code that does not exist: among the children of the longest
    part of it that is a code (M54.19 -> M54.1's children), else among all categories."""
    cm = _table()
    stem = code
    while stem:
        stem = stem[:-1].rstrip(".")
        if stem and cm.is_valid_item(stem) and not cm.is_chapter_or_block(stem):
            family = cm.get_children(stem) or [stem]
            return difflib.get_close_matches(code, family, n=n, cutoff=0) or [stem]
    categories = [c for c in cm.get_all_codes(True) if cm.is_category(c)]
    return difflib.get_close_matches(code, categories, n=n, cutoff=0.5)
