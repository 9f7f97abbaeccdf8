"""Each edition's mkdocs configuration, written beside the docs it builds (build/mkdocs.yml and
build/mkdocs-<language>.yml), made from the project's mkdocs.yml.

Files, not Python overrides, so that mkdocs and Zensical (which reads a configuration file but
runs no Python of ours) build the same thing. Each edition gets its language (the theme's words,
search stemmer and <html lang>), its address, the menu in its words, the theme words of our
overrides (extra.words, from the catalogue) and the language selector (extra.alternate).
"""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

from ruamel.yaml import YAML

from . import words
from .config import Config, mkdocs_settings


def _nav(nav, said: dict, pages: set[str]):
    """The menu with each page's label in the edition's words; pages the edition lacks are left out."""
    out = []
    for item in nav or []:
        (label, target), = item.items() if isinstance(item, dict) else ((None, item),)
        if isinstance(target, str) and target in pages:
            out.append({said.get(target, label): target})
    return out


def _theme_words(said: dict) -> tuple[dict, str]:
    """The words of theme/main.html and 404.html, and those its script uses, as JSON safe in a <script>."""
    theme = {**said["theme"], "qr_alt": said["flow"]["qr_alt"]}
    script = {key: theme[key] for key in ("copied", "selected", "links_found")}
    text = json.dumps(script, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return theme, text


def text(root: Path, config: Config, language: str, pages: set[str]) -> str:
    """The configuration of the edition in `language` (the original's when it is config.original)."""
    data = mkdocs_settings(root)
    original = language == config.original
    said = words.catalogue(language)
    folder = "" if original else f"/{language}"
    data["docs_dir"] = "docs" if original else f"docs-{language}"
    # Inside build/ (Zensical wants the site inside the configuration's folder); `pathways build`
    # gives mkdocs its own folder anyway (build.py).
    data["site_dir"] = "site" + folder
    data["site_url"] = config.site_url + folder + "/"
    if not original:
        own = config.review.translations[language]
        data["site_name"], data["site_description"] = own.site_name, own.site_description
    theme = data["theme"]
    theme["language"] = language
    for palette in theme.get("palette") or []:  # the light/dark switch's label, in the edition's words
        if isinstance(palette, dict) and isinstance(palette.get("toggle"), dict):
            palette["toggle"]["name"] = said["theme"]["to_light" if palette.get("scheme") == "slate" else "to_dark"]
    if theme.get("custom_dir"):
        theme["custom_dir"] = "../" + str(theme["custom_dir"])
    if not original:
        data["nav"] = _nav(data.get("nav"), said["nav"], pages)
    extra = data.setdefault("extra", {})
    extra["words"], extra["words_json"] = _theme_words(said)
    languages = [config.original] + list(config.review.translations)
    if len(languages) > 1:
        # The theme's language selector: each edition's home (theme/partials/alternate.html makes it the page's twin).
        root_of = {lang: ("" if lang == config.original else f"{lang}/") for lang in languages}
        up = "" if original else "../"
        extra["alternate"] = [{"name": said["languages"][lang], "lang": lang, "link": up + root_of[lang]}
                              for lang in languages]
    out = StringIO()
    yaml = YAML()
    yaml.width = 120
    yaml.dump(data, out)
    return "# Written by `pathways build` from ../mkdocs.yml: edit that file, not this one.\n" + out.getvalue()


def path(root: Path, language: str, config: Config) -> Path:
    return root / "build" / ("mkdocs.yml" if language == config.original else f"mkdocs-{language}.yml")
