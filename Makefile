# The two README commands, and the helpers behind them. The work is done by scripts/.
.PHONY: help run test lint setup setup-test clean

help:
	@echo "make run    set up, migrate, load demo data, run web + Celery worker/beat (Ctrl-C stops)"
	@echo "make test   set up with test extras, then ruff and the whole pytest suite"
	@echo "            (make test ARGS='-k worker' passes arguments to pytest)"
	@echo "make lint   ruff check ."
	@echo "make setup  only create .venv, install packages and build front-end assets"
	@echo "make clean  remove .venv, node_modules, var/, staticfiles/ and static/build/"

run:
	scripts/run.sh

test:
	scripts/test.sh $(ARGS)

lint: setup-test
	.venv/bin/python -m ruff check .

setup:
	scripts/setup.sh

setup-test:
	scripts/setup.sh --test

clean:
	rm -rf .venv node_modules var staticfiles static/build

