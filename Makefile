# The README's two commands: `make run` and `make test`. Both set everything up first.
PY := .venv/bin/python
export QT_QPA_PLATFORM ?= $(if $(DISPLAY)$(WAYLAND_DISPLAY),,offscreen)

.PHONY: setup run test lint bench dist screenshots

setup:
	@bash scripts/bootstrap.sh

run: setup
	$(PY) -m app gui

test: setup
	QT_QPA_PLATFORM=offscreen MPLBACKEND=Agg $(PY) -m pytest
	$(PY) -m ruff check app tests bench
	.venv/bin/lint-imports

lint: setup
	$(PY) -m ruff check app tests bench
	.venv/bin/lint-imports

bench: setup
	QT_QPA_PLATFORM=offscreen $(PY) bench/run.py

screenshots: setup
	rm -f screens.sqlite && $(PY) -m app --db screens.sqlite demo && $(PY) -m app --db screens.sqlite screenshots screens

dist: setup
	bash scripts/dist.sh
