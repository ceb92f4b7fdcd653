# confide: `make run` serves the demo practice, `make test` runs lint and the whole suite.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= $(or $(CONFIDE_PORT),8000)
# The lock: every dependency of confide and its test and lint tools, pinned with hashes
# (requirements/runtime.txt, without the tools, is what the Docker image installs).
LOCK := requirements/dev.txt
# Parallel test processes (pytest-xdist); JOBS=0 runs in one process. Each test file stays on
# one worker (loadfile); one hash seed keeps the workers' collections identical.
JOBS ?= 2
PYTEST := PYTHONHASHSEED=0 $(BIN)/python -m pytest -q -p no:cacheprovider \
  $(if $(filter 0,$(JOBS)),,-n $(JOBS) --dist loadfile)

.PHONY: run test lint messages lock bench bench-deid bench-policy bench-http bench-clients bench-audit install browser clean deid-lexicons

$(STAMP): pyproject.toml $(LOCK)
	test -d $(VENV) || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# After changing a dependency in pyproject.toml: re-resolve the lock (uv, from PyPI).
lock:
	test -x $(BIN)/uv || $(BIN)/pip install --quiet 'uv>=0.5'
	$(BIN)/uv pip compile pyproject.toml --extra test --extra lint --generate-hashes \
	  --universal --python-version 3.11 --quiet -o $(LOCK)
	$(BIN)/uv pip compile pyproject.toml --generate-hashes \
	  --universal --python-version 3.11 --quiet -o requirements/runtime.txt

# Translations: refresh the Spanish catalog from the marked strings (src/confide/locale/es), then
# compile it. The compiled .mo is committed, so a clone runs without GNU gettext; editing
# strings or the catalog needs gettext's xgettext/msgmerge/msgfmt (apt-get install gettext).
# Locations are file names only, so a moved line does not churn the catalog.
messages: $(STAMP)
	cd src/confide && DJANGO_SETTINGS_MODULE=confide.settings ../../$(BIN)/python -m django \
	  makemessages -l es --add-location file --no-obsolete --ignore 'static/*'
	# msgmerge's fuzzy guesses look translated but are not: clear them so they read as to-do.
	msgattrib --clear-fuzzy --empty --clear-previous -o src/confide/locale/es/LC_MESSAGES/django.po \
	  src/confide/locale/es/LC_MESSAGES/django.po
	cd src/confide && DJANGO_SETTINGS_MODULE=confide.settings ../../$(BIN)/python -m django \
	  compilemessages -l es

# Debian's chromium drives the browser tests; Playwright never downloads a browser of its own.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "browser tests need Debian's chromium: sudo apt-get install -y chromium" >&2; exit 1; fi; }

run: $(STAMP)
	$(BIN)/confide serve --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/python tools/audit_deps.py
	$(BIN)/python -m confide rules audit

# The PostgreSQL round leaves out the browser tests and what is marked `once` (URL walks,
# property suites, the pure cores: see tests/conftest.py); they ran on SQLite just before.
test: lint browser
	$(PYTEST)
	@if [ -n "$$CONFIDE_TEST_POSTGRES" ]; then \
	  echo "== again on PostgreSQL"; \
	  CONFIDE_DATABASE_URL=$${CONFIDE_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} \
	    $(PYTEST) -m 'not browser and not once'; \
	fi

bench: bench-policy bench-deid bench-clients bench-audit bench-http

bench-policy: $(STAMP)
	$(BIN)/python benchmarks/policy_throughput.py

bench-deid: $(STAMP)
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/deid_quality.py

# The audit trail at scale (CONFIDE_AUDIT_EVENTS, default 1,000,000; 10,000,000 for the full
# measure): fill, full and incremental verify, trail filters, export, on SQLite and PostgreSQL.
bench-audit: $(STAMP)
	CONFIDE_BENCH_POSTGRES=$${CONFIDE_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres} \
	  $(BIN)/python benchmarks/audit_bench.py

# Client list and search at 5,000 clients: names sealed, sorted after decryption, blind index.
bench-clients: $(STAMP)
	$(BIN)/python benchmarks/client_search.py

# Rebuild the licensed word lists in src/confide/deid/data/ from the packages that ship them.
deid-lexicons: $(STAMP)
	$(BIN)/pip install --quiet -e '.[lexicons]'
	$(BIN)/python -m confide.deid.build_lexicons

# Load, crash and restore under gunicorn on SQLite and PostgreSQL (CONFIDE_BENCH_POSTGRES,
# default postgres://postgres@127.0.0.1:5432/postgres: a database is created and dropped).
bench-http: $(STAMP)
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/http_bench.py
	CONFIDE_CRASH_ROUNDS=5 CONFIDE_CRASH_BURST_SECONDS=5 CONFIDE_CRASH_WRITERS=16 \
	  $(BIN)/python -m pytest -q -p no:cacheprovider tests/operations/test_crash.py tests/operations/test_backup.py
	CONFIDE_DATABASE_URL=$${CONFIDE_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres} \
	CONFIDE_CRASH_ROUNDS=5 CONFIDE_CRASH_BURST_SECONDS=5 CONFIDE_CRASH_WRITERS=16 \
	  $(BIN)/python -m pytest -q -s -p no:cacheprovider tests/operations/test_crash.py \
	  tests/operations/test_backup.py tests/operations/test_two_servers.py

clean:
	rm -rf $(VENV) build *.egg-info
