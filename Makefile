# edesk — two commands do all set-up: `make run` and `make test` (see README.md).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/edesk
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := edesk.settings

.PHONY: run serve install migrate demo test check lint types templates test-sqlite test-postgres e2e bench bench-data bench-signing clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --upgrade --quiet pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py seed_demo

# Set-up, demo organisation and users, then serve on http://127.0.0.1:8000 with the demo log-ins printed.
run: demo
	$(BIN)/python manage.py print_demo_logins
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Production-style serving (several workers), as the benchmarks measure it.
serve: migrate
	$(BIN)/python manage.py collectstatic --noinput >/dev/null
	$(BIN)/gunicorn edesk.wsgi --bind $(HOST):$(PORT) --workers 4 --threads 2 --access-logfile -

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: install
	$(BIN)/mypy src/edesk

templates: install
	$(BIN)/djlint src/edesk --lint --quiet

check: lint types templates
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run >/dev/null

test-sqlite: install
	DATABASE_URL= $(BIN)/pytest -q -p no:randomly

# Runs when EDESK_TEST_POSTGRES=1 or PostgreSQL answers on 127.0.0.1:5432; EDESK_TEST_POSTGRES=required
# (what CI sets) turns an unreachable server into a failure instead of a skip.
test-postgres: install
	@if [ "$$EDESK_TEST_POSTGRES" = "1" ] || [ "$$EDESK_TEST_POSTGRES" = "required" ] || \
	   timeout 2 bash -c '</dev/tcp/127.0.0.1/5432' 2>/dev/null; then \
	  echo "== PostgreSQL ($(PG_URL)) =="; DATABASE_URL=$(PG_URL) $(BIN)/pytest -q; \
	elif [ "$$EDESK_TEST_POSTGRES" = "required" ]; then echo "PostgreSQL is required but not reachable"; exit 1; \
	else echo "== PostgreSQL not reachable on 127.0.0.1:5432: skipped =="; fi

test: check
	@echo "== SQLite =="
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

# The benchmark province in its own database (edesk_bench; BENCH_DATABASE_URL overrides). Add
# BENCH_ARGS="--reset --yes" to replace earlier benchmark data.
bench-data: install
	@psql postgres://postgres@127.0.0.1:5432/postgres -qc "CREATE DATABASE edesk_bench" 2>/dev/null || true
	DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/edesk_bench} $(BIN)/python manage.py migrate --noinput -v0
	DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/edesk_bench} $(BIN)/python manage.py bench_generate \
	  --documents $${SIZE:-1000000} --agencies 250 --users 15000 $(BENCH_ARGS)

bench: install
	DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/edesk_bench} $(BIN)/python bench/run.py

# Signatures per second (PKCS#12 key, 1- and 20-page PDFs) against `openssl speed rsa2048`; N=200 each.
bench-signing: install
	$(BIN)/python bench/signing_bench.py

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache
