"""The words readers see, from the catalogue of the site's language (locales/<language>.yaml).

The renderer holds the site's catalogue (`SiteRenderer.words`, by mkdocs.yml's theme.language);
templates get it as `words`, emitters as `out.words`, flow.js in the page (#pw-flow-words).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ruamel.yaml import YAML

LOCALES = Path(__file__).parent / "locales"


@cache
def catalogue(language: str = "en") -> dict:
    return YAML(typ="safe").load((LOCALES / f"{language}.yaml").read_text(encoding="utf-8"))


def say(text: str, **values: str) -> str:
    """A catalogue sentence with its {name}s filled (not str.format: a title may hold braces)."""
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    return text
