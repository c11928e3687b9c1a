# Two commands on a fresh machine (Debian 12, Python 3.11):
#   make dashboard   set up .venv, then serve the briefing dashboard on the fixtures at http://127.0.0.1:8866
#   make test        set up .venv (and Debian's chromium when root), then run the tests
# Both are idempotent: a second run reinstalls nothing unless pyproject.toml, the lock or this Makefile changed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
UV     := $(BIN)/uv
PORT   ?= 8866
BUNDLES ?= fixtures/schools
PYTEST_ARGS ?=

.PHONY: dashboard test setup setup-dev browser lock benchmarks clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(UV): | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv

# Installed with their bytecode compiled, and the project's own compiled too: these machines set
# PYTHONDONTWRITEBYTECODE=1, so without it every new process (a command, a dashboard kernel, a test's
# subprocess) compiles pandas, spaCy and Jupyter from source again, about a second each time.
INSTALL := $(UV) pip install --quiet --compile-bytecode --python $(BIN)/python -c requirements.lock
OWN_BYTECODE := $(BIN)/python -m compileall -q inspector_kit nlp

# runtime set, pinned by requirements.lock
$(VENV)/.runtime: pyproject.toml requirements.lock Makefile | $(UV)
	$(INSTALL) -e .
	$(OWN_BYTECODE)
	@touch $@

# runtime + dev set (pytest, playwright, hypothesis, ...)
$(VENV)/.dev: pyproject.toml requirements.lock Makefile $(VENV)/.runtime | $(UV)
	$(INSTALL) -e '.[dev]'
	@touch $@

setup: $(VENV)/.runtime
setup-dev: $(VENV)/.dev

# Debian's Chromium for the browser tests (never `playwright install`: it downloads a browser)
browser:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ]; then \
		echo "Installing Debian's chromium for the browser tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "NOTE: Debian's chromium is not installed and you are not root: the browser tests will be"; \
		echo "      skipped. Install it with: sudo apt-get install chromium"; \
	fi

dashboard: setup
	INSPECTOR_KIT_BUNDLES=$(abspath $(BUNDLES)) $(BIN)/voila notebooks/briefing.ipynb \
		--Voila.ip=127.0.0.1 --port=$(PORT) --no-browser --show_tracebacks=False --preheat_kernel=True \
		--MappingKernelManager.cull_idle_timeout=1800 --MappingKernelManager.cull_interval=300

test: setup-dev browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

benchmarks: setup-dev
	@for b in benchmarks/bench_*.py benchmarks/eval_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

# Refresh the pinned versions (needs the package registry)
lock: | $(UV)
	$(UV) pip compile --quiet --python-version 3.11 --extra dev --extra model pyproject.toml -o requirements.lock

clean:
	rm -rf $(VENV) .pytest_cache
