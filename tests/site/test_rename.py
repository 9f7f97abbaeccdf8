"""`pathways rename`: a step renamed everywhere, its old address kept as a redirect, the file's layout kept."""

from __future__ import annotations

from pathways import links
from pathways.build import build
from pathways import pipeline

from support import EXAMPLE, TODAY, edit, locked, run_cli

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
