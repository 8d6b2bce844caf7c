# The two commands of the README. Both work on a fresh clone: they create .venv and install what they need.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
CORPUS ?= data/gazettes
# Every package `make test` installs, pinned (pip freeze of a clean venv), used as pip constraints so both
# targets install the tested versions; `make lock` renews it after a change of dependencies.
LOCK   := requirements.lock

.PHONY: run test lint lock clean

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

$(VENV)/.installed: $(VENV)/.created pyproject.toml $(LOCK)
	$(BIN)/pip install --quiet -c $(LOCK) -e .
	touch $@

# torch==2.13.0 is pinned in the `st` extra (CPU build here); see README for GPU machines. `milvus`: the Milvus
# store's tests start Milvus Lite (embedded, and as a server on 127.0.0.1).
$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml $(LOCK)
	$(BIN)/pip install --quiet -c $(LOCK) -e '.[st,dev,milvus]'
	touch $@

# What `pip install -e '.[st,dev,milvus]'` resolves to in a clean venv today. torch is written torch==2.13.0 (the `st`
# pin) whatever local build the machine has (+cpu here); no hashes, since that local wheel's differ from PyPI's.
lock:
	rm -rf $(VENV)-lock
	$(PYTHON) -m venv $(VENV)-lock
	$(VENV)-lock/bin/pip install --quiet --upgrade pip
	$(VENV)-lock/bin/pip install --quiet -e '.[st,dev,milvus]'
	{ echo "# pip constraints for the Makefile's installs; made by 'make lock' ($$($(VENV)-lock/bin/python -V))"; \
	  $(VENV)-lock/bin/pip freeze --exclude-editable | sed -E 's/^(torch==[^+]+)\+.*/\1/'; } > $(LOCK)
	rm -rf $(VENV)-lock

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
