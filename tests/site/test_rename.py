"""`pathways rename`: a step renamed everywhere, its old address kept as a redirect, the file's layout kept."""

from __future__ import annotations

import pytest

from pathways import links
from pathways.build import build
from pathways import pipeline

from support import EXAMPLE, ROOT, TODAY, copy_real_project, edit, locked, problems, run_cli, tree_digest

LINK = "See [what to ask](/example/talk-soon.md#questions-to-ask-at-your-next-visit)."


def test_rename_round_trip_builds_redirects_and_keeps_comments(project, browser):
    assert run_cli(project, "lock").returncode == 0
    edit(project, "  - id: talk-soon\n", "  - id: talk-soon   # the step clinicians send most\n")
    page = project / "content" / "index.md"
    page.write_text(page.read_text() + f"\n{LINK}\n")
    before = (project / EXAMPLE).read_text().splitlines()

    result = run_cli(project, "rename", "example", "talk-soon", "book-a-visit")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        'renamed the step "talk-soon" to "book-a-visit" in pathways/example.yaml: 2 next, 2 tests',
        'added "talk-soon" to its aliases: /example/talk-soon/ now leads to /example/book-a-visit/',
        "updated the links to it in content/index.md",
        "added /example/book-a-visit/ to urls.lock"]
    after = (project / EXAMPLE).read_text().splitlines()
    # Only the renamed values changed, and one line was added: comments and layout are as written.
    assert "  - id: book-a-visit   # the step clinicians send most" in after
    assert after[after.index("  - id: book-a-visit   # the step clinicians send most") + 1] == "    aliases: [talk-soon]"
    assert len(after) == len(before) + 1
    assert [line for line in after if "book-a-visit" not in line and line != "    aliases: [talk-soon]"] == [
        line for line in before if "talk-soon" not in line]
    assert "(/example/book-a-visit.md#questions-to-ask-at-your-next-visit)" in page.read_text()
    assert "/example/book-a-visit/" in locked(project) and "/example/talk-soon/" in locked(project)

    report = pipeline.run(project, TODAY)  # the flow tests run in the check
    assert report.problems == [] and report.warnings == []
    build(project, TODAY)
    tab = browser.new_page()
    tab.goto((project / "site" / "example" / "talk-soon" / "index.html").as_uri() + "#questions-to-ask-at-your-next-visit")
    tab.wait_for_url("**/example/book-a-visit/**")
    assert tab.url.endswith("#questions-to-ask-at-your-next-visit")
    tab.close()


def test_rename_adds_to_an_existing_alias_list(project):
    edit(project, "  - id: talk-soon\n", "  - id: talk-soon\n    aliases:\n      - talk-later\n")
    assert run_cli(project, "rename", "pathways/example.yaml", "talk-soon", "book-a-visit").returncode == 0
    assert "    aliases:\n      - talk-later\n      - talk-soon\n" in (project / EXAMPLE).read_text()


def test_rename_refuses_an_id_in_use_and_changes_nothing(project):
    before = (project / EXAMPLE).read_text()
    result = run_cli(project, "rename", "example", "talk-soon", "same-day")
    assert result.returncode == 1
    assert result.stderr.strip() == ('pathways rename: "same-day" is already a step in pathways/example.yaml; '
                                     "choose another id")
    result = run_cli(project, "rename", "example", "talk-soon", "Book A Visit")
    assert result.returncode == 1 and "cannot be a step id" in result.stderr
    assert (project / EXAMPLE).read_text() == before
    assert not (project / links.LOCK_FILE).exists()


# ---------------------------------------------------------------- a whole pathway

FACET, JOINT = "after-facet-injection", "after-facet-joint-injection"


def test_rename_pathway_round_trip_in_both_languages(tmp_path, browser):
    """The real project (English and Spanish): the pathway renamed, then one of its steps; the check
    (flow tests included) and the build pass, and the old addresses in both languages lead on."""
    project = copy_real_project(ROOT, tmp_path / "real")
    locked_before = set(locked(project))

    result = run_cli(project, "rename", FACET, JOINT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f'renamed the pathway "{FACET}" to "{JOINT}": pathways/{JOINT}.yaml and its translation pathways/es/{JOINT}.yaml',
        f'added "{FACET}" to its aliases: every address under /{FACET}/ now leads to the same page under /{JOINT}/ '
        f"(and /es/{FACET}/ to /es/{JOINT}/)",
        "updated the links to it in content/es/index.md, content/index.md, pathways/after-epidural-injection.yaml, "
        "pathways/es/after-epidural-injection.yaml",
        *(f"moved /fhir/{kind}/{FACET}.json to /fhir/{kind}/{JOINT}.json in urls.lock: a file, not a page, so it "
          "cannot redirect; tell the record systems that load it its new address"
          for kind in ("PlanDefinition", "Questionnaire")),
        "added 56 addresses under the new id to urls.lock"]
    assert not (project / f"pathways/{FACET}.yaml").exists() and not (project / f"pathways/es/{FACET}.yaml").exists()
    english = (project / f"pathways/{JOINT}.yaml").read_text().splitlines()
    assert english[1:3] == [f"id: {JOINT}", f"aliases: [{FACET}]"]
    assert f"translates: pathways/{JOINT}.yaml" in (project / f"pathways/es/{JOINT}.yaml").read_text()
    for page in ("content/index.md", "content/es/index.md"):
        assert f"(/{JOINT}/index.md)" in (project / page).read_text() and f"/{FACET}/" not in (project / page).read_text()
    now_locked = set(locked(project))
    files = {f"/fhir/{kind}/{FACET}.json" for kind in ("PlanDefinition", "Questionnaire")}  # moved, not kept
    assert locked_before - files < now_locked and not files & now_locked
    assert {f"/{JOINT}/decide/", f"/es/{JOINT}/injection-type/", f"/fhir/Questionnaire/{JOINT}.json"} <= now_locked

    result = run_cli(project, "rename", JOINT, "injection-type", "shot-type")  # a step, with its translation
    assert result.returncode == 0, result.stderr
    assert "added 2 addresses under the new id to urls.lock" in result.stdout
    spanish = (project / f"pathways/es/{JOINT}.yaml").read_text()
    assert "\n  shot-type:\n" in spanish and "\n  nodes.shot-type.title: " in spanish and "injection-type" not in spanish

    # The flow tests run in the check; strict: no translation is reported out of date by the renames.
    report = pipeline.run(project, TODAY, strict=True)
    assert report.problems == [] and report.warnings == []
    build(project, TODAY)
    tab = browser.new_page()
    for old, new in ((f"/{FACET}/injection-type/", f"/{JOINT}/shot-type/"),
                     (f"/es/{FACET}/decide/", f"/es/{JOINT}/decide/"),
                     (f"/es/{FACET}/", f"/es/{JOINT}/"),
                     (f"/{JOINT}/injection-type/", f"/{JOINT}/shot-type/")):
        tab.goto((project / "site" / old.strip("/") / "index.html").as_uri() + "#answers=warning-signs.2")
        tab.wait_for_url(f"**{new}**")
        assert tab.url.endswith("#answers=warning-signs.2")  # the reader's answers come along
    tab.close()


