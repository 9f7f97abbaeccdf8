"""Diagnosis codes (ICD-10-CM): checking what authors list under `codes:`, official titles, parents.

The code set is the one the pinned `simple-icd-10-cm` package ships (pyproject.toml): a code it
does not know is a problem naming the nearest codes it does know. The package reads its table
when first imported (about a second), so it is imported only when a site lists codes.
"""

from __future__ import annotations

import difflib
import functools

# The ICD-10-CM code system, as FHIR names it and as HL7 Infobutton requests name it (an OID).
FHIR_SYSTEM = "http://hl7.org/fhir/sid/icd-10-cm"
OID = "2.16.840.1.113883.6.90"


@functools.cache
def _table():
    import simple_icd_10_cm

    return simple_icd_10_cm


def title(code: str) -> str:
    """The code's official title, e.g. M54.16 -> "Radiculopathy, lumbar region"."""
    return _table().get_description(code)


def parents(code: str) -> list[str]:
    """The code's parent codes, nearest first, down to its three-character category (not the
    block or chapter above it, which are ranges, not codes): M54.16 -> [M54.1, M54]."""
    cm, found = _table(), []
    parent = cm.get_parent(code)
    while parent and not cm.is_chapter_or_block(parent):
        found.append(parent)
        parent = cm.get_parent(parent)
    return found


def problem(code: str) -> str | None:
    """What is wrong with `code` as an author wrote it, for a clinical editor; None if it is a code."""
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
            + (f": the nearest codes are {listed}" if near else "") + "; check the code in the patient's record "
            "or the code set")


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
