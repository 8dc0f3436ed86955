# Cakupan: `make demo` and `make test` do all set-up on a fresh Debian machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install bytecode demo test bench soak lint messages clean

install: $(STAMP) bytecode

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV) || { echo "python3-venv is missing: apt-get install -y python3-venv"; exit 1; }
	@bash scripts/system-packages.sh
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c requirements.lock -e '.[dev]'
	@touch $(STAMP)

# The package compiled, as installing a wheel compiles it: where PYTHONDONTWRITEBYTECODE is set, every
# process would otherwise compile what it imports again (0.17 s of each command's start). Up to date, 0.06 s.
bytecode: $(STAMP)
	@$(BIN)/python -m compileall -q cakupan benchmarks > /dev/null

demo: install
	$(BIN)/cakupan demo

test: install
	bash scripts/test.sh

bench: install
	$(BIN)/python -m benchmarks.run
	$(BIN)/python -m benchmarks.participants --rows 10000000 --rows 50000000 --list-rows 10000000 --repeat 3 --markdown docs/benchmarks.md
	$(BIN)/python -m benchmarks.participants_import --rows 10000000 --rows 50000000 --repeat 3 --markdown docs/benchmarks.md
	$(BIN)/python -m benchmarks.left_out --people 10000000 --people 12500000 --repeat 3 --markdown docs/benchmarks.md
	$(BIN)/python -m benchmarks.recompute --months 60 --province 53 --repeat 3 --markdown docs/benchmarks.md
	$(BIN)/python -m benchmarks.import_peer --rows 100000 --repeat 3 --markdown docs/benchmarks.md
	$(BIN)/python -m benchmarks.pack --region 53 --repeat 3 --markdown docs/benchmarks.md
	$(BIN)/python -m benchmarks.slow_steps --region 53 --markdown docs/benchmarks.md
	$(BIN)/python -m benchmarks.suppression --regencies 6 --regencies 38 --regencies 514 --timeout 600 --markdown docs/benchmarks.md
	$(BIN)/python -m benchmarks.charts --markdown docs/benchmarks.md
	$(BIN)/python -m benchmarks.charts --pages 663c363^ --markdown docs/benchmarks.md
	$(BIN)/python -m benchmarks.reports --markdown docs/benchmarks.md

# 50 users for 10 minutes against a production-style instance (PostgreSQL, gunicorn, worker, nginx).
soak: install
	f=$$(mktemp) && bash scripts/test-services.sh $$f && . $$f && rm -f $$f && $(BIN)/python -m benchmarks.soak

lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/mypy cakupan tests benchmarks && $(BIN)/lint-imports

# Refresh the Indonesian catalogue after changing user-facing text (needs GNU gettext).
messages: install
	cd cakupan && ../$(BIN)/cakupan manage makemessages -l id --no-obsolete && ../$(BIN)/cakupan manage compilemessages -l id

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache .mypy_cache .ruff_cache
