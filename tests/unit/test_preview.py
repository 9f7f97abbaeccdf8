"""What a save changed, as the live preview decides it (pathways/preview)."""

from __future__ import annotations

from pathlib import Path

from pathways.preview import saved_pathways

ROOT = Path("/project")
BEFORE = {"pathways/a.yaml": 1, "pathways/b.yaml": 1, "pathways/es/a.yaml": 1, "content/options/mri.md": 1,
          "mkdocs.yml": 1}


def saved(**changed):
    return saved_pathways(ROOT, BEFORE, {**BEFORE, **changed})


def test_a_saved_pathway_or_its_translation_is_a_quick_pass_of_that_pathway():
    assert saved(**{"pathways/a.yaml": 2}) == [ROOT / "pathways" / "a.yaml"]
    assert saved(**{"pathways/es/a.yaml": 2}) == [ROOT / "pathways" / "a.yaml"]
    assert saved(**{"pathways/a.yaml": 2, "pathways/b.yaml": 2}) == [ROOT / "pathways" / "a.yaml",
                                                                     ROOT / "pathways" / "b.yaml"]


def test_anything_else_is_the_whole_site():
    assert saved() == []  # nothing changed: the build a quick pass asked for
    assert saved(**{"content/options/mri.md": 2}) == []
    assert saved(**{"pathways/a.yaml": 2, "mkdocs.yml": 2}) == []
    assert saved_pathways(ROOT, BEFORE, {**BEFORE, "pathways/c.yaml": 1}) == []  # a new pathway changes the lists
    assert saved_pathways(ROOT, BEFORE, {k: v for k, v in BEFORE.items() if k != "pathways/b.yaml"}) == []