@pytest.fixture
def two_pathways(project):
    assert run_cli(project, "new", "second").returncode == 0
    return project


@pytest.mark.parametrize("new, message", [
    ("second", "there is already a pathway pathways/second.yaml; choose another id"),
    ("example", "\"example\" is already the pathway's id"),
    ("glossary", '"glossary" is already used by another part of the site; choose another id'),
    ("options", '"options" is already used by another part of the site; choose another id'),
    ("Bad Id", '"Bad Id" cannot be a pathway id: use lowercase letters, digits and single hyphens'),
])
def test_rename_pathway_refuses_an_id_in_use_and_changes_nothing(two_pathways, new, message):
    assert run_cli(two_pathways, "lock").returncode == 0
    before = tree_digest(two_pathways)
    result = run_cli(two_pathways, "rename", "example", new)
    assert (result.returncode, result.stderr) == (1, f"pathways rename: {message}\n")
    assert tree_digest(two_pathways) == before


def test_rename_pathway_refuses_another_pathways_former_id_a_missing_pathway_and_a_failing_project(two_pathways):
    edit(two_pathways, "id: second\n", "id: second\naliases: [third]\n", path="pathways/second.yaml")
    result = run_cli(two_pathways, "rename", "example", "third")
    assert result.stderr == ('pathways rename: "third" is a former id of the pathway "second" (its old addresses '
                             "lead there); choose another id\n")
    assert run_cli(two_pathways, "rename", "nothing", "new-id").stderr == (
        "pathways rename: there is no pathway pathways/nothing.yaml\n")
    assert run_cli(two_pathways, "rename", "example", "a", "b", "c").stderr == (
        "pathways rename: give the pathway and its new id, or the pathway, a step's id and its new id\n")
    edit(two_pathways, "next: talk-soon", "next: talk-son")
    before = tree_digest(two_pathways)
    result = run_cli(two_pathways, "rename", "example", "new-id")
    assert result.returncode == 1 and result.stderr.startswith("pathways rename: fix these first, then rename:\n"
                                                               "pathways/example.yaml:")
    assert tree_digest(two_pathways) == before


def test_a_pathways_former_ids_are_checked(two_pathways):
    edit(two_pathways, "id: second\n", "id: second\naliases: [second, glossary]\n", path="pathways/second.yaml")
    assert problems(two_pathways) == [
        "pathways/second.yaml:4:11: \"second\" is the pathway's id now; remove it from aliases",
        'pathways/second.yaml:4:19: the former id "glossary" is already used by another part of the site']
    edit(two_pathways, "aliases: [second, glossary]", "aliases: [example]", path="pathways/second.yaml")
    assert problems(two_pathways) == [  # once, though every address under /example/ is taken
        'pathways/second.yaml:4:11: the address /example/ of the pathway\'s former id "example" is already the '
        'pathway "example" at pathways/example.yaml:4:5; choose another']


def test_a_renamed_pathway_without_its_alias_says_how_to_keep_its_addresses(project):
    assert run_cli(project, "lock").returncode == 0
    assert run_cli(project, "rename", "example", "new-example").returncode == 0
    edit(project, "aliases: [example]\n", "", path="pathways/new-example.yaml")
    result = run_cli(project, "check")
    assert result.returncode == 1
    line = next(n for n, url in links.read_lock(project / links.LOCK_FILE) if url == "/example/")
    assert (f"urls.lock:{line}:1: the published address /example/ no longer leads anywhere, so links to it in "
            "patients' records and on printed handouts would break: if the pathway \"example\" was renamed, add its "
            "old id to the renamed pathway's file (aliases: [example]; `pathways rename example NEW_ID` renames a "
            "pathway and does this); if you removed it on purpose, run `pathways lock` to take it out of urls.lock"
            ) in result.stderr.splitlines()
