"""The live preview's helpers: what a save changed, and the problem banner (a broken save shows
its problems in the open page).

Only `pathways serve` uses this. The script is added to the preview's own mkdocs config and
written into the preview's temporary folder, so the published site never carries it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

SCRIPT = "pathways-preview.js"
STATE = "pathways-preview.json"
WATCHED = ("pathways", "content", "mkdocs.yml")  # what authors change


def inputs(root: Path) -> dict[str, int]:
    """Every authors' file the preview watches, with when it last changed."""
    found = {}
    for name in WATCHED:
        top = root / name
        for path in [top] if top.is_file() else top.rglob("*") if top.is_dir() else []:
            if path.is_file():
                found[path.relative_to(root).as_posix()] = path.stat().st_mtime_ns
    return found


def saved_pathways(root: Path, before: dict[str, int], now: dict[str, int]) -> list[Path]:
    """The English files of the pathways whose files (or translations) were saved, when those are
    all that changed; else nothing, and the whole site is built. A pathway added or removed
    changes the site's lists, so it is a whole-site change too."""
    if before.keys() != now.keys():
        return []
    changed = [Path(name) for name in now if now[name] != before[name]]
    if not changed or any(path.parts[0] != "pathways" or path.suffix != ".yaml" or len(path.parts) > 3
                          for path in changed):
        return []
    return sorted({root / "pathways" / f"{path.stem}.yaml" for path in changed})


def add_banner(config) -> None:
    """Every page of this preview build loads the banner script."""
    if SCRIPT not in [str(script) for script in config.extra_javascript]:
        config.extra_javascript.append(SCRIPT)


def show_problems(site_dir: str, problems) -> None:
    """Write the problems the banner shows (none after a good save), and the script itself."""
    folder = Path(site_dir)
    shutil.copyfile(Path(__file__).with_name("banner.js"), folder / SCRIPT)
    partial = folder / f".{STATE}.tmp"
    partial.write_text(json.dumps({"problems": [str(p) for p in problems]}), encoding="utf-8")
    partial.replace(folder / STATE)  # the reloading page never reads half a file
