"""The offline kiosk edition (`pathways build --offline`, offline.py): every link in every page
leads to a file that is there, as file:// needs, and the zip holds the same copy."""

from __future__ import annotations

import re
import zipfile
from urllib.parse import unquote

from pathways.offline import file_address

from support import run_cli

LINK = re.compile(r'\b(?:href|src)="([^"]*)"')


def test_folder_addresses_become_their_index_html():
    page = "options/mri/index.html"
    assert file_address("../physical-therapy/", page) == "../physical-therapy/index.html"
    assert file_address("../../references/#ref-x", page) == "../../references/index.html#ref-x"
    assert file_address("..", page) == "../index.html"
    assert file_address(".", page) == "./index.html"
    assert file_address("../..", page) == "../../index.html"
    assert file_address("/clinicians/", page) == "../../clinicians/index.html"
    assert file_address("/clinicians/links.json", page) == "../../clinicians/links.json"
    for kept in ("#top", "https://www.nhs.uk/", "tel:911", "mailto:a@b.c", "../mri.qr.svg", "//cdn.example/x.js", ""):
        assert file_address(kept, page) == kept


def test_every_link_in_the_offline_edition_leads_to_a_file(offline_site):
    folder, _ = offline_site
    broken, checked = [], 0
    for page in folder.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        redirects = re.findall(r'content="\d+; url=([^"]*)"', text) + re.findall(r'location\.replace\("([^"]*)"', text)
        for value in LINK.findall(text) + redirects:
            if not value or value.startswith("#") or re.match(r"^[a-z][a-z0-9+.-]*:|^//", value, re.I):
                continue
            checked += 1
            target = (page.parent / unquote(value.split("#")[0].split("?")[0])).resolve()
            if not target.is_file():
                broken.append(f"{page.relative_to(folder)}: {value}")
    assert checked > 1000
    assert broken == []


def test_search_works_from_a_script_with_file_addresses(offline_site):
    folder, _ = offline_site
    script = (folder / "search" / "search_index.js").read_text(encoding="utf-8")
    assert script.startswith("var __index = {")
    locations = re.findall(r'"location":"([^"]*)"', script)
    assert locations and all(loc.split("#")[0].endswith("index.html") for loc in locations)
    assert "./index.html#what-else-is-on-this-site" in locations
    assert (folder / "assets" / "javascripts" / "iframe-worker-shim.js").is_file()
    # Loaded from the edition itself: nothing from another site.
    assert 'src="assets/javascripts/iframe-worker-shim.js"' in (folder / "index.html").read_text(encoding="utf-8")
    assert "unpkg.com" not in (folder / "index.html").read_text(encoding="utf-8")
    assert "navigation.instant" not in (folder / "index.html").read_text(encoding="utf-8")


def test_the_zip_holds_the_edition(offline_site):
    folder, archive = offline_site
    with zipfile.ZipFile(archive) as zipped:
        names = set(zipped.namelist())
    files = {f"offline-site/{p.relative_to(folder).as_posix()}" for p in folder.rglob("*") if p.is_file()}
    assert names == files
    assert "offline-site/index.html" in names and "offline-site/after-epidural-injection/decide/index.html" in names


def test_a_failed_offline_build_says_so_and_keeps_the_last_edition(project):
    (project / "pathways" / "example.yaml").write_text("id: [\n", encoding="utf-8")
    ran = run_cli(project, "build", "--offline")
    assert ran.returncode == 1
    assert "The offline edition was not built; offline-site/ is unchanged." in ran.stderr
    assert not (project / "offline-site").exists()
