# The two commands of the README. Both work on a fresh clone: they create .venv and install what they need.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
CORPUS ?= data/gazettes

.PHONY: run test lint clean

BROWSER_PKGS := chromium chromium-driver fonts-wqy-microhei

# Builds (or loads) the index over the bundled gazettes, then serves the chat on http://127.0.0.1:7860
run: $(VENV)/.installed
	$(BIN)/python app.py

test: $(VENV)/.installed-dev $(VENV)/.browser
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check qa embeddings prompts tests benchmarks policyqa_app app.py

# The browser test drives Debian's Chromium (never `playwright install`); the CJK font makes screenshots readable.
$(VENV)/.browser:
	@if dpkg -s $(BROWSER_PKGS) >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $(BROWSER_PKGS); \
	else sudo apt-get update -qq && sudo apt-get install -y -qq $(BROWSER_PKGS); fi
	touch $@

$(VENV)/.created:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	touch $@

$(VENV)/.installed: $(VENV)/.created pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

# torch==2.13.0 is pinned in the `st` extra (CPU build here); see README for GPU machines.
$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install --quiet -e '.[st,dev]'
	touch $@

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
