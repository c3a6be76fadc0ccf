# Maillage: everyday commands. `make run` serves the embedded demo on
# http://127.0.0.1:8080; `make test` installs what the tests need, then runs
# every Go test beside a throwaway PostGIS cluster.
#
# Outside CI, a tool that cannot be installed (no root, no network) is
# reported and the tests that need it skip; under CI=true it is a failure.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

GO      ?= go
BIN     ?= bin/maillage
ARGS    ?=
CI      ?= false
PG_VERSION ?= 15
# Where the browser tests save their screenshots (CI keeps this folder).
ARTIFACTS ?= $(CURDIR)/artifacts

# npm writes node_modules/.package-lock.json after every install: it stands
# for "node_modules matches package.json and the lock file".
NPM_STAMP := node_modules/.package-lock.json
NPM_LOCK  := $(wildcard package-lock.json)

.PHONY: help run test build demo bench fuzz deps deps-apt deps-npm

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'

run: $(NPM_STAMP) ## serve the embedded demo on 127.0.0.1:8080 (ARGS="--addr :9000" passes flags)
	$(GO) run ./cmd/maillage serve $(ARGS)

test: deps ## install what is missing, then run every test with a throwaway PostGIS (screenshots in artifacts/)
	MAILLAGE_ARTIFACTS=$(ARTIFACTS) scripts/with-postgis.sh $(GO) test -count=1 ./...

# MAPLIBRE_FILES are the files of MapLibre's dist folder the viewer loads
# (static.MapLibreFiles); make build embeds them, so the binary serves the
# whole viewer from anywhere.
MAPLIBRE_FILES := maplibre-gl.mjs maplibre-gl-worker.mjs maplibre-gl.css

build: $(NPM_STAMP) ## build bin/maillage, MapLibre GL JS embedded (the viewer works wherever the binary runs)
	rm -rf static/maplibre-gl && mkdir -p static/maplibre-gl
	cp $(addprefix node_modules/maplibre-gl/dist/,$(MAPLIBRE_FILES)) static/maplibre-gl/
	$(GO) build -trimpath -tags embedmaplibre -o $(BIN) ./cmd/maillage

demo: $(NPM_STAMP) ## regenerate the embedded demo bundle from the npm sources
	$(GO) run ./cmd/maillage demo $(ARGS)

bench: $(NPM_STAMP) ## run the Go benchmarks (with PostGIS when it is installed)
	scripts/with-postgis.sh $(GO) test -count=1 -run '^$$' -bench . -benchmem ./...

# FUZZTIME is each fuzz target's run; FUZZTIME=10m makes a campaign. A crash
# is written under the package's testdata/fuzz/ and fails the target:
# commit it with the fix, and it stays a test case of every `make test`.
FUZZTIME ?= 15s
fuzz: ## run every fuzz target for FUZZTIME each (15s; FUZZTIME=10m for a campaign)
	@$(GO) list -f '{{.ImportPath}} {{.Dir}}' ./... | while read -r pkg dir; do \
	  for target in $$(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$$dir"/*_test.go 2>/dev/null | sed 's/^func //'); do \
	    echo "fuzz $$pkg $$target ($(FUZZTIME))"; \
	    $(GO) test "$$pkg" -run '^$$' -fuzz "^$$target$$" -fuzztime $(FUZZTIME); \
	  done; \
	done

deps: deps-apt deps-npm ## install the Debian and npm packages the tests use

deps-npm: $(NPM_STAMP)

# npm ci when a lock file exists (exact versions), npm install otherwise;
# either way only when package.json or the lock changed since the last run.
$(NPM_STAMP): package.json $(NPM_LOCK)
	@command -v npm >/dev/null || { echo "make: npm is missing (Debian: apt-get install nodejs npm)" >&2; exit 1; }
	if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
	touch $@

# Debian packages, each installed only when what the tests run is absent:
# PostGIS (the PostgreSQL server and its extension), ogr2ogr (gdal-bin:
# the GDAL client tests), chromium (the viewer's browser tests) and QGIS's
# Python bindings with its OAPIF provider (python3-qgis, qgis-providers: the
# QGIS client case, run by Debian's /usr/bin/python3).
# apt-get update runs once, and only if something is missing.
deps-apt:
	@pg_bin=/usr/lib/postgresql/$(PG_VERSION)/bin; \
	have_postgis() { [ -x "$$pg_bin/postgres" ] && [ -f "$$("$$pg_bin/pg_config" --sharedir 2>/dev/null)/extension/postgis.control" ]; }; \
	missing() { \
		have_postgis || echo postgresql-$(PG_VERSION)-postgis-3; \
		command -v ogr2ogr >/dev/null || echo gdal-bin; \
		command -v chromium >/dev/null || echo chromium; \
		QT_QPA_PLATFORM=offscreen /usr/bin/python3 -c 'import qgis.core' 2>/dev/null || echo python3-qgis qgis-providers; \
	}; \
	pkgs=$$(missing | xargs); \
	[ -z "$$pkgs" ] && exit 0; \
	sudo=; [ "$$(id -u)" -ne 0 ] && sudo="sudo -n"; \
	echo "make: installing $$pkgs"; \
	{ $$sudo apt-get update -q && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -q --no-install-recommends $$pkgs; } || true; \
	still=$$(missing | xargs); \
	[ -z "$$still" ] && exit 0; \
	if [ "$(CI)" = true ]; then echo "make: FATAL: could not install $$still (CI=true: every test must run)" >&2; exit 1; fi; \
	echo "make: warning: could not install $$still; the tests that need them will skip" >&2
