# SEND partnership performance dashboard.
#
#   make run          set up .venv and start the internal dashboard on the sample data
#   make run-public   same, but the public site (--public)
#   make test         set up .venv + test tools + Chromium + Pango, then run the whole suite
#   make check        validate metric definitions / targets (python -m metrics check)
#   make publish      write the public site as static files into site/ (SITE=dir to choose)
#   make bench        benchmarks (not part of make test); make bench-load: many readers at once
#
# Set-up is incremental: stamp files inside .venv record what has been
# installed, so a second `make test` only reinstalls when a requirements
# file changed. `make clean` removes .venv to start again from scratch.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# The Python that makes .venv: PYTHON when given (make PYTHON=/path/to/python3.12 ...), else the
# first of these on PATH that runs and is Python 3.11 or newer (`make python` says which).
PYTHON             ?=
PYTHON_CANDIDATES  ?= python3.13 python3.12 python3.11 python3
VENV     := .venv
VPY      := $(VENV)/bin/python
CHROMIUM ?= /usr/bin/chromium

TARGETS  ?= targets.yaml
DATA     ?= sample_data
APP_ARGS := --targets $(TARGETS) --data $(DATA)

# Where `make run` listens: this machine only, unless told otherwise
# (make run ADDRESS=0.0.0.0, or DASHBOARD_ADDRESS=0.0.0.0 make run). See docs/deploy.md.
DASHBOARD_ADDRESS ?= 127.0.0.1
ADDRESS  ?= $(DASHBOARD_ADDRESS)
SERVE    := --server.address $(ADDRESS)

RUNTIME_STAMP := $(VENV)/.stamp-requirements
TEST_STAMP    := $(VENV)/.stamp-requirements-test

PIP_INSTALL := $(VPY) -m pip install --disable-pip-version-check

# make test runs the tests in this many processes (the browser tests wait on servers and Chromium
# much of the time); TEST_WORKERS=0 runs them in this process, one after another.
TEST_WORKERS ?= 2

.PHONY: help run run-public test check venv deps test-deps chromium pdf-chromium pdf-libs pdf-libs-required postgresql clean python

help:
	@echo "make run         start the dashboard on the sample data (http://$(ADDRESS):8501; ADDRESS=0.0.0.0 to listen on every interface)"
	@echo "make run-public  start the public version of the dashboard"
	@echo "make test        install everything needed and run the whole test suite"
	@echo "make check       check metric definitions and targets"
	@echo "make publish     write the public site as static files into site/ (copy the folder to any web server)"
	@echo "make bench       benchmarks (make bench-load: 50 readers at once)"
	@echo "make python      say which Python would make .venv"
	@echo "make clean       remove the virtual environment and test output"

# --- set-up -----------------------------------------------------------------

# Bash: sets py to the Python to use, or stops with what was found. A candidate counts only if it
# runs (pyenv's shims exist on PATH for versions that are not switched on) and says it is 3.11+.
define FIND_PYTHON
version() { local v; v=$$("$$1" --version 2>&1) && echo "$${v%%$$'\n'*}" || echo "not runnable"; }; \
is_ok() { [[ $$(version "$$1") =~ ^Python\ 3\.([0-9]+) ]] && (( BASH_REMATCH[1] >= 11 )); }; \
if [ -n "$(PYTHON)" ]; then \
  py="$(PYTHON)"; \
  command -v "$$py" >/dev/null 2>&1 || { echo "ERROR: $$py not found (make PYTHON=$$py)." >&2; exit 1; }; \
  is_ok "$$py" || { echo "ERROR: $$py is $$(version "$$py"): the dashboard needs Python 3.11 or newer." >&2; exit 1; }; \
else \
  py=""; seen=""; \
  for c in $(PYTHON_CANDIDATES); do \
    command -v "$$c" >/dev/null 2>&1 || continue; \
    if is_ok "$$c"; then py="$$c"; break; fi; \
    seen="$$seen $$c: $$(version "$$c");"; \
  done; \
  if [ -z "$$py" ]; then \
    echo "ERROR: no Python 3.11 or newer found (looked for $(PYTHON_CANDIDATES) on PATH).$${seen:+ Found:$$seen}" >&2; \
    echo "       Install one (Debian/Ubuntu: apt-get install python3.11 python3.11-venv)," >&2; \
    echo "       or point make at one: make PYTHON=/path/to/python3.12 ..." >&2; \
    exit 1; \
  fi; \
fi
endef

python:
	@$(FIND_PYTHON); echo "$$(command -v "$$py") ($$(version "$$py"))"

