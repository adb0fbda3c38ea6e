package ratelimit_test

import (
	"context"
	"fmt"
	"maps"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"urlcheck"
	"urlcheck/bench"
	"urlcheck/exercises/ratelimit"
	"urlcheck/goroutines"
	"urlcheck/internal/checktest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func skipUnsolved(t *testing.T) { checktest.SkipUnsolved(t, ratelimit.Solved) }

// A hostGate is a fake checker whose calls block until Open (or until
// their ctx is done), counting the calls in flight per host and the
// most at once.
type hostGate struct {
	entered chan string
	open    chan struct{}
	mu      sync.Mutex
	active  map[string]int
	peak    map[string]int
	calls   int
}

func newHostGate(n int) *hostGate {
	return &hostGate{entered: make(chan string, n),
		open:   make(chan struct{}),
		active: map[string]int{}, peak: map[string]int{}}
}

func (g *hostGate) Check(ctx context.Context, rawURL string) urlcheck.Result {
	u, _ := url.Parse(rawURL)
	g.mu.Lock()
	g.calls++
	g.active[u.Host]++
	g.peak[u.Host] = max(g.peak[u.Host], g.active[u.Host])
	g.mu.Unlock()
	defer func() {
		g.mu.Lock()
		g.active[u.Host]--
		g.mu.Unlock()
	}()
	g.entered <- rawURL
	select {
	case <-g.open:
		return urlcheck.Result{URL: rawURL, Status: 200}
	case <-ctx.Done():
		return urlcheck.Result{URL: rawURL, Err: ctx.Err()}
	}
}

// Open lets every blocked and future call through.
func (g *hostGate) Open() { close(g.open) }

// waitEntered waits until n calls have entered the gate.
func (g *hostGate) waitEntered(t *testing.T, n int) {
	t.Helper()
	deadline := time.After(checktest.Patience)
	for i := range n {
		select {
		case <-g.entered:
		case <-deadline:
			t.Fatalf("only %d of %d checks started", i, n)
		}
	}
}

// stats returns how many calls were made, and the peaks per host.
func (g *hostGate) stats() (calls int, peak map[string]int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.calls, maps.Clone(g.peak)
}

// urls returns n URLs on each of hosts.
func urls(n int, hosts ...string) []string {
	var all []string
	for i := range n {
		for _, h := range hosts {
			all = append(all, fmt.Sprintf("fake://%s/%d", h, i))
		}
	}
	return all
}

// With a goroutine per URL, each host has exactly limit checks in
// flight: the test waits until that many have started on each, lets
// them all through, and looks at the peaks.
func TestLimitPerHost(t *testing.T) {
	skipUnsolved(t)
	for _, tc := range []struct{ limit, want int }{
		{1, 1}, {3, 3}, {0, 1}, {-5, 1},
	} {
		t.Run(fmt.Sprint("limit=", tc.limit), func(t *testing.T) {
			list := urls(20, "a", "b")
			gate := newHostGate(len(list))
			check := ratelimit.PerHost(gate.Check, tc.limit)
			wait := checktest.Go(t, goroutines.Check,
				context.Background(), check, list)
			gate.waitEntered(t, 2*tc.want)
			gate.Open()
			results := wait()

			require.Len(t, results, len(list))
			for i, r := range results {
				assert.Equal(t, list[i], r.URL)
				assert.Equal(t, 200, r.Status)
			}
			calls, peak := gate.stats()
			assert.Equal(t, len(list), calls)
			assert.Equal(t, map[string]int{"a": tc.want, "b": tc.want}, peak,
				"most checks in flight per host")
		})
	}
}

// A host at its limit does not hold up another host.
func TestHostsAreIndependent(t *testing.T) {
	skipUnsolved(t)
	gate := newHostGate(1)
	defer gate.Open()
	var echo checktest.Echo
	check := ratelimit.PerHost(func(ctx context.Context, u string) urlcheck.Result {
		if u == "fake://slow/0" {
			return gate.Check(ctx, u)
		}
		return echo.Check(ctx, u)
	}, 1)

	go check(context.Background(), "fake://slow/0")
	gate.waitEntered(t, 1)
	done := make(chan urlcheck.Result, 1)
	go func() { done <- check(context.Background(), "fake://fast/0") }()
	select {
	case r := <-done:
		assert.Equal(t, 200, r.Status)
	case <-time.After(checktest.Patience):
		t.Fatal("a check of another host waited")
	}
}

// A call waiting for its host gives up when its ctx is done, without
// checking its URL.
func TestCancelWhileWaiting(t *testing.T) {
	skipUnsolved(t)
	gate := newHostGate(2)
	check := ratelimit.PerHost(gate.Check, 1)
	first := make(chan urlcheck.Result, 1)
	go func() { first <- check(context.Background(), "fake://a/0") }()
	gate.waitEntered(t, 1)

	ctx, cancel := context.WithCancel(context.Background())
	second := make(chan urlcheck.Result, 1)
	go func() { second <- check(ctx, "fake://a/1") }()
	cancel()
	select {
	case r := <-second:
		assert.ErrorIs(t, r.Err, context.Canceled)
		assert.Equal(t, "fake://a/1", r.URL)
	case <-time.After(checktest.Patience):
		t.Fatal("the waiting call did not see the cancel")
	}
	gate.Open()
	assert.Equal(t, 200, (<-first).Status)
	calls, _ := gate.stats()
	assert.Equal(t, 1, calls, "the cancelled URL was not checked")
}

// Against a real server: 40 URLs a goroutine each, and the server never
// sees more than the limit at once.
func TestServer(t *testing.T) {
	skipUnsolved(t)
	const limit = 4
	srv := bench.NewServer(bench.Config{Delay: 10 * time.Millisecond})
	t.Cleanup(srv.Close)
	client := urlcheck.NewClient(0, limit)
	t.Cleanup(client.CloseIdleConnections)

	check := ratelimit.PerHost(urlcheck.HTTP(client), limit)
	for _, r := range goroutines.Check(context.Background(), check,
		srv.URLs(40)) {
		assert.True(t, r.OK(), r.String())
	}
	st := srv.Stats()
	assert.EqualValues(t, 40, st.Requests)
	assert.LessOrEqual(t, st.Peak, int64(limit), "requests in flight at once")
}
