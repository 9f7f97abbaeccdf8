# The two commands (see README): `make site` sets up and builds; `make test` sets up and tests.
VENV   := .venv
SUDO   := $(if $(filter 0,$(shell id -u)),,sudo)
PYTHON ?= python3

.PHONY: site serve test check new bench chromium

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.site: pyproject.toml | $(VENV)/bin/activate
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.test: pyproject.toml $(VENV)/.site
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -e ".[test]"
	@# Zensical (mkdocs-material's successor) for the portability test, which skips without it.
	$(VENV)/bin/pip install --quiet --disable-pip-version-check "zensical==0.0.73" \
	  || echo "Zensical 0.0.73 could not be installed: tests/site/test_portability.py will be skipped."
	touch $@

site: $(VENV)/.site
	$(VENV)/bin/pathways build

serve: $(VENV)/.site
	$(VENV)/bin/pathways serve

check: $(VENV)/.site
	$(VENV)/bin/pathways check $(FILE)

# make new ID=my-pathway: a starter pathway that passes the check
new: $(VENV)/.site
	$(VENV)/bin/pathways new $(ID)

# Browser tests use Debian's Chromium, never a browser download.
chromium:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium >/dev/null; }

test: $(VENV)/.test chromium
	$(VENV)/bin/pytest -q

# Speed and page-weight figures (README "Benchmark"). Lighthouse comes from npm, pinned in bench/.
bench: $(VENV)/.test chromium
	npm ci --prefix bench --ignore-scripts --no-audit --no-fund --silent
	$(VENV)/bin/pathways bench
