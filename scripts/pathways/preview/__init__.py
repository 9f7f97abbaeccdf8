"""The live preview's problem banner: a broken save shows its problems in the open page.

Only `pathways serve` uses this. The script is added to the preview's own mkdocs config and
written into the preview's temporary folder, so the published site never carries it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

SCRIPT = "pathways-preview.js"
STATE = "pathways-preview.json"


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
