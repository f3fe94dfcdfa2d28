# Те же команды, что в README и в .github/workflows. Всё ставится само (./run.sh).
.PHONY: serve build test setup validate report check-links registry

serve:
	./run.sh serve

build:
	./run.sh build

test:
	./run.sh test

setup:
	./run.sh setup

validate: setup
	.venv/bin/practice-bank validate

report: setup
	.venv/bin/practice-bank validate --report --months 24

check-links: build
	.venv/bin/practice-bank check-links site

registry: setup
	.venv/bin/practice-bank registry
