"""Locale facts written once: `{{ emergency_number }}` in any page or pathway text.

Authors write the emergency number, the names of services and temperatures as
placeholders; the values come from the `locale` block of content/site.yaml, so a clinic
in another country changes one file. This is plain substitution of known names, never
a template language: author text cannot run anything.
"""

from __future__ import annotations

import re

from .model import Locale
from .problems import Problem

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_]+)(?:\s+(-?\d+(?:\.\d+)?))?\s*\}\}")
NAMES = {
    "emergency_number": "the emergency phone number, e.g. 911",
    "emergency_service": 'where to go in an emergency, e.g. "emergency room"',
    "urgent_care": 'the walk-in service for same-day care, e.g. "urgent care"',
    "temperature": "a temperature given in °C, shown in the site's units, e.g. {{ temperature 38 }}",
}


def _temperature(celsius: str, unit: str) -> str:
    c = float(celsius)
    f = round(c * 9 / 5 + 32, 1)
    shown_c, shown_f = f"{c:g} °C", f"{f:g} °F"
    return f"{shown_f} ({shown_c})" if unit == "F" else f"{shown_c} ({shown_f})"


def fill(text: str, locale: Locale) -> str:
    """`text` with every placeholder replaced by its value (unknown ones are left for `problems`)."""
    if "{{" not in text:
        return text

    def value(match: re.Match) -> str:
        name, number = match.groups()
        if name == "temperature" and number is not None:
            return _temperature(number, locale.temperature_unit)
        if name in NAMES and name != "temperature" and number is None:
            return getattr(locale, name)
        return match.group(0)

    return PLACEHOLDER.sub(value, text)


def problems(path: str, lines: list[str], first_line: int = 1) -> list[Problem]:
    """Every `{{ ... }}` in a file's lines that is not a known placeholder, at its line and column."""
    found = []
    for number, line in enumerate(lines, start=first_line):
        if "{{" not in line:
            continue
        for match in re.finditer(r"\{\{.*?(\}\}|$)", line):
            known = PLACEHOLDER.fullmatch(match.group(0))
            name, value = known.groups() if known else (None, None)
            if known and name in NAMES and (value is not None) == (name == "temperature"):
                continue
            names = ", ".join("{{ %s }}" % n for n in NAMES if n != "temperature") + ", {{ temperature 38 }}"
            found.append(Problem(path, number, match.start() + 1,
                                 f'"{match.group(0).strip()}" is not a placeholder this site knows: use one of '
                                 f"{names} (the values are set in content/site.yaml under locale)"))
    return found
