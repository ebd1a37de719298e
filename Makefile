# Everyday targets: thin wrappers over ./mvnw and scripts/. Every target picks the newest JDK on the
# machine (scripts/lib/versions.sh), so `make` works whatever `java` on the PATH is.
SHELL := /bin/bash
JAVA_HOME ?= $(shell source scripts/lib/versions.sh && echo $$JAVA_HOME)
export JAVA_HOME
MVN := ./mvnw -B

.PHONY: help build test lint unit demo demo-down cluster-up cluster-down cluster-status binaries plugin generate chart fmt bench bench-operator bench-api-service images clean fuzz

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

build: ## Compile and package both modules, no tests
	$(MVN) package -DskipTests

test: ## All tests: unit, API-server ITs and E2E on the local cluster (what CI runs)
	scripts/test.sh

lint: ## Manifest linter (checkov) on the chart, k8s/ and the operator's objects for k8s/samples/
	scripts/lint-manifests.sh

unit: ## Unit tests only, no cluster needed
	$(MVN) test
	cd kubectl-plugin && go test ./...
	cd health-checks && go test ./...

fuzz: ## schemathesis against api-service's OpenAPI document (all checks, links; bounded), on a real PostgreSQL
	scripts/fuzz-api-service.sh

demo: ## The operator on the local cluster: a sample API, then a crash loop and its remediation
	scripts/demo.sh

demo-down: ## Stop what the demo started
	scripts/demo.sh down

cluster-up: ## Start the local cluster and its real node (builds the binaries and images the first time)
	scripts/local-cluster.sh up

cluster-down: ## Stop the local cluster and remove its node
	scripts/local-cluster.sh down

cluster-status: ## Show the local cluster's components and nodes
	scripts/local-cluster.sh status

binaries: ## Build the control plane, kubelet, kube-proxy, containerd, runc, CNI plugins, crictl, etcd, kwok, helm and promtool into the per-user cache
	scripts/provision-k8s-binaries.sh

plugin: ## Build the kubectl plugin, kubectl-plugin/target/kubectl-managedapi (put it on the PATH for `kubectl managedapi`)
	scripts/build-plugin.sh

generate: ## Regenerate the CRD (crds/, the chart's copy) and docs/crd-reference.md from the Java model, the chart README's values table from values.yaml
	$(MVN) -pl operator test-compile exec:java -Dexec.mainClass=dev.managedapi.operator.crd.CrdGeneration -Dexec.classpathScope=test -Dexec.args="$(CURDIR)"
	$(MVN) -pl operator exec:java -Dexec.mainClass=dev.managedapi.operator.crd.CrdReference -Dexec.classpathScope=test -Dexec.args="$(CURDIR)"
	$(MVN) -pl operator exec:java -Dexec.mainClass=dev.managedapi.operator.delivery.ChartReadme -Dexec.classpathScope=test -Dexec.args="$(CURDIR)"
	scripts/render-manifests.sh

chart: ## Lint the Helm chart strictly and package it into dist/charts/ (needs `make binaries`)
	@helm="$$(scripts/provision-k8s-binaries.sh --print-bin-dir)/helm"; \
	  [[ -x "$$helm" ]] || { echo "No helm at $$helm: run make binaries" >&2; exit 1; }; \
	  "$$helm" lint --strict helm/managedapi-operator && \
	  "$$helm" package helm/managedapi-operator --destination dist/charts

fmt: ## Format the Java sources
	$(MVN) spotless:apply

bench: bench-operator bench-api-service ## Run every benchmark

bench-operator: ## Crash-loop detection latency on the real node and on kwok, side by side
	bench/operator/run.sh

bench-api-service: ## api-service against FastAPI under wrk
	bench/api-service/run.sh

images: ## Image tarballs for ctr import: api-service, operator, pause (IMAGE_BASE=image overrides the local Java base)
	IMAGE_BASE='$(IMAGE_BASE)' scripts/build-images.sh

clean: ## Remove build output
	$(MVN) clean
