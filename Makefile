# The two commands of the quick start are `make demo` and `make test`; the rest are their parts.
# `make test` is the full check (`make check`), the same that .ci/run runs.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
LAUNCHER_BUILT := launcher/target/classes/org/kg/launcher/EmbeddedNeo4j.class
PROVIDER_INSTALLED := tests/oidc_provider/node_modules/.package-lock.json

.PHONY: demo test check setup launcher browser openid-provider explorer-deps lint lint-python \
	lint-explorer pytest bench-load bench-api bench-peer bench-explorer bench-cypher bench-hostile bench-scale bench-convert schema-sdl clean

## Start the embedded Neo4j, load the demo graph (once) and serve on http://127.0.0.1:8000/
demo: setup
	$(BIN)/kg demo

## The full check: lint (Python and the explorer), the explorer's unit tests and bundle check,
## then the whole test suite against a real Neo4j (the embedded one unless KG_TEST_NEO4J_URI is set)
test: check

check: lint pytest

pytest: setup browser openid-provider
	$(BIN)/python -m pytest

setup: $(VENV)/.installed $(LAUNCHER_BUILT)

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11 is needed (python3.11 or python3 on PATH)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# Neo4j Community jars from Maven Central plus our small entry point.
$(LAUNCHER_BUILT): launcher/pom.xml launcher/src/main/java/org/kg/launcher/EmbeddedNeo4j.java
	@command -v mvn >/dev/null || { echo "Maven is needed once to fetch Neo4j (apt-get install maven)"; exit 1; }
	mvn -q -B -f launcher/pom.xml package
	touch $@

# Debian's Chromium for the explorer's browser tests (a no-op when it is there).
browser:
	bash explorer/install-browser.sh

# The tests' OpenID provider (npm oidc-provider), from the committed package-lock.json.
openid-provider: $(PROVIDER_INSTALLED)

$(PROVIDER_INSTALLED): tests/oidc_provider/package.json tests/oidc_provider/package-lock.json
	@command -v npm >/dev/null || { echo "Node.js 20+ and npm are needed for the OpenID provider of the tests"; exit 1; }
	cd tests/oidc_provider && npm ci --no-audit --no-fund --loglevel=error
	touch $@

lint: lint-python lint-explorer

# mypy over everything, then strict on the foundation and the schema (strawberry's decorators
# are typed as returning Any).
lint-python: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy cypher kg resolvers schema graphql_endpoint.py orcid_endpoint.py explorer server.py \
		cypher_endpoint.py edge synthetic analyst loaders identity cli
	$(BIN)/mypy --strict --allow-untyped-decorators --follow-imports=silent \
		kg schema edge

# prettier, eslint, the node --test unit tests, and the committed bundle against its sources.
lint-explorer: explorer-deps
	cd explorer/web && npm run --silent check

# The explorer's npm packages, exactly as locked (the cache makes later installs offline).
explorer-deps: explorer/web/node_modules/.package-lock.json

explorer/web/node_modules/.package-lock.json: explorer/web/package-lock.json
	@command -v npm >/dev/null || { echo "Node.js 20+ and npm are needed for the explorer's checks"; exit 1; }
	cd explorer/web && npm ci --prefer-offline --no-audit --no-fund --loglevel=error

## Benchmarks print their figures; they are not part of the test suite.
bench-load: setup
	$(BIN)/python -m benchmarks.load_benchmark

## Ours against the Neo4j GraphQL Library on the same Neo4j (BENCH_PEER_ARGS="--authors 5000" for
## a modest graph); installs the peer's npm packages from benchmarks/peer/package-lock.json
bench-peer: setup benchmarks/peer/node_modules/.package-lock.json
	$(BIN)/python -m benchmarks.peer_benchmark $(BENCH_PEER_ARGS)

benchmarks/peer/node_modules/.package-lock.json: benchmarks/peer/package.json benchmarks/peer/package-lock.json
	@command -v npm >/dev/null || { echo "Node.js 20+ and npm are needed for the peer"; exit 1; }
	cd benchmarks/peer && npm ci --no-audit --no-fund --loglevel=error
	touch $@

bench-api: setup
	$(BIN)/python -m benchmarks.api_benchmark

## Growth curves: 10k, 100k and 1M generated authors, each built into a store of its own (removed
## after), profile and graphSlice p50/p95 with ratios to 10k (BENCH_SCALE_ARGS="--sizes 10000,100000")
bench-scale: setup
	$(BIN)/python -m benchmarks.scale_benchmark $(BENCH_SCALE_ARGS)

## kg import's conversion (no Neo4j) with 1 and all-CPUs worker processes, interleaved, with ratios
## (BENCH_CONVERT_ARGS="--authors 100000 --rounds 1")
bench-convert: setup
	$(BIN)/python -m benchmarks.convert_benchmark $(BENCH_CONVERT_ARGS)

bench-hostile: setup
	$(BIN)/python -m benchmarks.hostile_benchmark
bench-cypher: setup
	$(BIN)/python -m benchmarks.cypher_benchmark

bench-explorer: setup browser
	$(BIN)/python -m benchmarks.explorer_benchmark

## Regenerate the checked-in SDL after changing the schema
schema-sdl: setup
	$(BIN)/python -m schema.export

clean:
	rm -rf $(VENV) launcher/target
