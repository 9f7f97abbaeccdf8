"""Every validation error an author can make gets one line: file:line:col: message."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pathways.validate import load_site

from support import EXAMPLE, edit, line_of, problems



def test_the_example_is_valid(project):
    site, found = load_site(project)
    assert found == []
    assert [p.id for p in site.pathways] == ["example"]


def test_yaml_syntax_error_names_the_line(project):
    edit(project, "start: warning-signs", "start: [warning-signs")
    (only,) = problems(project)
    assert only == f"{EXAMPLE}:{line_of(project, 'start: [')}:8: this [ starts a list that is never closed: end it with ] on the same line"


def test_duplicate_key_is_refused(project):
    edit(project, "start: warning-signs", "start: warning-signs\nstart: how-much-help")
    (only,) = problems(project)
    assert only.startswith(f"{EXAMPLE}:{line_of(project, 'start: how-much-help')}:")
    assert "appears twice" in only


def test_unknown_field_suggests_the_right_one(project):
    edit(project, "title: How much did the injection help?", "titel: How much did the injection help?")
    found = problems(project)
    line = line_of(project, "titel:")
    assert f'{EXAMPLE}:{line}:5: "titel" is not a field this can have (did you mean "title"?)' in found
    assert any('"title" is missing' in p for p in found)


def test_missing_field(project):
    edit(project, "audience: Authors learning the pathway format.\n", "")
    (only,) = problems(project)
    assert only == f'{EXAMPLE}:4:1: "audience" is missing: add it here'


def test_wrong_type(project):
    edit(project, "urgency: routine", "urgency: whenever")
    (only,) = problems(project)
    assert only.startswith(f"{EXAMPLE}:{line_of(project, 'urgency: whenever')}:14:")
    assert "routine" in only and "emergency" in only


def test_wrong_kind(project):
    edit(project, "kind: info", "kind: note")
    (only,) = problems(project)
    assert '"kind" must be question, info or outcome, not "note"' in only


@pytest.mark.parametrize("bad", ["After-ESI", "after esi", "../etc", "a/b", "x--y"])
def test_ids_must_be_safe_slugs(project, bad):
    edit(project, "  - id: how-much-help", f'  - id: "{bad}"')
    found = problems(project)
    line = line_of(project, f'id: "{bad}"')
    assert any(p.startswith(f"{EXAMPLE}:{line}:") and "is not a safe id" in p for p in found), found


def test_duplicate_ids(project):
    edit(project, "  - id: same-day", "  - id: talk-soon")
    found = problems(project)
    lines = (project / EXAMPLE).read_text().splitlines()
    second = [i for i, line in enumerate(lines, 1) if line == "  - id: talk-soon"][1]
    assert f'{EXAMPLE}:{second}:9: two steps have the id "talk-soon" (the other is step 6)' in found


def test_next_that_names_no_node(project):
    edit(project, "        next: talk-soon\n      - label: A lot", "        next: repeat-esi\n      - label: A lot")
    found = problems(project)
    line = line_of(project, "next: repeat-esi")
    assert (f'{EXAMPLE}:{line}:15: answer "A little, for a short time" leads to "repeat-esi", '
            "which is not a step in this pathway") in found


def test_a_mistyped_next_is_one_problem_with_did_you_mean_and_its_knock_ons(project):
    edit(project, "        next: how-much-help", "        next: how-much-hlp")
    line = line_of(project, "next: how-much-hlp")
    assert problems(project) == [
        f'{EXAMPLE}:{line}:15: answer "No, none of these" leads to "how-much-hlp", which is not a step in this pathway '
        '(did you mean "how-much-help"?); this also makes 6 steps unreachable (how-much-help, about-small-effects, '
        "new-symptoms, same-day, talk-soon, routine-review)"]


def test_a_group_of_unreachable_steps_is_reported_once_at_its_first_step(project):
    edit(project, "        next: how-much-help", "        next: elsewhere")
    line = line_of(project, "  - id: how-much-help")
    found = problems(project)
    assert len(found) == 2, found
    assert (f'{EXAMPLE}:{line}:9: step "how-much-help" cannot be reached: no answer or step leads to it from "start"; '
            "this also makes 5 steps unreachable (about-small-effects, new-symptoms, same-day, talk-soon, "
            "routine-review)") in found


def test_a_mistyped_start_gets_did_you_mean(project):
    edit(project, "start: warning-signs", "start: warning-sign")
    (only,) = problems(project)
    assert only.endswith('"start" names "warning-sign", which is not a step in this pathway (did you mean "warning-signs"?)')


def test_unreachable_node(project):
    edit(project, "        next: same-day", "        next: talk-soon")
    found = problems(project)
    line = line_of(project, "  - id: same-day")
    assert any(p.startswith(f"{EXAMPLE}:{line}:") and 'step "same-day" cannot be reached' in p for p in found), found


def test_loop_with_no_way_out(project):
    # new-symptoms -> about-small-effects -> new-symptoms, with no answer leading to an outcome.
    edit(project, "        next: same-day", "        next: about-small-effects")
    edit(project, '      - label: "No"\n        next: talk-soon', '      - label: "No"\n        next: about-small-effects')
    found = problems(project)
    assert any('from step "new-symptoms" no path reaches an outcome' in p for p in found), found
    assert any('from step "about-small-effects" no path reaches an outcome' in p for p in found), found


def test_question_needs_two_answers(project):
    edit(project, """      - label: "No"
        next: talk-soon
