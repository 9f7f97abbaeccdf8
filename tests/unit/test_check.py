"""One set of rules: `pathways check` reports what `pathways build` refuses, at the author's file and line."""

from __future__ import annotations

import pytest
from ruamel.yaml import YAML

from pathways.build import build
from pathways import pipeline
from pathways.check import MAX_EXAMPLE_ANSWERS
from pathways.graph import Graph
from pathways.model import Pathway
from pathways.problems import Problems

from support import EXAMPLE, ROOT, TODAY, copy_real_project, edit, line_of, run_cli, synthetic_pathway

SMALL_EFFECTS = "only for a short time [@oliveira-2020-cochrane-esi]."


def add_to_example_text(project, markdown: str) -> int:
    """Append `markdown` on its own line to the info step's text; returns that line's number."""
    edit(project, SMALL_EFFECTS, f"{SMALL_EFFECTS}\n      {markdown}")
    return line_of(project, markdown)


def test_a_broken_link_in_a_pathway_is_reported_at_the_yaml_line_by_check_and_refused_by_build(project):
    line = add_to_example_text(project, "See [physical therapy](/options/physical-therapi.md).")
    message = (f'{EXAMPLE}:{line}:30: the link "/options/physical-therapi.md" leads to no page on this site '
               '(did you mean "/options/physical-therapy.md"?)')
    result = run_cli(project, "check")
    assert result.returncode == 1
    assert message in result.stderr.splitlines()
    with pytest.raises(Problems) as refused:
        build(project, TODAY)
    assert [str(p) for p in refused.value.problems] == [message]
    assert not (project / "site").exists()


def test_a_missing_heading_gets_did_you_mean_at_the_page_line(project):
    page = project / "content" / "index.md"
    page.write_text(page.read_text() + "\nRead [what it is](/options/physical-therapy.md#what-it-iz).\n")
    line = line_of(project, "what-it-iz", "content/index.md")
    (only,) = pipeline.run(project, TODAY).problems
    assert str(only) == (f'content/index.md:{line}:19: the link "/options/physical-therapy.md#what-it-iz" names the '
                         'heading "#what-it-iz", which the page options/physical-therapy.md does not have '
                         '(did you mean "#what-it-is"?)')


def test_relative_links_resolve_from_the_page_and_folder_addresses_are_refused(project):
    page = project / "content" / "options" / "physical-therapy.md"
    page.write_text(page.read_text() + "\nSee [home](../index.md), [the start](../example/warning-signs.md) "
                                       "and [the overview](/example/).\n")
    (only,) = pipeline.run(project, TODAY).problems
    assert only.file == "content/options/physical-therapy.md"
    assert only.message == ('the link "/example/" is a web address, not a page\'s file: link to the file, '
                            'ending in .md (did you mean "/example/index.md"?)')


def test_citations_ending_a_paragraph_with_a_colon_are_not_link_definitions(project):
    page = project / "content" / "index.md"
    page.write_text(page.read_text() + "\nCall today if you have\n[@nhs-cauda-equina]:\n\n- a fever.\n")
    assert pipeline.run(project, TODAY).problems == []


def test_links_in_code_and_to_other_sites_are_not_checked(project):
    add_to_example_text(project, "Call [911](tel:911), see [NHS](https://www.nhs.uk/) or type `[x](/nowhere.md)`.")
    assert pipeline.run(project, TODAY).problems == []


def test_build_refuses_a_page_above_the_reading_level_as_check_does(project):
    hard = ("Multidisciplinary interventional musculoskeletal rehabilitation necessitates comprehensive "
            "individualised biopsychosocial characterisation preceding therapeutic escalation.")
    add_to_example_text(project, hard)
    result = run_cli(project, "check")
    expected = f"{EXAMPLE}:1:1: example/about-small-effects.md reads at grade"
    assert result.returncode == 1 and expected in result.stderr
    with pytest.raises(Problems) as refused:
        build(project, TODAY)
    assert expected in str(refused.value)


def test_an_urgent_result_without_a_test_is_a_problem_with_a_test_to_copy(project):
    edit(project, '  - answers: ["No, none of these", "Not at all", "Yes"]\n    expect: same-day\n', "")
    (only,) = pipeline.run(project, TODAY).problems
    line = line_of(project, "  - id: same-day")
    assert str(only) == (f'{EXAMPLE}:{line}:9: the urgent result "same-day" has no flow test: add one under "tests:". '
                         'For example: "- answers: ["No, none of these", "Not at all", "Yes"]" with "expect: same-day".')


