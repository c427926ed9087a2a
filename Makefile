# The two commands a fresh clone needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUM := $(shell cat pyproject.toml | cksum | cut -d' ' -f1)
# Two installs, each done once per version of pyproject.toml: the product alone (make run), and
# the product with the dev tools and the Spark extra (make test and the rest), added on top.
STAMP := $(VENV)/.installed-$(SUM)
DEV_STAMP := $(VENV)/.installed-dev-$(SUM)

.PHONY: run test bench lint types system-packages messages clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	rm -f $(VENV)/.installed-*
	touch $@

$(DEV_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,spark]'
	touch $@

# The font the PDFs embed comes from Debian's fonts-wqy-zenhei (installed when root): where it
# cannot be installed, make run says so and serves anyway (Chinese in PDFs then shows in Acrobat).
run: $(STAMP)
	@scripts/ensure-system-packages --warn font
	$(BIN)/reinstate db upgrade
	$(BIN)/reinstate demo
	$(BIN)/reinstate serve --host 127.0.0.1 --port 8000

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: $(DEV_STAMP)
	$(BIN)/mypy --strict reinstate

# Chromium for the browser tests, the font the PDFs embed and Poppler to read them back.
system-packages: $(STAMP)
	@scripts/ensure-system-packages browser font pdftools

# Compiled modules are kept even where the environment says not to write them (an empty
# PYTHONDONTWRITEBYTECODE): otherwise every test process and every command the tests start
# compiles the package from source again. The suite runs on TEST_WORKERS processes
# (pytest-xdist): much of a test's time is spent waiting on PostgreSQL, a browser or a command
# it started, so two workers halve it on two cores (9:41 to 4:55 here); four were slower.
TEST_WORKERS ?= 2
test: $(DEV_STAMP) lint types system-packages
	PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -n $(TEST_WORKERS)

# Performance, as ratios against a baseline measured in the same run (never asserted in tests).
bench: $(DEV_STAMP)
	$(BIN)/python benchmarks/notices.py
	$(BIN)/python benchmarks/evidence_pack.py
	$(BIN)/python benchmarks/letters.py
	$(BIN)/python benchmarks/metrics.py
	$(BIN)/python benchmarks/body_limit.py
	$(BIN)/python benchmarks/startup.py
	$(BIN)/python benchmarks/association.py
	$(BIN)/python benchmarks/web_load.py

# Re-extract the messages and merge them into the zh-CN catalog (then translate the new ones).
messages: $(DEV_STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k N_ --no-location --sort-output -o $(VENV)/messages.pot .
	$(BIN)/pybabel update -i $(VENV)/messages.pot -d reinstate/locale -l zh_CN -w 100 --no-fuzzy-matching --ignore-obsolete

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
