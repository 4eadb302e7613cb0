# Jingxin: two commands set up everything on a fresh machine with Python 3.11, make and git.
#   make run   — create .venv, install pinned dependencies, migrate SQLite, load the demo, serve on 127.0.0.1:8000
#   make test  — the same set-up, then the whole test suite
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# A developer machine serves plain http on 127.0.0.1; production sets HTTPS=1 (the default in settings).
export HTTPS ?= 0

.PHONY: run test test-menus bench bench-check setup migrate lint typecheck check clean

$(STAMP): requirements.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "需要 Python 3.11（$(PYTHON)）"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

setup: $(STAMP)

migrate: setup
	$(PY) manage.py migrate --noinput

run: migrate
	$(PY) manage.py load_demo
	$(PY) manage.py serve --bind 127.0.0.1:8000

test: migrate
	$(PY) -m pytest -n auto

# The generated browser run over every role and menu entry (issue 15) in both languages; `make test` takes every
# role in Chinese.
test-menus: migrate
	MENUS_LANGUAGES=all $(PY) -m pytest -n auto -m menus tests/browser/test_menus.py

# Issue 16: every benchmark under benchmarks/ (but the locust file bench_load.py) at SCALE=tiny|city|province, each
# on its own PostgreSQL database named after BENCH_DATABASE_URL's (kept for the next run at the same scale); rewrites
# the figures block of docs/benchmarks.md (city and province). City: minutes each; province: the issue's sizes
# (1,000,000 for 亩均: hours in all). ONLY=name runs the scripts whose name contains it (the table is then printed,
# not written). CI (.ci/run) runs `make bench SCALE=tiny` on PostgreSQL: every path runs and must give the naive
# way's results; no wall time is judged. `bench-check` tests this machinery itself (every script in every scale).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/jingxin_bench_make
SCALE ?= city
bench: migrate
	SCALE=$(SCALE) DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) benchmarks/run_all.py $(if $(ONLY),--only $(ONLY))

bench-check: setup
	$(PY) -m pytest -q tests/test_bench_check.py

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: setup
	$(VENV)/bin/mypy .

check: lint typecheck test

clean:
	rm -rf $(VENV) var