def test_a_routine_result_without_a_test_is_a_warning_and_check_lists_what_is_covered(project):
    edit(project, '  - answers: ["No, none of these", "A lot, but the pain came back"]\n    expect: routine-review\n', "")
    result = run_cli(project, "check")
    assert result.returncode == 0, result.stderr
    line = line_of(project, "  - id: routine-review")
    assert (f'{EXAMPLE}:{line}:9: warning: the routine result "routine-review" has no flow test: add one under '
            '"tests:".') in result.stderr
    assert ("pathways/example.yaml: 8 steps, 4 tests passed; results tested: get-help-now (emergency, test 1), "
            "same-day (urgent, test 2), talk-soon (soon, tests 3, 4); not tested: routine-review (routine)") in result.stdout


def test_shortest_routes_have_their_answers_counted():
    # A chain of questions, each with a side branch through an information step to a result.
    chain = Pathway.model_validate(synthetic_pathway(0, ["a", "b"], ["options/x"], questions=40))
    graph = Graph(chain)
    assert graph.route_to("outcome-3") == ["No, none of these", "Yes, it changed", "No, it did not"]
    assert graph.route_to("warning-signs") == [] and graph.route_to("nowhere") is None
    assert graph.answers_to("nowhere") is None
    # The information step before a result adds no answer.
    assert graph.answers_to("outcome-40") == graph.answers_to("final-outcome") == 40 == len(graph.route_to("outcome-40"))


def test_a_result_far_down_a_chain_gets_the_length_of_its_route_not_every_answer(project):
    data = synthetic_pathway(0, ["oliveira-2020-cochrane-esi", "acp-qaseem-2017"], ["options/physical-therapy"],
                             questions=MAX_EXAMPLE_ANSWERS + 2)
    data["id"] = "long"
    for node in data["nodes"]:
        if node.get("urgency") == "urgent":
            node["urgency"] = "soon"
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.dump(data, project / "pathways" / "long.yaml")
    report = pipeline.run(project, TODAY)
    assert report.problems == []
    warnings = {w.message for w in report.warnings if w.file == "pathways/long.yaml"}
    assert (f'the routine result "final-outcome" has no flow test: add one under "tests:". The shortest route '
            f'there takes {MAX_EXAMPLE_ANSWERS + 2} answers.') in warnings
    assert ('the soon result "outcome-4" has no flow test: add one under "tests:". For example: "- answers: '
            '["No, none of these", "Yes, it changed", "Yes, it changed", "No, it did not"]" with "expect: outcome-4".') in warnings


def test_check_of_one_file_prints_only_that_files_results(project):
    (project / "pathways" / "broken.yaml").write_text("id: broken\n", encoding="utf-8")
    result = run_cli(project, "check", EXAMPLE)
    assert result.returncode == 0, result.stderr
    graded = [line for line in result.stdout.splitlines() if line.startswith("  grade")]
    assert graded and all(line.endswith(".md") and " example/" in line for line in graded), graded
    assert "broken" not in result.stdout + result.stderr


def test_check_of_one_page_names_only_that_pages_problems(project):
    edit(project, "[@acp-qaseem-2017]", "[@acp-2017]", path="content/options/physical-therapy.md")
    edit(project, "urgency: routine", "urgency: whenever")
    result = run_cli(project, "check", "content/options/physical-therapy.md")
    assert result.returncode == 1
    named = [line for line in result.stderr.splitlines() if ": " in line and line.split(":")[0].endswith((".md", ".yaml"))]
    assert named and all(line.startswith("content/options/physical-therapy.md:") for line in named), named
    assert "1 more in other files; run `pathways check` to see them all." in result.stderr


def test_a_new_pathway_without_its_translation_is_one_problem_not_every_translated_address(tmp_path):
    # The real project has a Spanish edition: until the new pathway has its Spanish text, the
    # edition is not emitted, and its locked addresses are knock-ons, not problems of their own.
    project = copy_real_project(ROOT, tmp_path)
    new = run_cli(project, "new", "knee-injection")
    assert new.returncode == 0 and "write pathways/es/knee-injection.yaml" in new.stdout
    missing = ("pathways/es/knee-injection.yaml:1:1: pathways/knee-injection.yaml has no es translation: write "
               "pathways/es/knee-injection.yaml (see \"Translations\" in the authors' guide)")
    for args in ((), ("pathways/knee-injection.yaml",)):  # the translation is part of the pathway's own results
        result = run_cli(project, "check", *args)
        assert result.returncode == 1
        assert [line for line in result.stderr.splitlines() if "warning" not in line] == [missing, "1 problem found."]
