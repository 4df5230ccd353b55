# Tremplin: `make run` sets everything up and runs the headline-levers experiment (a batch of
# replications on a local Dask cluster, with an HTML report); `make test` runs the tests.
VENV      := .venv
PY        := $(VENV)/bin/python
STAMP     := $(VENV)/.installed
RUNS      := runs
JOBS      ?= 2

.PHONY: run test test-browser assets dashboard lint bench docs clean

$(STAMP): pyproject.toml
	@base=$$(PYTHON="$(PYTHON)" sh scripts/find-python.sh) || exit 1; \
	  echo "tremplin: using $$base"; \
	  [ -x $(PY) ] || "$$base" -m venv $(VENV) || { echo "tremplin: could not create $(VENV) with $$base (on Debian: apt-get install python3-venv)" >&2; exit 1; }
	@echo "tremplin: installing into $(VENV) (log: $(VENV)/install.log)"
	@$(PY) -m pip install --quiet --upgrade pip > $(VENV)/install.log 2>&1 && \
	  $(PY) -m pip install --quiet -e '.[dev]' >> $(VENV)/install.log 2>&1 || \
	  { cat $(VENV)/install.log >&2; echo "tremplin: installation failed (see above)" >&2; exit 1; }
	@touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/tremplin experiment headline_levers --out $(RUNS)/headline_levers

test: $(STAMP)
	$(PY) -m pytest -q -n $(JOBS)

# the dashboard's front-end files, from the npm registry into Solara's asset cache (offline use)
assets: $(STAMP)
	$(PY) -m tremplin.dashboards.assets

dashboard: assets
	$(VENV)/bin/tremplin dashboard

# browser tests only (they also run in 'make test'); screenshots in runs/screenshots/
test-browser: assets
	$(PY) -m pytest -q -p no:xdist tests/browser

# import-linter finds modules by folder, and this tree maps folders to package names
# (package-dir), so the contracts are checked against a regular install of the tree in a folder
# of its own, run from there (lint-imports puts its working folder first on the path, and here
# ./tremplin is only part of the package). setuptools' build/ goes first, or files deleted
# since the last build would reappear in the install.
LINT_SITE := $(abspath $(VENV))/lint-site
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	@rm -rf build $(LINT_SITE)
	@$(PY) -m pip install --quiet --no-deps --no-compile --target $(LINT_SITE) . \
	  > $(VENV)/lint-install.log 2>&1 || { cat $(VENV)/lint-install.log >&2; exit 1; }
	cd $(LINT_SITE) && PYTHONPATH=$(LINT_SITE) $(abspath $(VENV))/bin/lint-imports --no-cache \
	  --config $(CURDIR)/pyproject.toml

bench: $(STAMP)
	$(PY) -m benchmarks

docs: $(STAMP)
	$(VENV)/bin/tremplin docs --write

clean:
	rm -rf $(VENV) $(RUNS) .pytest_cache .ruff_cache build *.egg-info
