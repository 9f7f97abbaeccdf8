"""The project's settings, as one typed model read from three files.

- mkdocs.yml: the site's name and public address (full URLs, QR codes) and its language
  (`theme.language`, which picks the word catalogue, locales/<language>.yaml);
- pyproject.toml, [tool.pathways]: the reading-level limit;
- content/site.yaml: the review dates of the pages the generator makes, and the locale
  (emergency number, services, units), which editors set.

Mistakes are problems like any other (`file:line:col: message`); a placeholder site_url is a warning.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import Field, ValidationError
from ruamel.yaml import YAML

from .load import read_yaml
from .model import Locale, SiteReview, Strict
from .model_errors import parse_model, review_dates
from .problems import Problem, Problems
from .words import LOCALES

# Hosts that mean site_url in mkdocs.yml was never set (RFC 2606 reserves them for examples).
PLACEHOLDER_HOSTS = ("example.org", "example.com", "example.net", "localhost", "127.0.0.1")


class ToolSettings(Strict):
    """[tool.pathways] in pyproject.toml."""

    max_grade: float = Field(8.0, gt=0, description="Highest US school grade (Flesch-Kincaid) allowed on an English "
                                                   "patient page.")
    min_perspicuity: float = Field(55.0, gt=0, description="Lowest Szigriszt-Pazos score allowed on a Spanish patient "
                                                           "page (55 is INFLESZ 'normal').")


class Config(Strict):
    site_name: str
    site_description: str = ""
    site_url: str = Field(description="mkdocs.yml's site_url without its last slash: full addresses start with it.")
    language: str = Field("en", description="mkdocs.yml's theme.language: the catalogue readers' words come from.")
    max_grade: float = 8.0
    min_perspicuity: float = 55.0
    review: SiteReview
    prefix: str = Field("", description="The edition's folder in the site: '' for the original, 'es' for /es/.")
    original: str = Field("en", description="The language the site is written in (its translations' source).")

    @property
    def locale(self) -> Locale:
        return self.review.locale

    @property
    def home_url(self) -> str:
        """The whole site's address, without an edition's folder: full addresses of every edition start with it."""
        return self.site_url.removesuffix("/" + self.prefix) if self.prefix else self.site_url

    @property
    def translations(self) -> list[str]:
        return list(self.review.translations) if not self.prefix else []

    def edition(self, language: str) -> "Config":
        """The settings of the site's translation into `language`, published under /<language>/."""
        own = self.review.translations[language]
        words = own.model_dump(include={"emergency_service", "urgent_care"})
        review = self.review.model_copy(update={"locale": self.locale.model_copy(update=words)})
        return self.model_copy(update={"language": language, "prefix": language, "review": review,
                                       "site_url": f"{self.site_url}/{language}", "site_name": own.site_name,
                                       "site_description": own.site_description})


def _line_of(path: Path, start: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next((n for n, text in enumerate(lines, 1) if text.startswith(start)), 1)


def mkdocs_settings(root: Path) -> dict:
    """mkdocs.yml as data. Round-trip mode reads mkdocs' !!python tags without running them (and
    writes them back as they were, for the editions' configurations: mkdocs_config.py)."""
    return YAML().load((root / "mkdocs.yml").read_text(encoding="utf-8")) or {}


def load(root: Path) -> tuple[Config | None, list[Problem]]:
    """The settings, or the problems that stop them being read."""
    try:
        review_doc = read_yaml(root / "content" / "site.yaml", "content/site.yaml")
    except Problems as exc:
        return None, exc.problems
    except FileNotFoundError:
        return None, [Problem("content/site.yaml", 1, 1, "content/site.yaml (review dates for generated pages) is missing")]
    review, problems = parse_model(review_doc, SiteReview)
    if review is None:
        return None, problems
    problems += review_dates(review_doc, review)
    mkdocs = mkdocs_settings(root)
    theme = mkdocs.get("theme") if isinstance(mkdocs.get("theme"), dict) else {}
    language = str(theme.get("language") or "en")
    if not mkdocs.get("site_name"):
        problems.append(Problem("mkdocs.yml", 1, 1, 'add "site_name:" with the site\'s name (every page shows it)'))
    if not (LOCALES / f"{language}.yaml").is_file():
        known = ", ".join(sorted(p.stem for p in LOCALES.glob("*.yaml")))
        problems.append(Problem("mkdocs.yml", _line_of(root / "mkdocs.yml", "  language:"), 1,
                                f'the theme language "{language}" has no word catalogue '
                                f"(scripts/pathways/locales/{language}.yaml); the languages there are: {known}"))
    for other in review.translations:
        if not (LOCALES / f"{other}.yaml").is_file():
            problems.append(review_doc.problem(("translations", other), f'the language "{other}" has no word '
                                               f"catalogue (scripts/pathways/locales/{other}.yaml)", at_key=True))
    tool, found = _tool_settings(root)
    problems += found
    if problems:
        return None, problems
    return Config(site_name=str(mkdocs["site_name"]), site_description=str(mkdocs.get("site_description") or ""),
                  site_url=str(mkdocs.get("site_url") or "").rstrip("/"),
                  language=language, original=language, max_grade=tool.max_grade,
                  min_perspicuity=tool.min_perspicuity, review=review), []


def _tool_settings(root: Path) -> tuple[ToolSettings, list[Problem]]:
    path = root / "pyproject.toml"
    if not path.is_file():
        return ToolSettings(), []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {}).get("pathways", {})
        return ToolSettings.model_validate(data), []
    except tomllib.TOMLDecodeError as exc:
        return ToolSettings(), [Problem("pyproject.toml", getattr(exc, "lineno", 1) or 1, 1, f"this is not valid TOML: {exc}")]
    except ValidationError as exc:
        err = exc.errors()[0]
        name = ".".join(str(part) for part in err["loc"])
        return ToolSettings(), [Problem("pyproject.toml", _line_of(path, name), 1,
                                        f'"{name}" in [tool.pathways]: {err["msg"].lower()}')]


def read(root: Path) -> Config:
    """The settings; raises Problems."""
    config, problems = load(root)
    if config is None:
        raise Problems(problems)
    return config


def site_url_warning(root: Path) -> str | None:
    """A warning while mkdocs.yml's site_url is still a placeholder: every full address, QR code and
    after-visit summary would lead to a site that is not ours."""
    url = str(mkdocs_settings(root).get("site_url") or "").rstrip("/")
    host = url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0].lower()
    if url and host not in PLACEHOLDER_HOSTS and not host.endswith(tuple("." + h for h in PLACEHOLDER_HOSTS)):
        return None
    return (f"mkdocs.yml:{_line_of(root / 'mkdocs.yml', 'site_url:')}:1: warning: site_url is {url or 'not set'}, "
            "a placeholder: the clinicians' links, QR codes and printed addresses point there. Set site_url to the "
            "site's public address before publishing.")
