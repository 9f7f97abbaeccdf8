"""The words readers see, from the catalogue of the site's language (locales/<language>.yaml).

Templates get the catalogue as `words`; the generator looks words up here, never writes them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ruamel.yaml import YAML

LOCALES = Path(__file__).parent / "locales"


@cache
def catalogue(language: str = "en") -> dict:
    return YAML(typ="safe").load((LOCALES / f"{language}.yaml").read_text(encoding="utf-8"))


def kind_label(kind: str, language: str = "en") -> str:
    """A kind of step as a label: "Question", "Information", "Result"."""
    return catalogue(language)["kinds"][kind]["label"]
