# Quick start: `make run` (set up, migrate, demo data, serve) and `make test` (set up, whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CCHC := $(BIN)/cchc
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
DEMO_DOSSIERS ?= 5000

.PHONY: run test setup system-deps migrate demo static lint format lock messages bench bench-load clean

run: setup migrate demo static
	@$(CCHC) demo --logins
	@echo "Serving on http://$(HOST):$(PORT)/  (staff: http://$(HOST):$(PORT)/quan-tri/), with the stand-ins of"
	@echo "Cổng DVCQG (:8770), VNeID sign-on (:8771) and the payment platform (:8772) — tools/serve_demo.py"
	$(BIN)/python tools/serve_demo.py $(HOST) $(PORT)

test: setup
	$(BIN)/pytest $(PYTEST_ARGS)

setup: system-deps $(STAMP)

# Debian packages WeasyPrint (PDF slips) and the tests need. Installed when missing and run as root;
# otherwise the command to run is printed.
DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation fonts-dejavu-core poppler-utils
system-deps:
	@missing=$$(for p in $(DEBS); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing $$missing"; apt-get update -qq && apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Missing Debian packages: $$missing — run: sudo apt-get install $$missing"; exit 1; fi; \
	fi

# Creates the virtualenv and installs the locked dependencies; redone when the lock changes.
$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python >= 3.11 is required")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { \
	  echo "python3 -m venv failed: on Debian/Ubuntu install the venv module (apt-get install python3-venv)"; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

migrate: setup
	$(CCHC) migrate --no-input

demo: migrate
	$(CCHC) demo --dossiers $(DEMO_DOSSIERS)

static: setup
	$(CCHC) collectstatic --no-input --verbosity 0

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Regenerate the lock file from pyproject.toml (needs the network to PyPI).
lock: setup
	$(BIN)/pip-compile --quiet --extra dev --strip-extras --no-emit-index-url --no-emit-find-links \
	  -o requirements.lock pyproject.toml

# Extract and compile translations (needs GNU gettext).
messages: setup
	cd cchc && ../$(CCHC) makemessages -l en --no-obsolete
	$(BIN)/python tools/po_fill.py cchc/locale/en/LC_MESSAGES/django.po tools/translations/*.json
	cd cchc && ../$(CCHC) compilemessages -l en

bench: setup
	$(BIN)/python -m bench

# Load through gunicorn and locust, side by side with hello-world, then 10 minutes of mixed load
# (about 15 minutes; docs/benchmarks.md). BENCH_MIXED_SECONDS=0 runs the short part only.
bench-load: setup
	$(BIN)/python -m bench load

clean:
	rm -rf $(VENV) var/static
