"""The Spanish edition as built: every page declares its language and links to its English twin
(and back), the clinicians' list gives each link in Spanish too, and no English word from the
catalogue is left on a Spanish page."""

from __future__ import annotations

import json
import re
from pathlib import Path

from pathways import words

from support import ROOT

TWIN = re.compile(r'<p class="pw-twin"><a href="([^"]+)" hreflang="(\w+)"')


def _pages(site: Path, under: str = "") -> list[Path]:
    """Built pages (not redirect pages) of an edition: under '' the original, 'es' the Spanish."""
    top = site / under if under else site
    return [p for p in sorted(top.rglob("index.html"))
            if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")
            and (under or not p.relative_to(site).as_posix().startswith("es/"))]


def _twin(page: Path) -> tuple[Path, str] | None:
    found = TWIN.search(page.read_text(encoding="utf-8"))
    if not found:
        return None
    return (page.parent / found.group(1) / "index.html").resolve(), found.group(2)


def test_every_spanish_page_says_it_is_spanish_and_leads_to_its_english_twin_and_back(real_site):
    site, _ = real_site
    spanish = _pages(site, "es")
    assert len(spanish) > 100
    for page in spanish:
        text = page.read_text(encoding="utf-8")
        assert '<html lang="es"' in text, page
        twin = _twin(page)
        assert twin is not None and twin[1] == "en" and twin[0].is_file(), page
        back = _twin(twin[0])
        assert back == (page.resolve(), "es"), twin[0]
        assert f'hreflang="en" href="https://' in text  # and in the head, for search engines


def test_english_pages_with_a_translation_link_to_it(real_site):
    site, _ = real_site
    english = _pages(site)
    linked = [p for p in english if _twin(p)]
    assert {p.relative_to(site).as_posix() for p in english} - {p.relative_to(site).as_posix() for p in linked} \
        == {"clinicians/index.html", "authors-guide/index.html", "connect/index.html"}  # for staff: English only
    assert all('<html lang="en"' in p.read_text(encoding="utf-8") for p in english)


def _english_words() -> set[str]:
    """Reader-facing English sentences of the catalogue (each run of text between placeholders) that
    the Spanish catalogue says differently. Language names and staff-only pages are left out."""
    en, es = words.catalogue("en"), words.catalogue("es")
    found = set()

    def walk(a, b, path):
        if path[:1] in (("languages",), ("clinicians",), ("clinicians_page",)) or path == ("nav", "clinicians.md"):
            return
        if isinstance(a, dict):
            for key in a:
                walk(a[key], b[key], path + (key,))
        elif isinstance(a, list):
            for x, y in zip(a, b):
                walk(x, y, path)
        elif isinstance(a, str) and a != b:
            found.update(run.strip() for run in re.split(r"\{\{?[^}]*\}\}?", a) if len(run.strip()) >= 12)

    walk(en, es, ())
    return found


def test_no_english_word_of_the_catalogue_is_on_a_spanish_page(real_site):
    site, _ = real_site
    english = _english_words()
    assert len(english) > 60
    left = {}
    for page in _pages(site, "es"):
        text = page.read_text(encoding="utf-8")
        # Cited works keep their published titles, which may be English.
        text = re.sub(r'<details class="pw-sources".*?</details>|<ol class="references.*?</ol>', "", text, flags=re.S)
        text = text.replace("&#39;", "'").replace("&quot;", '"').replace("&amp;", "&")
        found = [w for w in english if w in text]
        if found:
            left[page.relative_to(site).as_posix()] = found
    assert left == {}


def test_the_spanish_edition_has_spanish_search_and_its_own_404(real_site):
    site, _ = real_site
    config = json.loads((site / "es" / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]
    assert config["lang"] == ["es"]
    assert words.catalogue("es")["theme"]["not_found_title"] in (site / "es" / "404.html").read_text(encoding="utf-8")


def test_every_clinicians_link_is_also_given_in_spanish(real_site):
    site, _ = real_site
    data = json.loads((site / "clinicians" / "links.json").read_text(encoding="utf-8"))
    links = [link for group in data["groups"] for link in group["links"]]
    assert links and all("es" in link["translations"] for link in links)
    for link in links:
        es = link["translations"]["es"]
        assert es["url"] == "/es" + link["url"] and es["full_url"].endswith(es["url"])
        assert (site / es["url"].strip("/") / "index.html").is_file()
        assert es["summary"].endswith(es["full_url"]) and es["summary"] != link["summary"]


def test_spanish_short_links_lead_to_spanish_pages(real_site):
    site, _ = real_site
    short = (site / "es" / "go" / "esi" / "index.html").read_text(encoding="utf-8")
    assert 'location.replace("../../after-epidural-injection/"' in short
    assert '<html lang="es">' in short and words.catalogue("es")["redirect"]["heading"] in short


def test_urls_lock_covers_the_spanish_addresses():
    locked = (ROOT / "urls.lock").read_text(encoding="utf-8").split()
    assert "/es/" in locked and "/es/after-epidural-injection/get-help-now/" in locked and "/es/go/esi/" in locked
