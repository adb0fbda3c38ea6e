package errgrouplimit_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"urlcheck"
	"urlcheck/bench"
	"urlcheck/exercises/errgrouplimit"
	"urlcheck/internal/checktest"
	"urlcheck/pooled"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// The rules the three styles keep, the pool's among them: W checks at
// once, or fewer when there are fewer URLs; workers < 1 is one.
func TestRules(t *testing.T) {
	checktest.SkipUnsolved(t, errgrouplimit.Solved)
	// A quick look first. A Check that makes no checks would fail
	// each rule below only after a long wait for checks to start.
	var echo checktest.Echo
	results := errgrouplimit.Check(context.Background(), echo.Check,
		checktest.URLs(3), 2)
	require.Len(t, results, 3)
	require.Equal(t, 3, echo.Total(), "checks of 3 URLs")

	for _, w := range []int{-1, 0, 1, 4, 1000} {
		t.Run(fmt.Sprint("workers=", w), func(t *testing.T) {
			style := func(ctx context.Context, check urlcheck.Checker,
				urls []string) []urlcheck.Result {
				return errgrouplimit.Check(ctx, check, urls, w)
			}
			checktest.TestRules(t, style,
				func(n int) int { return min(n, max(w, 1)) })
		})
	}
}

// The pool and the errgroup side by side, against the local server:
//
//	go test -tags solution -run '^$' -bench . -count 6 \
//	  ./exercises/errgrouplimit | go tool benchstat -col /style -
func BenchmarkCheck(b *testing.B) {
	checktest.SkipUnsolved(b, errgrouplimit.Solved)
	const (
		n       = 100
		workers = 8
		delay   = 20 * time.Millisecond
	)
	srv := bench.NewServer(bench.Config{Delay: delay})
	b.Cleanup(srv.Close)
	urls := srv.URLs(n)
	for _, style := range []struct {
		name  string
		check func(context.Context, urlcheck.Checker, []string,
			int) []urlcheck.Result
	}{
		{"pooled", pooled.Check},
		{"errgroup", errgrouplimit.Check},
	} {
		name := fmt.Sprintf("urls=%d/delay=%v/workers=%d/style=%s",
			n, delay, workers, style.name)
		b.Run(name, func(b *testing.B) {
			client := urlcheck.NewClient(time.Minute, workers)
			b.Cleanup(client.CloseIdleConnections)
			check := urlcheck.HTTP(client)
			ctx := context.Background()
			// Open the connections before the timing starts.
			style.check(ctx, check, urls[:workers], workers)
			runs := 0
			for b.Loop() {
				for _, r := range style.check(ctx, check, urls, workers) {
					if !r.OK() {
						b.Fatal(r)
					}
				}
				runs++
			}
			perRun := b.Elapsed() / time.Duration(runs)
			floor := bench.Floor(n, workers, delay)
			b.ReportMetric(float64(perRun)/float64(floor), "x-floor")
		})
	}
}
