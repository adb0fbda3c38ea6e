# The README's commands. Everything runs through the go command: the
# tools (benchstat, staticcheck) come from go.mod's tool directive.

GO ?= go

.PHONY: test lint

# vet, the race-checked tests, then every benchmark once so none can rot.
# -short skips the heaviest cases; `make stress` runs them.
test:
	$(GO) vet ./...
	$(GO) test -race -short -count=1 ./...
	$(GO) test -short -run '^$$' -bench . -benchtime 1x ./...

lint:
	@test -z "$$(gofmt -l .)" || { gofmt -l .; echo 'run gofmt -w .'; exit 1; }
	$(GO) vet ./...
	$(GO) tool staticcheck ./...
