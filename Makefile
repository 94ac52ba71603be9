# donthu: `make run` and `make test` each do the whole set-up on a fresh Debian machine.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
export OMP_THREAD_LIMIT := 1

.PHONY: setup model run test lint bench clean

setup:
	@scripts/setup.sh

# Train the classifier unless the committed artifact loads here and matches samples/.
model: setup
	@$(BIN)/donthu train --if-needed

run: setup model
	@scripts/run.sh

test: setup model
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q -p no:cacheprovider

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: setup model
	@mkdir -p docs/benchmarks
	$(BIN)/python -m bench.run
