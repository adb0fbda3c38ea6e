package retry_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"urlcheck"
	"urlcheck/exercises/retry"
	"urlcheck/goroutines"
	"urlcheck/internal/checktest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func skipUnsolved(t *testing.T) { checktest.SkipUnsolved(t, retry.Solved) }

var errReset = errors.New("connection reset")

// A script is a fake checker: the n-th check of a URL returns the n-th
// of its results, and the last one from then on. It records when each
// check was made.
type script struct {
	results []urlcheck.Result
	mu      sync.Mutex
	calls   map[string][]time.Time
}

func (s *script) Check(_ context.Context, url string) urlcheck.Result {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.calls == nil {
		s.calls = map[string][]time.Time{}
	}
	n := len(s.calls[url])
	s.calls[url] = append(s.calls[url], time.Now())
	r := s.results[min(n, len(s.results)-1)]
	r.URL = url
	return r
}

func (s *script) times(url string) []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[url]
}

var (
	ok          = urlcheck.Result{Status: 200}
	notFound    = urlcheck.Result{Status: 404}
	unavailable = urlcheck.Result{Status: 503}
	reset       = urlcheck.Result{Err: errReset}
)

// Failures another try may fix are tried again, up to attempts tries;
// the other Results are returned at once.
func TestTries(t *testing.T) {
	skipUnsolved(t)
	for _, tc := range []struct {
		name     string
		results  []urlcheck.Result
		attempts int
		tries    int
		want     urlcheck.Result
	}{
		{"ok", []urlcheck.Result{ok}, 5, 1, ok},
		{"not-found", []urlcheck.Result{notFound}, 5, 1, notFound},
		{"fixed", []urlcheck.Result{unavailable, reset, ok}, 5, 3, ok},
		{"gives-up", []urlcheck.Result{unavailable}, 3, 3, unavailable},
		{"last-error", []urlcheck.Result{unavailable, reset}, 4, 4, reset},
		{"one-try", []urlcheck.Result{unavailable, ok}, 1, 1, unavailable},
		{"zero", []urlcheck.Result{unavailable, ok}, 0, 1, unavailable},
		{"negative", []urlcheck.Result{reset, ok}, -2, 1, reset},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := &script{results: tc.results}
			check := retry.Retry(s.Check, tc.attempts, time.Millisecond)
			r := check(context.Background(), "fake://x")
			assert.Equal(t, tc.tries, len(s.times("fake://x")), "tries")
			assert.Equal(t, "fake://x", r.URL)
			assert.Equal(t, tc.want.Status, r.Status)
			assert.Equal(t, tc.want.Err, r.Err)
		})
	}
}

// The waits double: backoff, 2·backoff, 4·backoff. A timer never fires
// early, so each gap is at least its wait; the test sets no upper
// bound but the deadline, since a busy machine may be slow.
func TestBackoff(t *testing.T) {
	skipUnsolved(t)
	const backoff = 20 * time.Millisecond
	s := &script{results: []urlcheck.Result{unavailable}}
	check := retry.Retry(s.Check, 4, backoff)
	r := check(context.Background(), "fake://x")
	assert.Equal(t, 503, r.Status)
	times := s.times("fake://x")
	require.Len(t, times, 4)
	for i, want := range []time.Duration{backoff, 2 * backoff, 4 * backoff} {
		gap := times[i+1].Sub(times[i])
		assert.GreaterOrEqual(t, gap, want, "wait before try %d", i+2)
	}
}

// A cancel during a wait ends it at once: the Result carries the
// cancel, and there is no further try.
func TestCancelDuringBackoff(t *testing.T) {
	skipUnsolved(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	tried := make(chan struct{}, 1)
	check := retry.Retry(func(context.Context, string) urlcheck.Result {
		tried <- struct{}{}
		return unavailable
	}, 3, time.Hour)

	done := make(chan urlcheck.Result, 1)
	go func() { done <- check(ctx, "fake://x") }()
	<-tried
	cancel()
	select {
	case r := <-done:
		assert.ErrorIs(t, r.Err, context.Canceled)
		assert.Equal(t, "fake://x", r.URL)
	case <-time.After(checktest.Patience):
		t.Fatal("the wait went on after the cancel")
	}
	assert.Empty(t, tried, "no try after the cancel")
}

// With ctx already done, nothing is tried.
func TestCancelledBefore(t *testing.T) {
	skipUnsolved(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s := &script{results: []urlcheck.Result{ok}}
	r := retry.Retry(s.Check, 3, time.Millisecond)(ctx, "fake://x")
	assert.ErrorIs(t, r.Err, context.Canceled)
	assert.Empty(t, s.times("fake://x"))
}

// The Checker is safe for concurrent use: each URL fails once, then
// succeeds, whatever the other goroutines do. Run with -race.
func TestConcurrent(t *testing.T) {
	skipUnsolved(t)
	s := &script{results: []urlcheck.Result{unavailable, ok}}
	check := retry.Retry(s.Check, 3, time.Millisecond)
	urls := checktest.URLs(50)
	for i, r := range goroutines.Check(context.Background(), check, urls) {
		assert.Equal(t, 200, r.Status, urls[i])
		assert.Len(t, s.times(urls[i]), 2, fmt.Sprint("tries of ", urls[i]))
	}
}
