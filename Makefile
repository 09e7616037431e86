# Switchyard: `make run` starts everything in one process, `make test` runs the checks CI runs.
# Both install what they need on a fresh Debian 12 (run as root): Node.js 20, npm packages and, for
# tests, the librdkafka toolchain the mock Kafka cluster is built with.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := run

NODE_VERSION ?= 20.20.2
NODE_MAJOR := $(firstword $(subst ., ,$(NODE_VERSION)))
# npm ci runs again whenever package-lock.json differs from the one node_modules was installed from.
LOCK_STAMP := node_modules/.switchyard-package-lock.sha256
KAFKA_MOCK := infra/kafka-mock/build/kafka-mock

.PHONY: run test bench typecheck node deps test-toolchain

# The same V8 flag deploy/Dockerfile sets: larger young-generation semi-spaces cut the edge's and history's CPU per message.
run: deps
	node --max-semi-space-size=32 services/cli/switchyard.js run

test: deps test-toolchain $(KAFKA_MOCK)
	npx tsc --noEmit -p tsconfig.json
	npm test

bench: deps
	npx tsx test/bench/run.ts

typecheck: deps
	npx tsc --noEmit -p tsconfig.json

# Debian 12 ships Node 18; Switchyard needs 20, so fetch the official build when node is missing or older.
node:
	@if command -v node >/dev/null && [ "$$(node -p 'process.versions.node.split(".")[0]')" -ge $(NODE_MAJOR) ]; then \
	  exit 0; \
	fi; \
	case "$$(uname -m)" in x86_64) arch=x64 ;; aarch64) arch=arm64 ;; *) echo "unsupported CPU $$(uname -m)" >&2; exit 1 ;; esac; \
	echo "installing Node.js $(NODE_VERSION) into /usr/local"; \
	command -v curl >/dev/null && command -v xz >/dev/null || { apt-get update && apt-get install -y --no-install-recommends ca-certificates curl xz-utils; }; \
	curl -fsSL "https://nodejs.org/dist/v$(NODE_VERSION)/node-v$(NODE_VERSION)-linux-$$arch.tar.xz" \
	  | tar -xJ -C /usr/local --strip-components=1 --no-same-owner; \
	hash -r; node --version

deps: node
	@if [ -f $(LOCK_STAMP) ] && sha256sum --status -c $(LOCK_STAMP) 2>/dev/null; then \
	  exit 0; \
	fi; \
	if ! npm ci; then \
	  echo "npm ci refused the lockfile: registries that serve only this platform's optional packages (as the" >&2; \
	  echo "one here) make npm write a lockfile npm ci calls out of sync; installing the same versions from it." >&2; \
	  npm install --no-save; \
	fi; \
	sha256sum package-lock.json > $(LOCK_STAMP)

test-toolchain:
	@if pkg-config --exists rdkafka 2>/dev/null && command -v cc >/dev/null; then \
	  exit 0; \
	fi; \
	apt-get update && apt-get install -y --no-install-recommends librdkafka-dev pkg-config build-essential

$(KAFKA_MOCK): infra/kafka-mock/kafka-mock.c infra/kafka-mock/build.sh | test-toolchain
	sh infra/kafka-mock/build.sh
