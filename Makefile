# The two commands a user needs:
#   make run    create the virtual environment, load the demo data, serve on 127.0.0.1:8000
#   make test   create the virtual environment, start a local OpenSearch node, run every test

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_PERSONS ?= 20000

.PHONY: run test venv demo serve start-engine stop-engine bench clean

$(BIN)/activate: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==26.3
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/activate

venv: $(BIN)/activate

demo: venv
	$(BIN)/cruce demo --persons $(DEMO_PERSONS)

serve: venv
	$(BIN)/cruce serve --host $(HOST) --port $(PORT)

run: demo serve

test: venv
	scripts/test

start-engine:
	scripts/engine-node/start

stop-engine:
	scripts/engine-node/stop

bench: venv
	$(BIN)/python bench/search_bench.py --sizes 100000,1000000

clean:
	rm -rf $(VENV) var build *.egg-info
