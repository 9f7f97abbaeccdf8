"""Diagnosis codes (`codes:`): checked against the ICD-10-CM code set, with the nearest codes named."""

from __future__ import annotations

import json

import pytest

from pathways import codes
from pathways.validate import load_site

from support import EXAMPLE, edit, line_of, problems

PAGE = "content/options/physical-therapy.md"


def test_listed_codes_are_read(project):
    site, found = load_site(project)
    assert found == []
    (pathway,) = site.pathways
    assert pathway.codes == ["M54.16", "M54.50"]
    assert next(n for n in pathway.nodes if n.id == "talk-soon").codes == ["M54.50"]
    assert site.page("options/physical-therapy").codes == ["M54.16"]


def test_official_titles_and_parents():
    assert codes.title("M54.16") == "Radiculopathy, lumbar region"
    assert codes.title("G83.4") == "Cauda equina syndrome"
    assert codes.parents("M54.16") == ["M54.1", "M54"]
    assert codes.parents("M48.062") == ["M48.06", "M48.0", "M48"]
    assert codes.parents("M54") == []


@pytest.mark.parametrize("path, old, new, col, code, nearest", [
    (EXAMPLE, "codes: [M54.16, M54.50]", "codes: [M54.16, M54.19]", 17, "M54.19",  # on a pathway
     "the nearest codes are M54.18 (Radiculopathy, sacral and sacrococcygeal region); "
     "M54.17 (Radiculopathy, lumbosacral region)"),
    (EXAMPLE, "    codes: [M54.50]", "    codes: [M54.55]", 13, "M54.55", "M54.50 (Low back pain, unspecified)"),  # a result
    (PAGE, "codes: [M54.16]", "codes: [Z99.999]", 9, "Z99.999", "the nearest codes are Z99."),  # a page
])
def test_an_unknown_code_is_refused_naming_the_nearest_codes(project, path, old, new, col, code, nearest):
    edit(project, old, new, path=path)
    (only,) = problems(project)
    assert only.startswith(f'{path}:{line_of(project, new.strip(), path)}:{col}: "{code}" is not an ICD-10-CM code')
    assert nearest in only


def test_code_written_without_its_dot_or_in_lowercase(project):
    edit(project, "codes: [M54.16, M54.50]", "codes: [M5416, m54.50]")
    found = problems(project)
    line = line_of(project, "codes: [M5416")
    assert f'{EXAMPLE}:{line}:9: write the code "M5416" as M54.16 (Radiculopathy, lumbar region), as the code set does' in found
    assert f'{EXAMPLE}:{line}:16: write the code "m54.50" as M54.50 (Low back pain, unspecified), as the code set does' in found


def test_a_range_is_not_a_code(project):
    edit(project, "codes: [M54.16, M54.50]", "codes: [M50-M54]")
    (only,) = problems(project)
    assert '"M50-M54" is a range of codes (Other dorsopathies (M50-M54)), not one code' in only


def test_a_code_listed_twice(project):
    edit(project, "codes: [M54.16, M54.50]", "codes: [M54.16, M54.16]")
    (only,) = problems(project)
    assert only.endswith("the code M54.16 is listed twice here")


def test_what_the_code_set_says_is_kept_between_runs(project, monkeypatch):
    monkeypatch.setattr(codes, "_known", {})
    load_site(project)
    stored = json.loads((project / ".cache" / "icd-10-cm.json").read_text(encoding="utf-8"))
    assert stored["codes"]["M54.16"] == [None, "Radiculopathy, lumbar region", ["M54.1", "M54"]]
    assert stored["codes"]["M54"] == [None, "Dorsalgia", []]  # parents too: the answers by code name them

    def no_table():
        raise AssertionError("the code set was read although the cache holds every code")

    # A new run: nothing in memory, and the package's table not read at all.
    monkeypatch.setattr(codes, "_known", {})
    monkeypatch.setattr(codes, "_table", no_table)
    site, found = load_site(project)
    assert found == [] and codes.title("M54.1") == "Radiculopathy"
    # A cache from another version of the code set is not used.
    stored["version"] = "0.0"
    (project / ".cache" / "icd-10-cm.json").write_text(json.dumps(stored), encoding="utf-8")
    monkeypatch.setattr(codes, "_known", {})
    with pytest.raises(AssertionError, match="the code set was read"):
        load_site(project)
