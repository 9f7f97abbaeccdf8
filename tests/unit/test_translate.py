"""Translations supply text only: parity with the English file (missing, extra, empty strings at
their file and line), staleness once the English changes, and the translated site's logic."""

from __future__ import annotations

import pytest

from pathways import pipeline, translate
from pathways.validate import load_site

from support import EXAMPLE, TODAY, add_translation, edit, front_matter, line_of, run_cli

SPANISH = "pathways/es/example.yaml"


@pytest.fixture
def translated(project):
    add_translation(project)
    return project


def test_a_complete_translation_passes_and_keeps_the_english_logic(translated):
    report = pipeline.run(translated, TODAY)
    assert report.problems == [] and report.warnings == []
    english = report.site.pathways[0]
    spanish = report.editions["es"].site.pathways[0]
    assert [n.id for n in spanish.nodes] == [n.id for n in english.nodes]
    assert [getattr(n, "urgency", None) for n in spanish.nodes] == [getattr(n, "urgency", None) for n in english.nodes]
    assert [e.next for n in spanish.nodes for e in n.exits()] == [e.next for n in english.nodes for e in n.exits()]
    assert spanish.title == "[es] " + english.title
    # Flow tests are the English ones, answered with the translated labels.
    assert [t.expect for t in spanish.tests] == [t.expect for t in english.tests]
    assert all(a.startswith("[es] ") for t in spanish.tests for a in t.answers)


def test_a_missing_step_is_named_at_the_file_and_line(translated):
    text = (translated / SPANISH).read_text(encoding="utf-8")
    start = text.index("  talk-soon:\n")
    end = text.index("\n  routine-review:\n")
    (translated / SPANISH).write_text(text[:start] + text[end + 1:], encoding="utf-8")
    found = [str(p) for p in pipeline.run(translated, TODAY).problems]
    line = line_of(translated, "nodes:", SPANISH)
    assert (f'{SPANISH}:{line}:1: step "talk-soon", "title" is missing: every text of pathways/example.yaml needs '
            "its translation here (the same ids, answers in the same order)") in found, found


def test_an_extra_step_cannot_be_added_by_a_translation(translated):
    edit(translated, "english:", "  a-new-step:\n    title: Un paso nuevo\nenglish:", SPANISH)
    report = pipeline.run(translated, TODAY)
    line = line_of(translated, "a-new-step:", SPANISH)
    assert (f'{SPANISH}:{line}:3: step "a-new-step" is not in pathways/example.yaml: a translation has only the '
            "English file's text") in "\n".join(map(str, report.problems))


def test_an_extra_answer_or_an_empty_text_is_a_problem(translated):
    edit(translated, "title: '[es] ", "title: '", SPANISH)  # still there: fine
    text = (translated / SPANISH).read_text(encoding="utf-8")
    first_label = text.index("- label:")
    line = text[:first_label].count("\n") + 1
    text = text[:first_label] + "- label: ''\n" + " " * (first_label - text.rfind("\n", 0, first_label) - 1) + \
        text[first_label:]
    (translated / SPANISH).write_text(text, encoding="utf-8")
    found = "\n".join(map(str, pipeline.run(translated, TODAY).problems))
    assert f"{SPANISH}:{line}:" in found and "is empty: write its translation" in found
    assert "is not in pathways/example.yaml" in found  # the last answer is now one too many


def test_a_missing_translation_file_is_a_problem(translated):
    (translated / "content" / "es" / "index.md").unlink()
    found = [str(p) for p in pipeline.run(translated, TODAY).problems]
    assert "content/es/index.md:1:1: content/index.md has no es translation: write content/es/index.md" in found[0]


