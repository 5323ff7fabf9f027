# Two commands do all the set-up: `make demo` and `make test`. Both are idempotent:
# the virtualenv is rebuilt only when pyproject.toml or constraints.txt change.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo console test bench lint install clean

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "fmbot needs Python >= 3.11")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

# The demo keeps var/demo.sqlite3 between runs; `make demo RESET=1` starts it afresh.
demo: $(STAMP)
	$(BIN)/fmbot demo $(if $(RESET),--reset)

# The console on the demo's database, as staff (`make console AS=minzheng` for a liaison).
# make has a built-in AS (the assembler, "as"), so `?=` would never apply: take staff unless AS was given.
ifeq ($(origin AS),default)
AS := staff
endif
console: $(STAMP)
	FM_DATABASE_URL=sqlite:///var/demo.sqlite3 $(BIN)/fmbot console --as $(AS)

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python -m benchmarks

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) var .pytest_cache