$(VPY):
	@$(FIND_PYTHON); \
	echo "Creating virtual environment $(VENV) with $$(command -v "$$py") ($$(version "$$py"))"; \
	"$$py" -m venv $(VENV) || { \
	  rm -rf $(VENV); \
	  echo "ERROR: could not create $(VENV) with $$py. On Debian/Ubuntu install its venv package (e.g. python3.11-venv)." >&2; \
	  exit 1; }

$(RUNTIME_STAMP): requirements.txt | $(VPY)
	$(PIP_INSTALL) -r requirements.txt
	@touch $@

$(TEST_STAMP): requirements-test.txt requirements.txt $(RUNTIME_STAMP)
	$(PIP_INSTALL) -r requirements-test.txt
	@touch $@

venv: $(VPY)
deps: $(RUNTIME_STAMP)
test-deps: $(TEST_STAMP)

# Browser tests use Debian's Chromium (Playwright cannot download browsers here).
chromium:
	@if [ -x "$(CHROMIUM)" ]; then exit 0; fi; \
	if ! command -v apt-get >/dev/null 2>&1; then \
	  echo "ERROR: $(CHROMIUM) is missing and apt-get is not available." >&2; \
	  echo "       Install Chromium and re-run with: make test CHROMIUM=/path/to/chromium" >&2; \
	  exit 1; \
	fi; \
	if [ "$$(id -u)" = 0 ]; then SUDO=""; \
	elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; \
	else \
	  echo "ERROR: $(CHROMIUM) is missing and you are not root (and sudo is not installed)." >&2; \
	  echo "       As root, run:  apt-get update && apt-get install -y chromium" >&2; \
	  exit 1; \
	fi; \
	echo "Installing Debian package 'chromium' (needed by the browser tests)..."; \
	$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update; \
	$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
	[ -x "$(CHROMIUM)" ] || { echo "ERROR: installed chromium but $(CHROMIUM) still missing" >&2; exit 1; }

# `make run`: Chromium makes the board reports' PDFs in about a third of WeasyPrint's time
# (metrics/render/pdf.py). Installed like the browser tests' Chromium when missing; only a warning
# when it cannot be (the PDFs are then WeasyPrint's).
pdf-chromium:
	@if [ -x "$(CHROMIUM)" ] || command -v chromium >/dev/null 2>&1; then exit 0; fi; \
	if ! command -v apt-get >/dev/null 2>&1; then \
	  echo "WARNING: Chromium is missing and apt-get is not available: PDF reports will be made with WeasyPrint (slower)." >&2; \
	  exit 0; \
	fi; \
	if [ "$$(id -u)" = 0 ]; then SUDO=""; \
	elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; \
	else \
	  echo "WARNING: Chromium is missing and you are not root: PDF reports will be made with WeasyPrint (slower). As root: apt-get install -y chromium" >&2; \
	  exit 0; \
	fi; \
	echo "Installing Debian package 'chromium' (quick PDF reports)..."; \
	$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update || true; \
	$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium || \
	  echo "WARNING: could not install chromium: PDF reports will be made with WeasyPrint (slower)." >&2

# PDF reports (WeasyPrint) need Debian's Pango; installed like Chromium when missing.
# `make run` only warns when it cannot be installed (HTML reports work without it);
# `make test` and `make bench` stop with an error (pdf-libs-required), so the PDF tests
# never run without it.
PDF_LIBS    := libpango-1.0-0 libpangoft2-1.0-0
PANGO_FOUND := /sbin/ldconfig -p 2>/dev/null | grep 'libpangoft2-1.0.so.0' >/dev/null
pdf-libs:
	@if $(PANGO_FOUND); then exit 0; fi; \
	if ! command -v apt-get >/dev/null 2>&1; then \
	  echo "WARNING: Pango is missing and apt-get is not available: PDF reports will not work (HTML reports will)." >&2; \
	  exit 0; \
	fi; \
	if [ "$$(id -u)" = 0 ]; then SUDO=""; \
	elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; \
	else \
	  echo "WARNING: Pango is missing and you are not root: PDF reports will not work. As root: apt-get install -y $(PDF_LIBS)" >&2; \
	  exit 0; \
	fi; \
	echo "Installing Debian packages $(PDF_LIBS) (needed for PDF reports)..."; \
	$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update; \
	$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y $(PDF_LIBS)

