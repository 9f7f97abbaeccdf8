"""The typed project config (config.py): three files, one model, mistakes as problems."""

from __future__ import annotations

from pathways import config
from pathways.validate import load_site

from support import edit


def test_the_model_gathers_mkdocs_pyproject_and_site_yaml(project):
    settings = config.read(project)
    assert settings.site_url == "https://example.org"  # without its last slash
    assert settings.site_name and settings.language == "en" and settings.max_grade == 8.0
    assert settings.locale.emergency_number == "911" and settings.review.reviewed_by
    site, problems = load_site(project)
    assert problems == [] and site.config == settings


def test_a_bad_reading_level_limit_is_a_problem_at_its_line(project):
    edit(project, "max_grade = 8.0", "max_grade = -1", "pyproject.toml")
    settings, problems = config.load(project)
    assert settings is None
    (problem,) = problems
    line = next(n for n, text in enumerate((project / "pyproject.toml").read_text().splitlines(), 1)
                if text.startswith("max_grade"))
    assert (problem.file, problem.line) == ("pyproject.toml", line) and "greater than 0" in problem.message


def test_an_unknown_setting_in_tool_pathways_is_a_problem(project):
    edit(project, "max_grade = 8.0", "max_grade = 8.0\nmax_grades = 9", "pyproject.toml")
    _, problems = config.load(project)
    assert [p.file for p in problems] == ["pyproject.toml"] and "max_grades" in problems[0].message


def test_missing_site_name_and_a_language_without_catalogue_are_problems(project):
    mkdocs = project / "mkdocs.yml"
    text = mkdocs.read_text(encoding="utf-8")
    first = next(line for line in text.splitlines() if line.startswith("site_name:"))
    edit(project, first + "\n", "", "mkdocs.yml")
    edit(project, "  language: en", "  language: xx", "mkdocs.yml")
    _, problems = config.load(project)
    messages = [p.message for p in problems]
    assert any("site_name" in m for m in messages) and any('"xx" has no word catalogue' in m for m in messages)
    assert all(p.file == "mkdocs.yml" for p in problems)


def test_site_yaml_mistakes_are_reported_at_the_field(project):
    site_yaml = project / "content" / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8") + 'locale:\n  emergency_number: "9-1-1"\n', encoding="utf-8")
    settings, problems = config.load(project)
    assert settings is None and problems[0].file == "content/site.yaml" and problems[0].line > 1


def test_a_placeholder_site_url_is_a_warning_not_a_problem(project):
    assert config.load(project)[1] == []
    assert "placeholder" in config.site_url_warning(project)
