"""Locale facts set once in content/site.yaml and filled in wherever authors wrote a placeholder."""

from __future__ import annotations

from pathways.model import Locale
from pathways.placeholders import fill, problems
from pathways.validate import load_site


def test_fill_uses_the_locale():
    us = Locale()
    assert fill("Call {{ emergency_number }} or go to the {{emergency_service}}.", us) == \
        "Call 911 or go to the emergency room."
    assert fill("A fever of {{ temperature 38 }}", us) == "A fever of 100.4 °F (38 °C)"
    uk = Locale(emergency_number="999", emergency_service="A and E department", temperature_unit="C")
    assert fill("Call {{ emergency_number }}: {{ temperature 38 }}", uk) == "Call 999: 38 °C (100.4 °F)"


def test_unknown_placeholders_are_problems_at_their_place():
    found = problems("pathways/x.yaml", ["title: ok", "text: call {{ emergency_numbr }} now", "{{ temperature }}"])
    assert [(p.line, p.col) for p in found] == [(2, 12), (3, 1)]
    assert '"{{ emergency_numbr }}" is not a placeholder this site knows' in found[0].message


def test_a_page_with_a_misspelt_placeholder_is_reported(project):
    page = project / "content" / "options" / "physical-therapy.md"
    lines = page.read_text().split("\n")
    lines[-2] += " Call {{ emergency_nmber }}."
    page.write_text("\n".join(lines))
    site, found = load_site(project)
    assert site is None
    assert any(p.file == "content/options/physical-therapy.md" and "emergency_nmber" in p.message
               and p.line == len(lines) - 1 for p in found)


def test_locale_values_cannot_carry_markup():
    import pytest
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        Locale(emergency_service="<b>ER</b>")
    with pytest.raises(ValidationError):
        Locale(emergency_number="91 1")


def test_a_description_starting_with_a_placeholder_shows_its_value(project):
    from support import TODAY, front_matter
    from pathways.outputs import render_site

    example = project / "pathways" / "example.yaml"
    text = example.read_text(encoding="utf-8")
    line = next(row for row in text.splitlines() if row.startswith("    text: Fever or redness after an injection"))
    example.write_text(text.replace(line, f'    text: "{{{{ emergency_number }}}} is not needed. {line.split(": ", 1)[1]}"'),
                       encoding="utf-8")
    site, found = load_site(project)
    assert site, found
    page = next(body for rel, body in render_site(site, TODAY).items()
                if isinstance(body, str) and "Fever or redness after an injection" in body and rel.endswith(".md")
                and "/decide" not in rel)
    assert front_matter(page)["description"] == "911 is not needed."
