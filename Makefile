# Tsunagari: `make run` serves the product on the embedded store; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
SEEDS ?= ../shared/seeds
RECORDS := data/records.jsonl
STORE ?= embedded:.tsunagari/graph

# `make test-fast`: the inner loop, under a minute on an idle machine: no chromium, no
# notebook kernel, no node, no full CLI loads. `make test` runs everything.
FAST := not browser and not notebook and not node and not neo4j and not slow

.PHONY: run test test-fast install system-deps cypher-deps cypher-check pytest data check-data lint bench soak clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

run: install
	TSUNAGARI_STORE=$(STORE) $(VENV)/bin/tsunagari rebuild $(RECORDS)
	TSUNAGARI_STORE=$(STORE) $(VENV)/bin/tsunagari serve --host 127.0.0.1 --port $(PORT)

# Debian packages for the page tests (chromium) and Japanese glyphs in screenshots.
system-deps:
	bash tools/install-system-deps.sh

tools/cypher-check/node_modules/.package-lock.json: tools/cypher-check/package-lock.json
	npm ci --prefix tools/cypher-check --no-audit --no-fund --loglevel=error
	touch $@

cypher-deps: tools/cypher-check/node_modules/.package-lock.json

cypher-check: install cypher-deps
	$(PY) -m tsunagari.cypher_check

pytest: install cypher-deps system-deps
	$(PY) -m pytest -q

test: lint cypher-check pytest

test-fast: install
	$(PY) -m pytest -q -m "$(FAST)"

data: install
	$(VENV)/bin/tsunagari extract $(SEEDS) --out $(RECORDS) --notes data/extraction-notes.txt

lint: install
	$(VENV)/bin/ruff check .

# SIZE=2k|20k|100k (100k organisations, 1M partnership edges); figures in bench-output/results.json
SIZE ?= 20k
# The bench graph is rebuilt as the product builds it: with the stored suggestion answers
# and seeds (BENCH_ANSWERS=off measures a rebuild without them, every request then live).
BENCH_ANSWERS ?= on
bench: install system-deps
	TSUNAGARI_SUGGEST_ANSWERS=$(BENCH_ANSWERS) $(PY) -m benchmarks.run --size $(SIZE)

# The reliability suite, long version (tests/test_soak.py runs a short one in `make test`):
# hostile payloads on every route, kill -9 during loads, hostile files, store down, loopback clients.
soak: install
	timeout 3600 $(PY) -m benchmarks.soak

clean:
	rm -rf .tsunagari test-output bench-output
