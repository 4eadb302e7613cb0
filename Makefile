# Jingxin: two commands set up everything on a fresh machine with Python 3.11, make and git.
#   make run   — create .venv, install pinned dependencies, migrate SQLite, load the demo, serve on 127.0.0.1:8000
#   make test  — the same set-up, then the whole test suite
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# A developer machine serves plain http on 127.0.0.1; production sets HTTPS=1 (the default in settings).
export HTTPS ?= 0

.PHONY: run test test-menus bench bench-all bench-check setup migrate lint typecheck check clean

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

# The benchmarks that finish in a few minutes (docs/benchmarks.md has the others and the figures). The list
# benchmark needs PostgreSQL (BENCH_DATABASE_URL; its database is created and kept for the next run).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/jingxin_bench_make
bench: migrate
	$(PY) benchmarks/bench_mujun.py --sqlite --enterprises 30000 --sample 5000 --runs 5
	env -u DATABASE_URL $(PY) benchmarks/bench_monitoring.py --runs 15 --naive-units 20
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) benchmarks/bench_mujun_list.py --enterprises 100000 --runs 10

# Issue 16: the scale benchmarks at SCALE=city (minutes) or SCALE=province, on BENCH_DATABASE_URL; rewrites the
# figures block of docs/benchmarks.md. `bench-check` is the CI part: equality and query counts, no wall times.
SCALE ?= city
bench-all: migrate
	SCALE=$(SCALE) DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) benchmarks/run_all.py
bench: bench-all

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
