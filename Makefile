# Two commands on a fresh machine with Python 3.11:
#   make demo   -> set up .venv (core only) and run the main job on examples/article.txt
#   make test   -> set up .venv with every extra and run ruff, mypy and the whole test suite
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q

.PHONY: demo test lint bench clean

$(VENV)/.core: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -e .
	touch $@

# torch first, as the CPU build, so that camel-tools never pulls a multi-GB CUDA build.
$(VENV)/.dev: $(VENV)/.core pyproject.toml
	$(PIP) install torch==2.13.0
	$(PIP) install -e '.[dev,camel,pandas,dask]'
	touch $@

demo: $(VENV)/.core
	$(VENV)/bin/arabic-news analyze examples/article.txt

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check arabic_news tests benchmarks scripts
	$(VENV)/bin/mypy

test: lint
	$(PY) -m pytest -q

bench: $(VENV)/.dev
	for b in benchmarks/bench_*.py; do $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
