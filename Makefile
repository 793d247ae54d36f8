# One command per developer task. `make demo` and `make test` set up .venv themselves.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DEMO_DB := .demo/counterpoint.db
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: demo test lint eval bench clean setup

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -qq --upgrade pip
	$(BIN)/python -m pip install -qq -c constraints.txt -e '.[web,postgres,ray,dev]'
	@touch $(STAMP)

demo: $(STAMP)
	@mkdir -p .demo
	$(BIN)/counterpoint --db $(DEMO_DB) ingest examples/seeds
	$(BIN)/counterpoint --db $(DEMO_DB) compare examples/seeds/*.txt --html .demo/seeds-report.html

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests eval bench

eval: $(STAMP)
	$(BIN)/python -m pip install -qq -c constraints.txt -e '.[eval]'
	$(BIN)/python eval/run_all.py

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) .demo .pytest_cache
