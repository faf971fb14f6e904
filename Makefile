# Salonbook: `make run` serves the app with demo data; `make test` runs the suite as CI does.
VENV    ?= .venv
PYTHON  ?= python3
PY      := $(VENV)/bin/python
HOST    ?= 127.0.0.1
PORT    ?= 8000
PYTEST_ARGS ?= -n auto
# Front-end packages pinned in package.json / package-lock.json, copied where Django serves them.
VENDOR  := src/salonbook/web/static/vendor
LOCALE  := src/salonbook/locale
MO_FILES := $(patsubst %.po,%.mo,$(wildcard $(LOCALE)/*/LC_MESSAGES/*.po))

.PHONY: install assets translations messages run test bench lint format migrate demo clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

$(VENDOR)/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)
	cp node_modules/@event-calendar/build/dist/event-calendar.min.js $(VENDOR)/
	cp node_modules/@event-calendar/build/dist/event-calendar.min.css $(VENDOR)/
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/
	cp node_modules/alpinejs/dist/cdn.min.js $(VENDOR)/alpine.min.js
	touch $@

# Compiled with Babel (a dependency), so no GNU gettext is needed to run the app.
$(LOCALE)/%.mo: $(LOCALE)/%.po $(VENV)/.installed
	$(VENV)/bin/pybabel compile --statistics -i $< -o $@

assets: $(VENDOR)/.installed
translations: $(MO_FILES)
install: $(VENV)/.installed assets translations

# Re-extract the messages to translate (needs GNU gettext's xgettext: apt-get install gettext).
# Strings the browser shows come from Python (passed to the page as JSON), so one domain does.
messages: install
	$(PY) -m salonbook makemessages -l ru --no-obsolete \
	  -i ".venv/*" -i "node_modules/*" -i "tests/*" -i "bench/*" -i "var/*"

migrate: install
	$(PY) -m salonbook migrate --noinput

demo: migrate
	$(PY) -m salonbook load_demo

# The background worker (large client imports) runs beside the server and stops with it.
run: demo
	@echo "Salonbook on http://$(HOST):$(PORT)/  (API docs: http://$(HOST):$(PORT)/api/v1/docs)"
	$(PY) -m salonbook db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(VENV)/bin/uvicorn salonbook.asgi:application --host $(HOST) --port $(PORT)

test: install
	SALONBOOK_TESTING=1 $(VENV)/bin/pytest $(PYTEST_ARGS)

bench: install
	$(PY) bench/run.py

# ruff (with its complexity limits), mypy, the import contracts of pyproject.toml (apps import
# only the apps below them, no circles, edges on top) and the size of modules and functions.
lint: install
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/mypy src/salonbook
	$(VENV)/bin/lint-imports
	SALONBOOK_TESTING=1 $(VENV)/bin/pytest -q -n 0 tests/test_code_shape.py

format: install
	$(VENV)/bin/ruff format src tests bench
	$(VENV)/bin/ruff check --fix src tests bench

clean:
	rm -rf $(VENV) var node_modules $(VENDOR) .pytest_cache .ruff_cache .hypothesis
