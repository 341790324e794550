# Two commands matter: `make run` serves the portal, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi

.PHONY: run test setup translations vendor clean bench messages

run: setup
	@echo "Serving the portal on http://127.0.0.1:5000 (Ctrl+C to stop)"
	$(BIN)/gunicorn --workers 2 --threads 2 --worker-class gthread --bind 127.0.0.1:5000 wsgi:app

test: $(VENV)/.test-deps translations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

setup: $(VENV)/.deps translations
	$(FLASK) db upgrade
	$(FLASK) seed

$(VENV)/.deps: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.test-deps: requirements-test.txt $(VENV)/.deps
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

translations: $(VENV)/.deps
	$(BIN)/pybabel compile --statistics -d portal/translations

# Re-extract the UI strings after changing them; then translate portal/translations/en.
messages: $(VENV)/.deps
	$(BIN)/pybabel extract --no-location -F babel.cfg -k _l -k lazy_gettext -o portal/translations/messages.pot .
	$(BIN)/pybabel update -i portal/translations/messages.pot -d portal/translations

vendor:
	./scripts/vendor.sh

clean:
	rm -rf $(VENV)

# Benchmarks (bench/): one big event against the bare limit (keep-alive and a new connection per request, CPU per
# request, the event-size curve), throughput spread over many events, tally cost, page weight, desk latency; on
# PostgreSQL also the city simulation (bench/city.py, 5 minutes). BENCH_ARGS="--db postgresql://..." (or --parts
# bigevent,spread,desk,tally,city, --seconds 8, --city-seconds 300, --skip-desk, --skip-city)
bench: $(VENV)/.test-deps translations
	$(BIN)/python -m bench.run $(BENCH_ARGS)
