# Salonbook: `make run` serves the app with demo data; `make test` runs the suite as CI does.
VENV    ?= .venv
PYTHON  ?= python3
PY      := $(VENV)/bin/python
HOST    ?= 127.0.0.1
PORT    ?= 8000
PYTEST_ARGS ?= -n auto

.PHONY: install run test bench lint format migrate demo clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) -m salonbook migrate --noinput

demo: migrate
	$(PY) -m salonbook load_demo

run: demo
	@echo "Salonbook on http://$(HOST):$(PORT)/  (API docs: http://$(HOST):$(PORT)/api/v1/docs)"
	$(VENV)/bin/uvicorn salonbook.asgi:application --host $(HOST) --port $(PORT)

test: install
	SALONBOOK_TESTING=1 $(VENV)/bin/pytest $(PYTEST_ARGS)

bench: install
	$(PY) bench/run.py

lint: install
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/mypy src/salonbook

format: install
	$(VENV)/bin/ruff format src tests bench
	$(VENV)/bin/ruff check --fix src tests bench

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .hypothesis