pdf-libs-required:
	@if $(PANGO_FOUND); then exit 0; fi; \
	if ! command -v apt-get >/dev/null 2>&1; then \
	  echo "ERROR: Pango is missing and apt-get is not available: the PDF report tests cannot run." >&2; \
	  echo "       Install Pango ($(PDF_LIBS) on Debian/Ubuntu) and re-run make test." >&2; \
	  exit 1; \
	fi; \
	if [ "$$(id -u)" = 0 ]; then SUDO=""; \
	elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; \
	else \
	  echo "ERROR: Pango is missing and you are not root (and sudo is not installed): the PDF report tests cannot run." >&2; \
	  echo "       As root, run:  apt-get update && apt-get install -y $(PDF_LIBS)   (or run make test as root)" >&2; \
	  exit 1; \
	fi; \
	echo "Installing Debian packages $(PDF_LIBS) (needed for PDF reports and their tests)..."; \
	$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update || true; \
	$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y $(PDF_LIBS) || { \
	  echo "ERROR: could not install $(PDF_LIBS): the PDF report tests cannot run." >&2; \
	  echo "       As root, run:  apt-get update && apt-get install -y $(PDF_LIBS)   (or run make test as root)" >&2; \
	  exit 1; }; \
	$(PANGO_FOUND) || { echo "ERROR: installed $(PDF_LIBS) but Pango is still not found (ldconfig -p)." >&2; exit 1; }

# The store's PostgreSQL tests (tests/test_store_postgres.py) start a server with this machine's own
# pg_ctl: on the PATH or Debian's /usr/lib/postgresql/*/bin. Installed like Chromium when missing.
PG_CTL_FOUND := { command -v pg_ctl || ls /usr/lib/postgresql/*/bin/pg_ctl; } >/dev/null 2>&1
postgresql:
	@if $(PG_CTL_FOUND); then exit 0; fi; \
	if ! command -v apt-get >/dev/null 2>&1; then \
	  echo "ERROR: PostgreSQL (pg_ctl) is missing and apt-get is not available: the PostgreSQL tests cannot run." >&2; \
	  echo "       Install PostgreSQL's server binaries (15 or newer) so that pg_ctl is on the PATH, and re-run make test." >&2; \
	  exit 1; \
	fi; \
	if [ "$$(id -u)" = 0 ]; then SUDO=""; \
	elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; \
	else \
	  echo "ERROR: PostgreSQL (pg_ctl) is missing and you are not root (and sudo is not installed)." >&2; \
	  echo "       As root, run:  apt-get update && apt-get install -y postgresql" >&2; \
	  exit 1; \
	fi; \
	echo "Installing Debian package 'postgresql' (needed by the PostgreSQL tests)..."; \
	$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update || true; \
	$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql; \
	$(PG_CTL_FOUND) || { echo "ERROR: installed postgresql but pg_ctl is still not found" >&2; exit 1; }

# --- commands ---------------------------------------------------------------

run: $(RUNTIME_STAMP) pdf-libs pdf-chromium
	$(VENV)/bin/streamlit run app.py $(SERVE) -- $(APP_ARGS)

run-public: $(RUNTIME_STAMP) pdf-libs
	$(VENV)/bin/streamlit run app.py $(SERVE) -- $(APP_ARGS) --public

test: $(TEST_STAMP) chromium pdf-libs-required postgresql
	$(VENV)/bin/lint-imports --no-cache
	CHROMIUM_PATH="$(CHROMIUM)" $(VPY) -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

check: $(RUNTIME_STAMP)
	$(VPY) -m metrics check

# The static public site from the sample (or TARGETS= DATA= AS_OF=): HTML, one CSS file, a CSV per measure.
SITE  ?= site
AS_OF ?=
.PHONY: publish
publish: $(RUNTIME_STAMP)
	$(VPY) -m metrics publish $(APP_ARGS) --out $(SITE) $(if $(AS_OF),--as-of $(AS_OF),)

clean:
	rm -rf $(VENV) .pytest_cache tests/screenshots

# --- benchmarks (not part of `make test`) ----------------------------------------
# Data scale, page script times and browser timings against a static floor; prints one
# table and writes benchmarks/results/latest.json (see benchmarks/README.md). ~5 minutes.
#   make bench BENCH_ARGS="--only data"
# Many readers at once (50 websocket sessions on the 1,000-KPI plan, the health check, the
# server's memory): `make bench-load` (2 to 5 minutes; benchmarks/results/load.json), or
# make bench BENCH_ARGS="--with load". See benchmarks/README.md for --sessions, --ramp, --think.
.PHONY: bench bench-load
bench: $(TEST_STAMP) chromium pdf-libs-required
	CHROMIUM_PATH="$(CHROMIUM)" $(VPY) -m benchmarks.run $(BENCH_ARGS)

bench-load: $(TEST_STAMP)
	$(VPY) -m benchmarks.run --only load --out benchmarks/results/load.json $(BENCH_ARGS)
