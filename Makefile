# One task runner for people and CI. `make run` serves the demo; `make test` runs every test.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
# The first Python 3.12 or newer on the PATH (pyenv reads .python-version).
PYTHON ?= $(shell for p in python3.14 python3.13 python3.12 python3 python; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; \
	then echo $$p; break; fi; done)
EMBEDDED := SANCTUARY_EMBEDDED=1 DEBUG=1
# The embedded demo lets a newcomer click through without an authenticator app; production never does.
DEMO := $(EMBEDDED) SANCTUARY_REQUIRE_MFA=0

.PHONY: run test install lint format typecheck imports lock check-deploy migrate seed worker beat clean messages backup restore bench bench-quick

$(BIN)/.installed: requirements.txt requirements-dev.txt
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed: install it and try again."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.txt
	@touch $@

install: $(BIN)/.installed

migrate: install
	@mkdir -p var
	$(DEMO) $(BIN)/python manage.py migrate --noinput -v 0

seed: migrate
	$(DEMO) $(BIN)/python manage.py seed_demo

run: seed
	@echo "Serving the demo at http://127.0.0.1:8000 (Ctrl+C stops it)."
	$(DEMO) $(BIN)/python manage.py runserver 127.0.0.1:8000

# The suite runs in parallel (pytest-xdist), one process per core: each has its own test
# database, upload folders and cache keys; `--dist loadgroup` keeps the tests marked with one
# xdist_group (the Celery worker tests, which share one broker) in one process.
# PYTEST_WORKERS=0 runs everything in this process.
PYTEST_WORKERS ?= 2
# Coverage of the application code, combined over the workers; below the floor the run fails
# (the README states it). Measured in CI, where PostgreSQL, Redis and Chromium run every test.
COVERAGE_FLOOR := 89
COVERAGE := --cov --cov-report=term --cov-fail-under=$(COVERAGE_FLOOR)
test: install
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadgroup $(COVERAGE) $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# mypy with the Django and DRF plugins ([tool.mypy] in pyproject.toml): clean on the whole
# project, strict on services, queries and the access objects.
typecheck: install
	$(BIN)/mypy

# The layers as import-linter contracts ([tool.importlinter] in pyproject.toml).
imports: install
	$(BIN)/lint-imports --no-cache

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Update the catalogues of every language offered besides English, then compile them.
# locale/<lang>/: the platform's own strings, collected from its code and templates (makemessages).
# locale_allauth/<lang>/: the accounts library's strings that its sign-in, sign-up, e-mail,
# password and two-step pages show, for the languages django-allauth ships no catalogue for;
# allauth.pot takes them from the installed allauth (its English catalogue, by source file).
# Django reads both (LOCALE_PATHS). New or changed strings arrive untranslated or fuzzy, and
# tests/test_catalogues.py fails until a translator has done them.
# Commit the .po and the .mo files: newcomers without gettext still get the translations.
LANGS := cy ar fa ckb uk ti
ALLAUTH_LANGS := cy ckb ti
I18N_IGNORE := --ignore=.venv --ignore=var --ignore=tests --ignore=bench
ALLAUTH_SHOWN := -N 'account/adapter.py' -N 'account/forms.py' -N 'account/fields.py' \
	-N 'mfa/*.py' -N 'mfa/*/*.py' -N 'templates/account/login.html' -N 'templates/account/logout.html' \
	-N 'templates/account/signup.html' -N 'templates/account/signup_closed.html' \
	-N 'templates/account/account_inactive.html' -N 'templates/account/email.html' \
	-N 'templates/account/email_confirm.html' -N 'templates/account/verification_sent.html' \
	-N 'templates/account/verified_email_required.html' -N 'templates/account/password_*.html' \
	-N 'templates/account/*reauthenticate.html' -N 'templates/account/email/*' \
	-N 'templates/account/messages/*' -N 'templates/account/snippets/*' \
	-N 'templates/mfa/*' -N 'templates/mfa/*/*' -N 'templates/mfa/*/*/*'
messages: install
	$(EMBEDDED) $(BIN)/python manage.py makemessages --no-obsolete $(addprefix -l ,$(LANGS)) $(I18N_IGNORE)
	msggrep $(ALLAUTH_SHOWN) -o locale_allauth/allauth.pot \
		"$$($(BIN)/python -c 'import allauth, pathlib; print(pathlib.Path(allauth.__file__).parent)')/locale/en/LC_MESSAGES/django.po"
	for lang in $(ALLAUTH_LANGS); do \
		po=locale_allauth/$$lang/LC_MESSAGES/django.po; \
		msgmerge --quiet --update --backup=none --previous $$po locale_allauth/allauth.pot && \
		msgattrib --no-obsolete -o $$po $$po || exit 1; \
	done
	$(EMBEDDED) $(BIN)/python manage.py compilemessages $(addprefix -l ,$(LANGS)) $(I18N_IGNORE)

# Production settings must pass Django's deployment checks, with uploads scanned by ClamAV as in
# docker-compose.yml (the scanner that scans nothing is a warning there).
check-deploy: install
	SECRET_KEY=check-deploy-only-$$(date +%s)-a-long-random-looking-value-for-the-check \
	ALLOWED_HOSTS=sanctuary.example.org EMAIL_HOST=smtp.example.org DATABASE_URL=$${DATABASE_URL:-sqlite:///var/check.sqlite3} \
	SANCTUARY_UPLOAD_SCANNER=sanctuary.scanning.ClamAVScanner \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

# Re-pin dependencies from pyproject.toml, with hashes and without any registry address:
# requirements.txt for production, requirements-dev.txt adds the test and lint tools.
PIN := --quiet --generate-hashes --no-emit-index-url --no-emit-find-links --strip-extras
lock: install
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile $(PIN) -o requirements.txt pyproject.toml
	$(BIN)/pip-compile $(PIN) --extra dev -o requirements-dev.txt pyproject.toml

# Back up the database (pg_dump, or the SQLite file) and the private files and media into a
# new folder; restore one (everything since is lost: stop the web and workers first). Both use
# the settings of the environment (DATABASE_URL, PRIVATE_MEDIA_ROOT, MEDIA_ROOT). In compose:
#   docker compose run --rm -v "$$PWD/backups:/backups" web python manage.py backup /backups/NAME
BACKUP_DIR ?= backups/$(shell date +%Y%m%d-%H%M%S)
backup:
	$(BIN)/python manage.py backup "$(BACKUP_DIR)"

restore:
	@test -n "$(FROM)" || { echo "Say which backup: make restore FROM=backups/NAME CONFIRM=yes"; exit 1; }
	@test "$(CONFIRM)" = yes || { echo "This replaces the database and every file: add CONFIRM=yes."; exit 1; }
	$(BIN)/python manage.py restore "$(FROM)" --yes

worker: install
	$(BIN)/celery -A sanctuary worker --loglevel INFO

beat: install
	$(BIN)/celery -A sanctuary beat --loglevel INFO

clean:
	rm -rf var/sanctuary.sqlite3 var/static var/test-media var/test-private var/private var/media

# The benchmark of issue 15 (bench/README.md): two datasets on PostgreSQL, gunicorn with the
# production settings and Redis, loaded with wrk. Results in var/bench/; about an hour and a
# half in full, under five minutes quick (smaller datasets, one round).
bench: install
	$(BIN)/python bench/run.py --mode full

bench-quick: install
	$(BIN)/python bench/run.py --mode quick
