"""YAML syntax errors in plain words, at the line and column to fix, with the fix."""

from __future__ import annotations

import pytest

from support import EXAMPLE, edit, problems

CASES = {
    "a tab": (
        "    kind: info\n", "\tkind: info\n", "\tkind: info", 1,
        "this line has a tab: YAML lines are indented with spaces only; replace the tab with spaces"),
    "a missing colon": (
        "    kind: info\n", "    kind info\n", "    kind info", 5,
        'this line has no ":" after its field name: write "kind: info" (if it continues the text above, '
        "indent it further than that text's field)"),
    "no space after the colon": (
        "    kind: info\n", "    kind:info\n", "    kind:info", 9, 'put a space after the colon: "kind: info"'),
    "a title with a colon": (
        "title: Get medical help now", "title: Warning: get medical help now", "title: Warning:", 19,
        'this text has ": " (a colon and a space) in it, which YAML reads as the start of another field. '
        'Put the whole text in double quotes: title: "Warning: get medical help now"'),
    "text starting with a citation": (
        "text: Fever or redness", "text: [@nhs-cauda-equina] Fever or redness", "text: [@nhs", 11,
        "text that starts with [ must be in quotes: YAML reads [ there as the start of a list. Put the whole text "
        'in double quotes: text: "[@nhs-cauda-equina] Fever or redness after an injection needs to be checked the '
        'same day."'),
    "an unclosed quote": (
        "title: Get medical advice today", 'title: "Get medical advice today', 'title: "Get medical advice', 12,
        'this " starts a quoted text that is never closed on its line: add a closing " at the end of the text'),
    "an unclosed bracket": (
        '  - answers: ["Yes, I have one or more of these"]', '  - answers: ["Yes, I have one or more of these"',
        '  - answers: ["Yes, I have one or more of these"', 14,
        "this [ starts a list that is never closed: end it with ] on the same line"),
    "a line indented too far": (
        "    urgency: urgent\n", "      urgency: urgent\n", "      urgency: urgent", 7,
        'this line is indented more than the line above, so YAML reads it as more of the text above: line it up '
        'with "kind:" on line 57 (4 spaces), or indent it further if it belongs under it'),
    "a list item without its dash": (
        "  - id: same-day\n", "  id: same-day\n", "  id: same-day", 3,
        'this line is in the list that starts on line 16 but does not start with "- ": start a new item with "- ", '
        "or indent this line to line up with the fields of the item above"),
    "a misaligned dash": (
        "      - label: A lot, but the pain came back", "       - label: A lot, but the pain came back",
        "       - label: A lot", 8,
        'this "- " is indented 7 spaces, but the list it belongs to (line 29) uses 6: line the "- " up with the one on line 29'),
}


@pytest.mark.parametrize("name", CASES)
def test_yaml_mistake_in_plain_words(project, name):
    old, new, needle, col, message = CASES[name]
    edit(project, old, new)
    lines = (project / EXAMPLE).read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if text.startswith(needle) or text.lstrip().startswith(needle))
    assert problems(project) == [f"{EXAMPLE}:{line}:{col}: {message}"]


def test_yaml_mistake_in_a_pages_front_matter_names_the_page_line(project):
    page = "content/options/physical-therapy.md"
    edit(project, "type: option", "type option", path=page)
    (only,) = problems(project)
    assert only.startswith(f"{page}:4:1: this line has no \":\" after its field name: write \"type: option\"")
