# The two commands a fresh clone needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test bench lint types check-browser messages clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

run: $(STAMP)
	$(BIN)/reinstate db upgrade
	$(BIN)/reinstate demo
	$(BIN)/reinstate serve --host 127.0.0.1 --port 8000

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: $(STAMP)
	$(BIN)/mypy --strict reinstate

check-browser:
	@scripts/ensure-chromium

test: $(STAMP) lint types check-browser
	$(BIN)/pytest

# Performance, as ratios against a baseline measured in the same run (never asserted in tests).
bench: $(STAMP)
	$(BIN)/python benchmarks/notices.py
	$(BIN)/python benchmarks/evidence_pack.py
	$(BIN)/python benchmarks/letters.py
	$(BIN)/python benchmarks/metrics.py
	$(BIN)/python benchmarks/body_limit.py

# Re-extract the messages and merge them into the zh-CN catalog (then translate the new ones).
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k N_ --no-location --sort-output -o $(VENV)/messages.pot .
	$(BIN)/pybabel update -i $(VENV)/messages.pot -d reinstate/locale -l zh_CN -w 100 --no-fuzzy-matching --ignore-obsolete

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
