package pooled_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"

	"urlcheck"
	"urlcheck/internal/checktest"
	"urlcheck/pooled"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// W checks at once, or fewer when there are fewer URLs; workers < 1 is
// a pool of one.
func TestRules(t *testing.T) {
	for _, w := range []int{-1, 0, 1, 4, 1000} {
		t.Run(fmt.Sprint("workers=", w), func(t *testing.T) {
			style := func(ctx context.Context, check urlcheck.Checker,
				urls []string) []urlcheck.Result {
				return pooled.Check(ctx, check, urls, w)
			}
			checktest.TestRules(t, style,
				func(n int) int { return min(n, max(w, 1)) })
		})
	}
}

// The pool starts exactly as many workers as it should: workers, but
// never more than there are URLs and never fewer than one. The workers
// all exist before the first URL is handed out, so counting goroutines
// once a check has started is exact.
func TestWorkers(t *testing.T) {
	for _, tc := range []struct{ urls, workers, want int }{
		{urls: 50, workers: 8, want: 8},
		{urls: 50, workers: 1, want: 1},
		{urls: 50, workers: 0, want: 1},
		{urls: 50, workers: -3, want: 1},
		{urls: 2, workers: 1000, want: 2},
		{urls: 1, workers: -3, want: 1},
	} {
		name := fmt.Sprintf("urls=%d/workers=%d", tc.urls, tc.workers)
		t.Run(name, func(t *testing.T) {
			before := runtime.NumGoroutine()
			gate := checktest.NewGate(tc.urls)
			wait := checktest.Go(t, func(ctx context.Context,
				check urlcheck.Checker, urls []string) []urlcheck.Result {
				return pooled.Check(ctx, check, urls, tc.workers)
			}, context.Background(), gate.Check, checktest.URLs(tc.urls))
			gate.WaitEntered(t, 1)

			// The runner goroutine that checktest.Go started, and the pool.
			started := runtime.NumGoroutine() - before - 1
			gate.Open()
			wait()
			assert.Equal(t, tc.want, started, "workers started")
		})
	}
}
