// Package checktest holds the rules every style keeps, as one table of
// tests, and the fake checkers that prove them. Each style package runs
// the same table against its own Check, so `go test ./pooled` shows the
// rules for the pool and a failure names the style that broke one.
//
// The fakes make scheduling deterministic: they block until the test
// releases them and count calls with atomics, so no test sleeps or
// depends on timing.
package checktest

import (
	"context"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"urlcheck"
)

// Style is one style's Check with any other parameter (the pool size)
// already bound.
type Style func(ctx context.Context, check urlcheck.Checker,
	urls []string) []urlcheck.Result

// Patience bounds every wait in these tests. It is far longer than any
// wait should take, so a loaded machine never fails a correct style; it
// only ends a test that would otherwise hang.
const Patience = 20 * time.Second

// URLs returns n distinct fake URLs.
func URLs(n int) []string {
	urls := make([]string, n)
	for i := range urls {
		urls[i] = fmt.Sprintf("fake://%d", i)
	}
	return urls
}

// Echo is a checker that answers 200 at once and counts its calls per URL.
type Echo struct {
	mu    sync.Mutex
	calls map[string]int
}

// Check is the fake Checker.
func (e *Echo) Check(_ context.Context, url string) urlcheck.Result {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.calls == nil {
		e.calls = map[string]int{}
	}
	e.calls[url]++
	return urlcheck.Result{URL: url, Status: 200}
}

// Calls returns how many times url was checked.
func (e *Echo) Calls(url string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.calls[url]
}

// Total returns how many checks were made.
func (e *Echo) Total() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := 0
	for _, c := range e.calls {
		n += c
	}
	return n
}

// Gate is a checker whose calls block until Open is called (or their
// context is done), recording how many were in flight at once.
type Gate struct {
	Entered chan string // receives each URL as its check starts
	open    chan struct{}
	once    sync.Once
	active  atomic.Int64
	peak    atomic.Int64
	calls   atomic.Int64
}

// NewGate returns a closed gate with room for n entries on Entered.
func NewGate(n int) *Gate {
	return &Gate{
		Entered: make(chan string, n),
		open:    make(chan struct{}),
	}
}

// Check is the fake Checker. It returns 200 once the gate opens, or
// ctx's error if ctx is done first.
func (g *Gate) Check(ctx context.Context, url string) urlcheck.Result {
	g.calls.Add(1)
	n := g.active.Add(1)
	defer g.active.Add(-1)
	for p := g.peak.Load(); n > p && !g.peak.CompareAndSwap(p, n); {
		p = g.peak.Load()
	}
	g.Entered <- url
	select {
	case <-g.open:
		return urlcheck.Result{URL: url, Status: 200}
	case <-ctx.Done():
		return urlcheck.Result{URL: url, Err: ctx.Err()}
	}
}

// Open lets every blocked and future call through.
func (g *Gate) Open() { g.once.Do(func() { close(g.open) }) }

// Peak returns the most calls that were in flight at once.
func (g *Gate) Peak() int { return int(g.peak.Load()) }

// Calls returns how many calls were made.
func (g *Gate) Calls() int { return int(g.calls.Load()) }

// WaitEntered waits until n calls have entered the gate, and fails the
// test if they do not within Patience.
func (g *Gate) WaitEntered(t testing.TB, n int) {
	t.Helper()
	deadline := time.After(Patience)
	for i := range n {
		select {
		case <-g.Entered:
		case <-deadline:
			t.Fatalf("only %d of %d checks started", i, n)
		}
	}
}

// Go runs style in a goroutine and returns a function that waits for
// its results, failing the test if they take longer than Patience.
func Go(t testing.TB, style Style, ctx context.Context,
	check urlcheck.Checker, urls []string) func() []urlcheck.Result {

	done := make(chan []urlcheck.Result, 1)
	go func() { done <- style(ctx, check, urls) }()
	return func() []urlcheck.Result {
		t.Helper()
		select {
		case r := <-done:
			return r
		case <-time.After(Patience):
			t.Fatal("Check did not return")
			return nil
		}
	}
}

// TestRules runs the rules every style keeps against style. inFlight(n)
// is how many checks the style must have in flight at once for n URLs.
func TestRules(t *testing.T, style Style, inFlight func(n int) int) {
	t.Run("order", func(t *testing.T) {
		for _, n := range []int{0, 1, 2, 7, 100} {
			t.Run(fmt.Sprint("urls=", n), func(t *testing.T) {
				urls := URLs(n)
				var echo Echo
				results := style(context.Background(), echo.Check, urls)
				require.NotNil(t, results, "an empty list gives an empty slice")
				require.Len(t, results, n)
				for i, r := range results {
					assert.Equal(t, urls[i], r.URL, "result %d", i)
					assert.Equal(t, 200, r.Status, "result %d", i)
				}
				assert.Equal(t, n, echo.Total())
			})
		}
	})

	t.Run("duplicates", func(t *testing.T) {
		urls := []string{"fake://a", "fake://b", "fake://a", "fake://a"}
		var echo Echo
		results := style(context.Background(), echo.Check, urls)
		require.Len(t, results, len(urls))
		for i, r := range results {
			assert.Equal(t, urls[i], r.URL)
		}
		assert.Equal(t, 3, echo.Calls("fake://a"))
		assert.Equal(t, 1, echo.Calls("fake://b"))
	})

	// The gate holds every check until as many as the style should run
	// at once have started, so the peak is exact, not a timing accident.
	t.Run("in-flight", func(t *testing.T) {
		for _, n := range []int{1, 3, 50} {
			t.Run(fmt.Sprint("urls=", n), func(t *testing.T) {
				want := inFlight(n)
				gate := NewGate(n)
				wait := Go(t, style, context.Background(), gate.Check, URLs(n))
				gate.WaitEntered(t, want)
				gate.Open()
				results := wait()
				require.Len(t, results, n)
				assert.Equal(t, want, gate.Peak(), "most checks in flight")
				assert.Equal(t, n, gate.Calls())
			})
		}
	})

	t.Run("cancelled-before", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		var echo Echo
		urls := URLs(10)
		results := style(ctx, echo.Check, urls)
		require.Len(t, results, len(urls))
		for i, r := range results {
			assert.Equal(t, urls[i], r.URL)
			assert.ErrorIs(t, r.Err, context.Canceled)
		}
		assert.Zero(t, echo.Total(), "no URL is checked")
	})

	// Checks in flight when the context is cancelled report it; URLs
	// not started yet are never checked.
	t.Run("cancelled-during", func(t *testing.T) {
		n := 40
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		gate := NewGate(n)
		urls := URLs(n)
		wait := Go(t, style, ctx, gate.Check, urls)
		gate.WaitEntered(t, inFlight(n))
		cancel()
		results := wait()
		require.Len(t, results, n)
		for i, r := range results {
			assert.Equal(t, urls[i], r.URL)
			assert.ErrorIs(t, r.Err, context.Canceled)
		}
		assert.Equal(t, inFlight(n), gate.Calls(),
			"only the checks in flight were started")
	})

	// Checks that finished before the cancel keep their results.
	t.Run("cancelled-keeps-finished", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		gate := NewGate(1)
		var echo Echo
		check := func(ctx context.Context, url string) urlcheck.Result {
			if url == "fake://hang" {
				return gate.Check(ctx, url)
			}
			return echo.Check(ctx, url)
		}
		urls := []string{"fake://0", "fake://1", "fake://hang", "fake://3"}
		wait := Go(t, style, ctx, check, urls)
		gate.WaitEntered(t, 1)
		cancel()
		results := wait()
		require.Len(t, results, len(urls))
		for i, r := range results {
			assert.Equal(t, urls[i], r.URL)
			if echo.Calls(r.URL) == 1 {
				assert.Equal(t, 200, r.Status, "%s finished", r.URL)
			} else {
				assert.ErrorIs(t, r.Err, context.Canceled, r.URL)
			}
		}
		assert.ErrorIs(t, results[2].Err, context.Canceled)
	})

	t.Run("deadline", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(),
			50*time.Millisecond)
		defer cancel()
		gate := NewGate(10)
		results := Go(t, style, ctx, gate.Check, URLs(10))()
		require.Len(t, results, 10)
		for _, r := range results {
			assert.ErrorIs(t, r.Err, context.DeadlineExceeded)
		}
	})
}

// SkipUnsolved skips an exercise's test until the exercise is marked
// solved, so go test ./... stays green before the workshop starts.
func SkipUnsolved(t testing.TB, solved bool) {
	t.Helper()
	if !solved {
		t.Skip("not solved yet: edit exercise.go, set Solved = true")
	}
}

// ClosedPort returns a loopback address, host:port, on which nothing
// listens: a port that was just opened and closed again. Connecting to
// it is refused at once, with no network beyond this machine.
func ClosedPort(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	return addr
}