def test_a_changed_english_text_makes_the_translation_stale_and_strict_fails(translated):
    edit(translated, "title: Get medical advice today", "title: Get medical advice today, please")
    report = pipeline.run(translated, TODAY)
    assert report.problems == []
    (stale,) = report.warnings
    assert stale.file == SPANISH and "1 English text(s) of pathways/example.yaml changed since this was translated" \
        in stale.message and 'step "same-day", "title"' in stale.message
    strict = pipeline.run(translated, TODAY, strict=True)
    assert any(p.file == SPANISH and "changed since this was translated" in p.message for p in strict.problems)
    ran = run_cli(translated, "translated", SPANISH)
    assert ran.returncode == 0, ran.stderr
    assert pipeline.run(translated, TODAY, strict=True).problems == []


def test_a_translation_that_never_recorded_its_english_is_a_warning(translated):
    text = (translated / SPANISH).read_text(encoding="utf-8")
    (translated / SPANISH).write_text(text[:text.index("english:")], encoding="utf-8")
    (warning,) = pipeline.run(translated, TODAY).warnings
    assert warning.message.startswith("this translation does not record which version of pathways/example.yaml")


def test_spanish_pages_are_held_to_the_spanish_reading_limit(translated):
    settings = translated / "pyproject.toml"
    settings.write_text(settings.read_text().replace("min_perspicuity = 1.0", "min_perspicuity = 99.0"))
    found = [str(p) for p in pipeline.run(translated, TODAY).problems]
    assert any("on the Szigriszt-Pazos scale, below the lowest allowed, 99.0" in p for p in found)


def test_the_english_of_a_file_that_is_not_a_translation_is_refused(translated):
    site, _ = load_site(translated)
    with pytest.raises(Exception, match="this is not a translation of a pathway or page"):
        translate.english_of(translated, site, translated / EXAMPLE)


def test_a_translation_keeps_every_source_and_placeholder(translated):
    edit(translated, " [@nhs-cauda-equina]", "", SPANISH)
    found = [str(p) for p in pipeline.run(translated, TODAY).problems]
    line = line_of(translated, "pressure on the nerves", SPANISH)
    assert any(p.startswith(f"{SPANISH}:{line}:") and 'step "get-help-now", "text" cites nothing, but in '
               "pathways/example.yaml it cites nhs-cauda-equina: a translation keeps every source" in p
               for p in found), found


def test_each_translated_page_says_who_reviewed_the_translation_or_that_no_one_has_yet(translated):
    front = front_matter(pipeline.run(translated, TODAY).editions["es"].files["example/same-day.md"])
    assert front["translation"].startswith("Un traductor médico profesional todavía no ha revisado esta traducción.")
    edit(translated, "translation_reviewed_by:", "translation_reviewed_by: Ana López, traductora médica\n"
                                                 "translation_last_reviewed: 2026-11-20", SPANISH)
    front = front_matter(pipeline.run(translated, TODAY).editions["es"].files["example/same-day.md"])
    assert front["translation"] == "Traducción revisada por Ana López, traductora médica el 20 de noviembre de 2026."
    assert front["twin"]["lang"] == "en" and front["twin"]["url"] == "../../../example/same-day/"


def test_every_catalogue_has_the_same_words():
    from pathways import words

    def keys(data, at=()):
        if isinstance(data, dict):
            return {at} | {k for key, value in data.items() for k in keys(value, at + (key,))}
        if isinstance(data, list):
            return {at} | {k for i, value in enumerate(data) for k in keys(value, at + (i,))}
        return {at}

    english = keys(words.catalogue("en"))
    for path in words.LOCALES.glob("*.yaml"):
        assert keys(words.catalogue(path.stem)) == english, path.name


def test_a_translation_is_held_to_the_same_markup_rules_as_its_english(translated):
    edit(translated, "text: '[es] These signs", "text: '![x](https://tracker.example/p.png) [es] These signs", SPANISH)
    found = [str(p) for p in pipeline.run(translated, TODAY).problems]
    line = line_of(translated, "tracker.example", SPANISH)
    assert any(p.startswith(f"{SPANISH}:{line}:") and 'the image "https://tracker.example/p.png" is on another site'
               in p for p in found), found
