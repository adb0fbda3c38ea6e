package stream_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"urlcheck"
	"urlcheck/exercises/stream"
	"urlcheck/internal/checktest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func skipUnsolved(t *testing.T) { checktest.SkipUnsolved(t, stream.Solved) }

// Every URL's Result arrives once, then the channel is closed.
func TestAll(t *testing.T) {
	skipUnsolved(t)
	for _, n := range []int{0, 1, 50} {
		urls := checktest.URLs(n)
		var echo checktest.Echo
		got := map[string]int{}
		for _, r := range drain(t, stream.Stream(context.Background(),
			echo.Check, urls)) {
			got[r.URL]++
			assert.Equal(t, 200, r.Status)
		}
		require.Len(t, got, n)
		for _, url := range urls {
			assert.Equal(t, 1, got[url], url)
		}
	}
}

// Results come as their checks complete: the test lets the checks
// finish one at a time, in an order of its own, and each Result must
// arrive before the next check is let go.
func TestCompletionOrder(t *testing.T) {
	skipUnsolved(t)
	urls := []string{"fake://a", "fake://b", "fake://c"}
	release := map[string]chan struct{}{}
	for _, url := range urls {
		release[url] = make(chan struct{})
	}
	check := func(ctx context.Context, url string) urlcheck.Result {
		<-release[url]
		return urlcheck.Result{URL: url, Status: 200}
	}
	results := stream.Stream(context.Background(), check, urls)
	for _, url := range []string{"fake://c", "fake://a", "fake://b"} {
		close(release[url])
		r, ok := receive(t, results)
		require.True(t, ok, "the channel closed before %s", url)
		assert.Equal(t, url, r.URL)
	}
	_, ok := receive(t, results)
	assert.False(t, ok, "the channel is closed after the last Result")
}

// All the checks run at once: a goroutine each.
func TestAllAtOnce(t *testing.T) {
	skipUnsolved(t)
	const n = 10
	gate := checktest.NewGate(n)
	results := stream.Stream(context.Background(), gate.Check,
		checktest.URLs(n))
	gate.WaitEntered(t, n)
	gate.Open()
	assert.Len(t, drain(t, results), n)
	assert.Equal(t, n, gate.Peak())
}

// A caller that cancels may stop reading: no goroutine is left behind,
// blocked on a send nobody will receive.
func TestCallerGivesUp(t *testing.T) {
	skipUnsolved(t)
	ctx, cancel := context.WithCancel(context.Background())
	var echo checktest.Echo
	results := stream.Stream(ctx, echo.Check, checktest.URLs(100))
	_, ok := receive(t, results)
	require.True(t, ok)
	cancel()
	// goleak waits a while for goroutines to end, then lists those
	// that did not.
	goleak.VerifyNone(t)
}

// After a cancel the channel is still closed, and the checks that had
// not finished report the cancel.
func TestCancelCloses(t *testing.T) {
	skipUnsolved(t)
	ctx, cancel := context.WithCancel(context.Background())
	gate := checktest.NewGate(5)
	results := stream.Stream(ctx, gate.Check, checktest.URLs(5))
	gate.WaitEntered(t, 5)
	cancel()
	for _, r := range drain(t, results) {
		assert.ErrorIs(t, r.Err, context.Canceled)
	}
}

// receive waits for one value from results, or its close.
func receive(t *testing.T, results <-chan urlcheck.Result) (urlcheck.Result, bool) {
	t.Helper()
	select {
	case r, ok := <-results:
		return r, ok
	case <-time.After(checktest.Patience):
		t.Fatal("no Result, and the channel is not closed")
		return urlcheck.Result{}, false
	}
}

// drain reads results until the channel is closed.
func drain(t *testing.T, results <-chan urlcheck.Result) []urlcheck.Result {
	t.Helper()
	var all []urlcheck.Result
	for {
		r, ok := receive(t, results)
		if !ok {
			return all
		}
		all = append(all, r)
	}
}
