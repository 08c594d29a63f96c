# Everything runs inside .venv, created on first use from pyproject.toml.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test install lint bench import-check mutate messages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/plan agency 财政厅

test: lint
	$(BIN)/plan validate
	$(BIN)/plan verify
	$(BIN)/python -m pytest

# ruff (lint and format), then the import-linter contracts of pyproject.toml
lint: $(STAMP)
	$(BIN)/ruff check plan_cli tests benchmarks
	$(BIN)/ruff format --check plan_cli tests benchmarks
	$(BIN)/lint-imports

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

# plan import scored on the corpus of tests/import_corpus: the six figures of the README
import-check: $(STAMP)
	$(BIN)/python benchmarks/import_check.py

# mutation testing of plan_cli/core (see [tool.mutmut] in pyproject.toml), then the share
# of mutants killed per module, as the README shows it
mutate: $(STAMP)
	rm -rf mutants
	$(BIN)/mutmut run --max-children 2 || true
	$(BIN)/python benchmarks/mutation_report.py

# the message catalogs (plan_cli/locale): extract every marked message of plan_cli and
# Click's own, merge them into the Chinese catalog, compile it. Both .po and .mo are
# committed, so nothing is compiled at install or run time; tests/test_messages.py fails
# on a message without a translation, a lost placeholder, or a .mo that is not its .po.
CLICK_DIR = $$($(BIN)/python -c "import click, os; print(os.path.dirname(click.__file__))")
messages: $(STAMP)
	$(BIN)/pybabel extract --no-location --sort-output --omit-header -o plan_cli/locale/plan.pot plan_cli $(CLICK_DIR)
	$(BIN)/pybabel update -w 100 --no-fuzzy-matching --ignore-obsolete -i plan_cli/locale/plan.pot -d plan_cli/locale -D plan -l zh
	$(BIN)/pybabel compile -d plan_cli/locale -D plan -l zh

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache mutants
