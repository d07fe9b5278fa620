# The two set-up commands of the README: `make build` and `make test`.
# Everything is installed into .venv from the package registries; nothing by hand.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
GG     := $(BIN)/groundgame

.PHONY: build serve test test-fast validate bench lint clean catalogs catalogs-extract catalogs-update catalogs-compile

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml node_modules/.installed | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

# The calendar readers the tests use as oracles (ical.js), exactly as package-lock.json pins them.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

validate: $(VENV)/.installed
	$(GG) validate

# The site: validated first (the same loader and rules as `groundgame validate`; invalid
# content stops here and writes nothing), then built by Pelican with the project's plugins.
# --fatal warnings: a warning fails the build. SITEURL=https://org.github.io/repo for a sub-path.
PELICAN := $(BIN)/pelican content -s pelicanconf.py
build: validate
	$(PELICAN) --fatal warnings

# A local preview at http://localhost:8000 that rebuilds when content or theme change. After the
# first build, each rebuild remakes only the files a change affects (GROUNDGAME_INCREMENTAL), so
# the output folder is kept between rebuilds; "now" is the moment the preview started.
serve: validate
	rm -rf output
	SOURCE_DATE_EPOCH=$${SOURCE_DATE_EPOCH:-$$(date +%s)} $(PELICAN) --listen --autoreload --port 8000 \
		-e GROUNDGAME_INCREMENTAL=true DELETE_OUTPUT_DIRECTORY=false

# UI strings: extract from the theme and views into the template, merge into every
# language's catalog, compile (the compiled .mo files are committed).
LOCALES := src/groundgame/locale
catalogs: catalogs-extract catalogs-update catalogs-compile
catalogs-extract: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k N_ --no-location --sort-output --project groundgame \
		--copyright-holder groundgame -o $(LOCALES)/messages.pot .
catalogs-update: $(VENV)/.installed
	$(BIN)/pybabel update -i $(LOCALES)/messages.pot -d $(LOCALES) --no-fuzzy-matching --ignore-obsolete
catalogs-compile: $(VENV)/.installed
	$(BIN)/pybabel compile -d $(LOCALES) --statistics

# Every layer: unit (unmarked), build (builds sites or feeds, runs readers) and browser (Chromium).
test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -n 2 --dist loadfile

# The unit layer alone, in seconds: what to run while working.
test-fast: $(VENV)/.installed-test
	$(BIN)/python -m pytest -m "not build and not browser"

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: $(VENV)/.installed-test
	$(BIN)/python bench/run.py

clean:
	rm -rf output bench/out .cache
