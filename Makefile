# Everything a developer or CI runs. `make help` lists the targets.
SHELL := /bin/bash
NODE  ?= node
TSX   := $(NODE) --import tsx
UNIT_TESTS = $(shell find src bench scripts -name '*.test.ts' -not -path '*/node_modules/*' | sort)
ACC_TESTS  = $(shell find acceptance-tests -name '*.test.ts' -not -path '*/node_modules/*' | sort)

.PHONY: help build typecheck test test-unit test-acc demo bench install-provider release check clean docs generate

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

build: node_modules/.package-lock.json ## bundle src/bin/* into dist/ (esbuild)
	@$(NODE) scripts/build.mjs

typecheck: node_modules/.package-lock.json ## TypeScript strict type check
	@npx tsc -p tsconfig.json

test: build check test-unit test-acc ## everything CI runs: type check, generated docs and import arrows, unit, protocol and acceptance tests

test-unit: build ## unit and integration tests beside the code (src/**/*.test.ts, scripts/*.test.ts)
	@if [ -n "$(UNIT_TESTS)" ]; then $(TSX) --test --test-concurrency=2 $(UNIT_TESTS); else echo "no unit tests"; fi

test-acc: build ## acceptance tests: the real terraform CLI against our provider and the mock Konnect
	@if [ -n "$(ACC_TESTS)" ]; then $(TSX) --test --test-concurrency=1 $(ACC_TESTS); else echo "no acceptance tests yet"; fi

demo: build ## the end-to-end demo; DEMO_PROVIDER=huggingface (default) | openai | anthropic | bedrock (see README)
	@$(TSX) scripts/demo.ts

bench: build ## benchmarks, side by side with their baselines, printing ratios
	@for f in $$(find bench -name '*.bench.ts' | sort); do echo "== $$f"; $(TSX) $$f || exit 1; done

install-provider: build ## unpack the release archive into a filesystem mirror + CLI config (PROVIDER_VERSION=3.19.0 to choose the version); last line: export TF_CLI_CONFIG_FILE=...
	@$(TSX) scripts/install-provider.ts

release: build ## .build/release/: the provider as one executable (Node SEA) zipped per platform, SHA256SUMS, registry manifest (PROVIDER_VERSION=x.y.z)
	@$(TSX) scripts/release.ts

.PHONY: cdktf
cdktf: build ## CDK for Terraform: bindings from our provider, synth, apply on a fresh mock Konnect, destroy
	@$(TSX) scripts/cdktf.ts

generate: ## regenerate every generated tracked file: docs/ and examples/cdktf/provider-schema.json
	@$(TSX) scripts/generated.ts

docs: generate ## same as make generate (docs/ is generated with the rest)

check: typecheck ## type check, generated files (docs/, cdktf schema) up to date, imports follow the layout's arrows
	@$(TSX) scripts/check.ts

clean: ## remove build output and local state made by the targets
	rm -rf dist .build .demo
