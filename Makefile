# The README's commands. `make run` and `make test` do all the set-up on a fresh clone.
HOST ?= 127.0.0.1
PORT ?= 8000
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Every package at the version and with the hashes tested (`make lock` writes it).
LOCK := requirements.lock
# axe-core for the browser tests' accessibility checks (package.json), installed by npm.
NODE_STAMP := node_modules/.installed

.PHONY: install lock run test lint format clean

install: $(STAMP) $(NODE_STAMP)

$(STAMP): pyproject.toml $(LOCK)
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Broadsheet needs Python 3.12 or newer; python3 is " + sys.version.split()[0])'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=25.1"
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	touch $(STAMP)

# After changing a pin in pyproject.toml: the lock for Python 3.12 on any platform, from
# PyPI. `make test` fails while the two disagree (scripts/check_lock.py).
lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --group dev --universal --python-version 3.12 \
		--generate-hashes --custom-compile-command "make lock" --quiet --output-file $(LOCK)

# Without npm the Python side still installs: the accessibility tests then say they are
# skipped, and fail with CI set (broadsheet/core/tests/browser.py).
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		echo "npm ci --no-audit --no-fund"; \
		npm ci --no-audit --no-fund --loglevel=error && touch $(NODE_STAMP); \
	else \
		echo "npm not found: axe-core is not installed, so the accessibility browser tests will not run."; \
	fi

run: install
	HOST=$(HOST) PORT=$(PORT) $(BIN)/python scripts/run.py

test: install
	bash scripts/test.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) test-output node_modules bench/.lighthouse