""", "")
    found = problems(project)
    assert any('the question "new-symptoms" needs at least two answers' in p for p in found), found


def test_unknown_citation_key_names_line_and_column(project):
    edit(project, "[@oliveira-2020-cochrane-esi]", "[@oliveira-2020-cochrane]")
    (only,) = problems(project)
    line = line_of(project, "[@oliveira-2020-cochrane]")
    col = (project / EXAMPLE).read_text().splitlines()[line - 1].index("oliveira") + 1
    assert only == (f'{EXAMPLE}:{line}:{col}: the source "oliveira-2020-cochrane" is not in the bibliography '
                    '(content/bibliography.yaml) (did you mean "oliveira-2020-cochrane-esi"?)')


def test_review_dates_missing_or_in_wrong_order(project):
    edit(project, "next_review: 2027-11-15", "next_review: 2025-01-01")
    (only,) = problems(project)
    assert only.startswith(f"{EXAMPLE}:{line_of(project, 'next_review')}:")
    assert "must be after last_reviewed" in only
    edit(project, "next_review: 2025-01-01\n", "")
    (only,) = problems(project)
    assert '"next_review" is missing' in only


def test_review_date_not_a_date(project):
    edit(project, "last_reviewed: 2026-11-15", "last_reviewed: last spring")
    (only,) = problems(project)
    assert '"last_reviewed" should be a date like 2026-11-15' in only


def test_empty_file(project):
    (project / EXAMPLE).write_text("\n  \n", encoding="utf-8")
    assert problems(project) == [f"{EXAMPLE}:1:1: this file is empty"]


def test_file_that_is_not_utf8(project):
    (project / EXAMPLE).write_bytes("id: example\ntitle: caf\xe9\n".encode("latin-1"))
    (only,) = problems(project)
    assert only.startswith(f"{EXAMPLE}:2:11: this file is not saved as UTF-8")  # after "title: caf"


def test_alias_bomb_is_refused_not_expanded(project):
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join(['*a' + str(i - 1)] * 9)}]" for i in range(1, 10)]
    (project / EXAMPLE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    (only,) = problems(project)
    assert "aliases" in only and "huge" in only


def test_id_must_match_file_name(project):
    edit(project, "id: example", "id: another")
    (only,) = problems(project)
    assert only == f'{EXAMPLE}:{line_of(project, "id: another")}:5: the id "another" must match the file name (example.yaml)'


def test_option_that_is_not_a_page(project):
    edit(project, "    urgency: routine\n", "    urgency: routine\n    options: [options/no-such-page]\n")
    (only,) = problems(project)
    assert '"options/no-such-page" is not a page in content/ (expected content/options/no-such-page.md)' in only


def test_flow_test_mismatch_names_the_test(project):
    edit(project, "    expect: routine-review", "    expect: talk-soon")
    (only,) = problems(project)
    line = line_of(project, 'A lot, but the pain came back"]')
    assert only.startswith(f"{EXAMPLE}:{line}:")
    assert 'test 5: these answers reach the outcome "routine-review", but the test expects "talk-soon"' in only


def test_flow_test_with_an_answer_that_does_not_exist(project):
    edit(project, '["No, none of these", "Not at all", "No"]', '["No, none of these", "Nope"]')
    (only,) = problems(project)
    assert 'test 3: "Nope" is not an answer to "How much did the injection help?"' in only


def test_every_problem_is_reported_not_just_the_first(project):
    edit(project, "urgency: routine", "urgency: whenever")
    edit(project, "title: Get medical help now", "titl: Get medical help now")
    assert len(problems(project)) >= 3


# ---------------------------------------------------------------- hand-written pages

PAGE = "content/options/physical-therapy.md"


def test_page_missing_a_section(project):
    edit(project, "## How long relief lasts\nThe studies we use do not say.\n\n", "", path=PAGE)
    (only,) = problems(project)
    assert only.startswith(f"{PAGE}:")
    assert "missing: How long relief lasts" in only


def test_page_with_unknown_source(project):
    edit(project, "[@acp-qaseem-2017]", "[@acp-2017]", path=PAGE)
    (only,) = problems(project)
    assert only.startswith(f"{PAGE}:{line_of(project, '[@acp-2017]', PAGE)}:")


def test_clinical_page_must_cite(project):
    text = (project / PAGE).read_text()
    (project / PAGE).write_text(text.replace(" [@acp-qaseem-2017]", "").replace("[@acp-qaseem-2017; @nice-ng59-2016]", ""))
    (only,) = problems(project)
    assert "cites no source" in only


def test_page_without_front_matter(project):
    (project / PAGE).write_text("# Physical therapy\n\nText.\n")
    (only,) = problems(project)
    assert only.startswith(f"{PAGE}:1:1: this page has no front matter")


def test_page_front_matter_error_has_the_file_line(project):
    edit(project, "type: option", "type: treatment", path=PAGE)
    (only,) = problems(project)
    assert only.startswith(f"{PAGE}:4:7:")


# ---------------------------------------------------------------- the command line

def run_cli(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pathways.cli", "--today", "2026-11-21", *args],
                          cwd=project, capture_output=True, text=True)


def test_check_command_reports_every_problem_and_never_a_traceback(project):
    edit(project, "urgency: routine", "urgency: whenever")
    edit(project, "[@oliveira-2020-cochrane-esi]", "[@nope]")
    result = run_cli(project, "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith(EXAMPLE)]
    assert len(lines) == 2
    assert "2 problems found." in result.stderr


def test_check_named_file_only(project):
    (project / "pathways" / "broken.yaml").write_text("id: broken\n", encoding="utf-8")
    named = run_cli(project, "check", "pathways/example.yaml")
    assert named.returncode == 0
    # The command leaves without tidying memory up (cli.console), but not before all it printed is out.
    assert named.stdout.startswith("Reading level") and named.stdout.endswith("\n") and "example" in named.stdout
    result = run_cli(project, "check")
    assert result.returncode == 1 and "pathways/broken.yaml:1:1" in result.stderr


def test_new_writes_a_starter_that_passes_the_check(project):
    result = run_cli(project, "new", "my-pathway")
    assert result.returncode == 0, result.stderr
    text = (project / "pathways" / "my-pathway.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=../schema/pathway.schema.json")
    assert run_cli(project, "check").returncode == 0
    assert run_cli(project, "new", "Bad Id").returncode == 1
