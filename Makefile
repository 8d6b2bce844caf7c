# The two commands of the README. Both work on a fresh clone: they create .venv and install what they need.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
CORPUS ?= data/gazettes

.PHONY: run test lint clean

run: $(VENV)/.installed
	$(BIN)/policyqa index $(CORPUS)
	$(BIN)/policyqa search "开发商拿了地两年没动工，政府会怎么处理？" -k 3

test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check qa embeddings prompts tests benchmarks

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
