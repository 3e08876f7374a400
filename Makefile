# Assembly Planner: `make run` and `make test` set everything up on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export FLASK_APP := wsgi
# One address for the web server, the worker and beat: links in e-mails and pages agree.
export PLANNER_BASE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: run test chaos-test compose-test test-tools bench lint format messages install migrate demo wheel clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall only when the dependencies change.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# The pages' front-end libraries (package.json: jsQR for the check-in desk's camera), served
# from planner/static/vendor/ (not in git; the wheel ships it): never from a CDN. The tarball
# package-lock.json pins, checked against its integrity (no node needed).
planner/static/vendor/jsQR.js: package-lock.json deploy/fetch_asset.py
	python3 deploy/fetch_asset.py jsqr dist/jsQR.js $@

# Catalogs of the UI and e-mails (en, fr, ko): compiled from the .po files in git. Bulk pack
# runs join their print PDF with poppler's pdfunite (Debian's poppler-utils).
install: $(VENV)/.installed planner/static/vendor/jsQR.js
	@$(BIN)/pybabel compile -d planner/translations >/dev/null
	@command -v pdfunite >/dev/null || { apt-get update -qq && \
	  apt-get install -y -qq --no-install-recommends poppler-utils; }

migrate: install
	$(BIN)/flask db upgrade

# Warming the feeds (their meetings rendered for every process) only saves their first readers
# a render: a failure there does not keep the app from starting.
demo: migrate
	$(BIN)/flask planner demo
	-$(BIN)/flask planner warm-feeds

run: demo
	@echo ""
	@echo "  Assembly Planner: http://127.0.0.1:$(PORT)/  (API: http://127.0.0.1:$(PORT)/api/v1/openapi.json)"
	@echo "  Demo organiser:   organiser@secretariat.example / assembly-demo-2026"
	@echo ""
	@trap 'kill 0' EXIT INT TERM; \
	$(BIN)/celery -A planner.worker worker --loglevel=INFO --concurrency=2 & \
	$(BIN)/celery -A planner.worker beat --loglevel=INFO --schedule instance/celerybeat-schedule & \
	$(BIN)/flask run --host 127.0.0.1 --port $(PORT) & \
	wait

# Mozilla's ical.js for the calendar-client tests (they skip without node, fail in CI).
tests/support/js/node_modules: tests/support/js/package-lock.json
	@if command -v npm >/dev/null; then npm ci --prefix tests/support/js --no-audit --no-fund; fi

# The pack tests render PDF pages (poppler's pdftoppm) and read badge QR codes (zbarimg); the
# browser tests drive Debian's Chromium.
test-tools:
	@command -v pdftoppm >/dev/null && command -v zbarimg >/dev/null \
	  && command -v /usr/bin/chromium >/dev/null || { apt-get update -qq && \
	  apt-get install -y -qq --no-install-recommends poppler-utils zbar-tools chromium; }

test: install tests/support/js/node_modules test-tools
	$(BIN)/pytest -n 2 -m "not chaos" $(PYTEST_ARGS)

# Faults on the several-hosts topology (tests/deploy/test_chaos.py: a worker killed, Redis and
# PostgreSQL restarted, the S3 server stopped), on a Redis and a PostgreSQL cluster of its own
# (redis-server, Debian's pg_createcluster): a step of its own, as it keeps both cores busy for
# about three minutes. The short schedule here; `make bench` runs the full one.
chaos-test: install
	$(BIN)/pytest -p no:randomly -m chaos tests/deploy/test_chaos.py $(PYTEST_ARGS)

# The shipped Dockerfile and docker-compose.yml, up and working (tests/compose): Debian's
# dockerd (started here when not running), local stand-ins for the registry's base images
# (deploy/standins/build.sh; cached) and Docker Compose v2 from the dev extra.
compose-test: install
	@command -v dockerd >/dev/null && command -v debootstrap >/dev/null || { apt-get update -qq && \
	  apt-get install -y -qq --no-install-recommends docker.io debootstrap; }
	@docker info >/dev/null 2>&1 || { mkdir -p /var/log/assembly-planner && \
	  (setsid dockerd >/var/log/assembly-planner/dockerd.log 2>&1 &) && \
	  for _ in $$(seq 60); do docker info >/dev/null 2>&1 && break; sleep 1; done; \
	  docker info >/dev/null; }
	deploy/standins/build.sh
	$(BIN)/pytest tests/compose $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Every marked string into messages.pot, new ones added to the fr/ko catalogues (translate
# them there; `make install` compiles them).
messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k ngettext:1,2 \
	  -o planner/translations/messages.pot .
	$(BIN)/pybabel update -i planner/translations/messages.pot -d planner/translations \
	  --no-fuzzy-matching --ignore-obsolete

# wrk drives the HTTP benchmarks; Debian packages it.
bench: install
	@command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
	$(BIN)/python -m bench

# A wheel that installs whole (templates, migrations, compiled catalogs, fonts) into dist/;
# build/ goes first, so files of an earlier layout cannot slip in.
wheel: install
	rm -rf build
	$(BIN)/pip wheel --no-deps --quiet -w dist .

clean:
	rm -rf $(VENV) instance .pytest_cache build dist planner/static/vendor
