"""`pathways diff`: what changed since the last sign-off, per pathway and page, on a fixture git history."""

from __future__ import annotations

import subprocess

from support import EXAMPLE, edit, run_cli

PAGE = "content/options/physical-therapy.md"


def git(project, *args: str) -> str:
    return subprocess.run(["git", "-C", str(project), *args], check=True, capture_output=True, text=True,
                          env={"GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.org",
                               "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.org",
                               "GIT_AUTHOR_DATE": "2026-11-15T12:00:00", "GIT_COMMITTER_DATE": "2026-11-15T12:00:00",
                               "HOME": str(project)}).stdout


def test_diff_lists_changes_since_the_last_review_in_reviewers_words(project):
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "Reviewed")
    signed = git(project, "rev-parse", "--short", "HEAD").strip()
    # Edits after the sign-off, in the next commit and in the working files.
    edit(project, "urgency: urgent", "urgency: emergency")
    edit(project, "        hint: For example, a few days or weeks.\n        next: talk-soon",
         "        hint: For example, a few days or weeks.\n        next: routine-review")
    edit(project, '    expect: talk-soon\n  - answers: ["No, none of these", "A little, for a short time"]\n'
                  '    expect: talk-soon', '    expect: talk-soon\n  - answers: ["No, none of these", '
                  '"A little, for a short time"]\n    expect: routine-review')
    git(project, "commit", "-qam", "Edits")
    edit(project, "Your care team should check how well the first one worked",
         "Ask your care team how well the first one worked")
    edit(project, "  - id: talk-soon\n", "  - id: book-a-visit\n    aliases: [talk-soon]\n")
    edit(project, "next: talk-soon", "next: book-a-visit", count=-1)
    edit(project, "expect: talk-soon", "expect: book-a-visit", count=-1)
    edit(project, "## How long relief lasts\nThe studies we use do not say.",
         "## How long relief lasts\nThe studies we use do not say. Ask your therapist.", path=PAGE)

    result = run_cli(project, "diff")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"{EXAMPLE}: changes since 2026-11-15 {signed}",
        '  - step "how-much-help" (question): answer "A little, for a short time" now leads to "routine-review" '
        '(was "talk-soon")',
        '  - step "same-day" (result, emergency): urgency changed from "urgent" to "emergency"',
        '  - step "talk-soon" renamed to "book-a-visit" (its old address redirects)',
        '  - step "routine-review" (result, routine): text changed:',
        "      was: Your care team should check how well the first one worked [@choosingwisely-aapmr-repeat-esi].",
        "      now: Ask your care team how well the first one worked [@choosingwisely-aapmr-repeat-esi].",
        '  - new flow test: [\'No, none of these\', \'A little, for a short time\'] reaches "routine-review"',
        '  - flow test removed: [\'No, none of these\', \'A little, for a short time\'] reaches "book-a-visit"',
        "",
        f"{PAGE}: changes since 2026-11-15 {signed}",
        '  - section "How long relief lasts" changed:',
        "      now: Ask your therapist.",
        "",
        "2 files changed since their last review.",
    ]
    # Against a named commit, every file is compared with it.
    assert run_cli(project, "diff", "HEAD").stdout.splitlines()[-1] == "2 files changed since HEAD."


def test_diff_outside_git_says_so(project):
    result = run_cli(project, "diff")
    assert result.returncode == 1
    assert "not in a git repository" in result.stderr
