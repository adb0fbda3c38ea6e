# The README's commands. Everything runs through the go command: the
# tools (benchstat, staticcheck) come from go.mod's tool directive.

GO ?= go

# make bench: the whole grid, COUNT runs of each cell (benchstat wants
# at least 6 for its confidence intervals). About 5 minutes on 2 cores.
COUNT ?= 6
BENCH ?= .
BENCHTIME ?= 1s
RESULTS ?= docs/results/$(shell date +%F)-$(shell $(GO) env GOOS)-$(shell $(GO) env GOARCH)-$(shell nproc 2>/dev/null || echo 0)cpu.txt
BENCHSTAT = $(GO) tool benchstat
# The figures the tables show; B/op and allocs/op stay in the raw file.
UNITS = (.unit:sec/op OR .unit:x-floor OR .unit:checks/s OR .unit:conns/op OR .unit:peak-inflight OR .unit:errors/op OR .unit:accept-errors/op OR .unit:B/check)

.PHONY: test lint bench bench-quick tables demo charts python stress fuzz

# vet, the race-checked tests, then every benchmark once so none can rot.
# -short skips the heaviest cases; `make stress` runs them.
test:
	$(GO) vet ./...
	$(GO) test -race -short -count=1 ./...
	$(GO) test -short -run '^$$' -bench . -benchtime 1x ./...
	$(GO) vet -tags solution ./exercises/...
	$(GO) test -race -short -count=1 -tags solution ./exercises/...

# Go and Python side by side on one standalone target server; needs
# Debian's python3-aiohttp and python3-requests. About a minute.
python:
	bash docs/python/compare.sh

# The heaviest cases, skipped by make test: 100,000 URLs through the
# pool and through capped goroutines, and uncapped goroutines meeting
# the file-descriptor limit. About a minute on 2 cores.
stress:
	$(GO) test -count=1 -timeout 10m -run '^TestScale' -v ./bench/

# Fuzz the check's URL input and the command's URL-list parsing for
# FUZZTIME each. make test runs their seed corpora as ordinary tests.
FUZZTIME ?= 30s
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzHTTP$$' -fuzztime $(FUZZTIME) .
	$(GO) test -run '^$$' -fuzz '^FuzzReadURLs$$' -fuzztime $(FUZZTIME) ./cmd/urlcheck

lint:
	@test -z "$$(gofmt -l .)" || { gofmt -l .; echo 'run gofmt -w .'; exit 1; }
	$(GO) vet ./...
	$(GO) tool staticcheck ./...
	$(GO) tool staticcheck -tags solution ./exercises/...

# Runs the benchmarks, keeps their raw output in $(RESULTS) with the Go
# version and CPU in its header, and prints the benchstat tables.
bench:
	@mkdir -p $(dir $(RESULTS))
	@echo "writing $(RESULTS) (COUNT=$(COUNT); progress below)" >&2
	@{ echo "go: $$($(GO) env GOVERSION)"; \
	   echo "cores: $$(nproc 2>/dev/null || echo unknown)"; \
	   $(GO) test -run '^$$' -bench '$(BENCH)' -benchtime $(BENCHTIME) \
	     -count $(COUNT) -timeout 60m ./bench; } | tee $(RESULTS) \
	   | grep --line-buffered -E '^(Benchmark|left out|ok|FAIL|panic)' >&2
	@$(MAKE) --no-print-directory tables RESULTS=$(RESULTS)

# A one-minute version for a live workshop: 10 and 100 URLs, shorter runs.
bench-quick:
	@$(MAKE) --no-print-directory bench COUNT=6 BENCHTIME=0.2s \
	  BENCH='Check/urls=(10|100)\b/' \
	  RESULTS=docs/results/quick-$(shell date +%F).txt

# The benchstat tables of $(RESULTS): styles in columns, sequential the
# base the others are compared with.
tables:
	@echo; echo '## The talk'"'"'s table: one column per style'
	@$(BENCHSTAT) -filter '.name:Check $(UNITS)' \
	  -col '/style@(sequential pooled goroutines)' $(RESULTS)
	@grep '^left out' $(RESULTS) || true
	@if grep -q '^BenchmarkPoolSize' $(RESULTS); then \
	  echo; echo '## Pool size sweep: time ≈ ⌈N/W⌉·delay'; \
	  $(BENCHSTAT) -filter '.name:PoolSize $(UNITS)' -col .name \
	    -row '/workers@num' $(RESULTS); fi
	@if grep -q '^BenchmarkPitfalls' $(RESULTS); then \
	  echo; echo '## Pitfalls: idle pool of 2, undrained bodies'; \
	  $(BENCHSTAT) -filter '.name:Pitfalls $(UNITS)' -col /body \
	    -row '/style,/idle@(default sized)' $(RESULTS); fi
	@if grep -q '^BenchmarkScale' $(RESULTS); then \
	  echo; echo '## Scale: 10,000 URLs at once'; \
	  $(BENCHSTAT) -filter '.name:Scale $(UNITS)' -col .name \
	    -row /style,/limit $(RESULTS); fi

# The three styles raced on a local server: the talk's table with this
# machine's numbers, in a few seconds, and a timeline of each run.
# The demo saves its measured runs in docs/timeline.json and draws
# docs/timeline-*.svg from them.
demo:
	$(GO) run ./cmd/urlcheck -demo -timeline docs | tee docs/demo.txt

# Every picture in docs/, drawn again from the committed files: the
# newest full benchmark results and the demo's saved runs.
CHART_RESULTS ?= $(lastword $(sort $(wildcard docs/results/20*.txt)))
charts:
	$(GO) run ./cmd/charts -o docs -timeline docs/timeline.json \
	  $(CHART_RESULTS)
