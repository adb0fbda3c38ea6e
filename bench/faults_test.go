package bench_test

// The fault matrix: whatever the network does, every style returns one
// Result per URL, in the order of the URLs, whose status and error say
// what happened, and leaves nothing running behind it (TestMain's leak
// check). Then cancellation: a cancelled run, a deadline, a client
// timeout each end every style promptly, with the real checker against
// the real server.

import (
	"context"
	"net"
	"slices"
	"strconv"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"urlcheck"
	"urlcheck/bench"
	"urlcheck/internal/checktest"
)

const (
	// faultTimeout is the client's timeout in the fault matrix. No
	// local request that answers comes near it, even on a loaded
	// machine; /hang and /slow end with it.
	faultTimeout = time.Second

	// faultWorkers is the pool's size in these tests.
	faultWorkers = 4

	// prompt bounds how long a run may last once it should end. It is
	// far under the minute a /hang request would otherwise wait.
	prompt = 5 * time.Second
)

// A fault is one URL and the Result every style must give for it.
type fault struct {
	name   string
	url    string
	status int    // the status the Result must carry, 0 for none
	err    string // a part of the error's text; "" for no error
	is     error  // what the error must wrap, if anything
	as     any    // a pointer to an error type it must wrap, if any
}

// faults returns the matrix's cases on srv: what a checker meets on
// the internet, one URL each.
func faults(t *testing.T, srv *bench.Server) []fault {
	return []fault{
		{name: "200", url: srv.URL + "/status/200", status: 200},
		{name: "404", url: srv.URL + "/status/404", status: 404},
		{name: "503", url: srv.URL + "/status/503", status: 503},
		{name: "redirect", url: srv.URL + "/redirect/3", status: 200},
		{name: "redirect-loop", url: srv.URL + "/loop",
			err: "stopped after 10 redirects"},

		// No headers ever come: the client's timeout ends the wait.
		{name: "hang", url: srv.URL + "/hang",
			err: "Client.Timeout exceeded", is: context.DeadlineExceeded},

		// The server drops the connection with a TCP reset after
		// reading the request, before any response.
		{name: "reset", url: srv.URL + "/reset",
			err: "connection reset by peer", is: syscall.ECONNRESET},

		// The status arrived, so it is kept; the body did not.
		{name: "slow-body", url: srv.URL + "/slow/10ms", status: 200,
			err: "reading body of 200 OK", is: context.DeadlineExceeded},

		// 8 GiB: reading it all would take seconds and fail on the
		// timeout. A check reads MaxBody bytes and stops.
		{name: "huge-body", url: srv.URL + "/huge/" + strconv.Itoa(8<<30),
			status: 200},

		{name: "refused", url: "http://" + checktest.ClosedPort(t) + "/",
			err: "connection refused", is: syscall.ECONNREFUSED},
		// The .invalid domain is reserved never to resolve (RFC 2606).
		{name: "unresolvable", url: "http://nothing.invalid/",
			err: "lookup nothing.invalid", as: new(*net.DNSError)},
		{name: "malformed", url: "http://[::1/", err: "invalid URL"},
		{name: "bad-port", url: "http://127.0.0.1:99999/",
			err: "invalid port"},
		{name: "no-scheme", url: "example.com/",
			err: `unsupported protocol scheme ""`},
		{name: "scheme", url: "ftp://127.0.0.1/",
			err: `unsupported protocol scheme "ftp"`},
		{name: "empty-url", url: "", err: "unsupported protocol scheme"},
	}
}

// assertFault checks that r is what f says.
func assertFault(t *testing.T, f fault, r urlcheck.Result) {
	t.Helper()
	assert.Equal(t, f.url, r.URL)
	assert.Equal(t, f.status, r.Status, "status of %s", f.name)
	assert.False(t, r.Start.IsZero(), "start of %s recorded", f.name)
	if f.err == "" {
		assert.NoError(t, r.Err, f.name)
		return
	}
	if !assert.Error(t, r.Err, f.name) {
		return
	}
	assert.Contains(t, r.Err.Error(), f.err, f.name)
	if f.is != nil {
		assert.ErrorIs(t, r.Err, f.is, f.name)
	}
	if f.as != nil {
		assert.ErrorAs(t, r.Err, f.as, f.name)
	}
}

// faultCheck returns the real checker with a client of its own, which
// the test closes when it ends.
func faultCheck(t *testing.T, timeout time.Duration) urlcheck.Checker {
	t.Helper()
	client := urlcheck.NewClient(timeout, faultWorkers)
	t.Cleanup(client.CloseIdleConnections)
	return urlcheck.HTTP(client)
}

// withWorkers binds the pool's size, so each style looks like the
// others to the shared helpers of package checktest.
func withWorkers(s bench.Style, workers int) checktest.Style {
	return func(ctx context.Context, check urlcheck.Checker,
		urls []string) []urlcheck.Result {
		return s.Check(ctx, check, urls, workers)
	}
}

// runStyle runs style over urls and fails the test if it does not
// return within checktest.Patience.
func runStyle(t *testing.T, style bench.Style, ctx context.Context,
	check urlcheck.Checker, urls []string) []urlcheck.Result {
	t.Helper()
	return checktest.Go(t, withWorkers(style, faultWorkers), ctx,
		check, urls)()
}

// settled waits until no request is inside srv's handlers, so its
// counters can be reset for the next run.
func settled(t *testing.T, srv *bench.Server) {
	t.Helper()
	require.Eventually(t, func() bool { return srv.Stats().InFlight == 0 },
		waitFor, tick, "requests still in the server")
}

// TestFaults runs every fault through every style, one URL at a time
// (TestFaults/pooled/hang), then all at once.
func TestFaults(t *testing.T) {
	for _, style := range bench.Styles {
		t.Run(style.Name, func(t *testing.T) {
			t.Parallel()
			// A server per style keeps its counters to itself.
			srv := newServer(t, bench.Config{})
			cases := faults(t, srv)

			for _, f := range cases {
				t.Run(f.name, func(t *testing.T) {
					check := faultCheck(t, faultTimeout)
					results := runStyle(t, style, t.Context(), check,
						[]string{f.url})
					require.Len(t, results, 1)
					assertFault(t, f, results[0])
				})
			}

			// The check stopped reading the huge body, so its
			// connection cannot carry another request: the client
			// must close it, and open a new one for the next check.
			t.Run("huge-body-conn", func(t *testing.T) {
				check := faultCheck(t, faultTimeout)
				huge := srv.URL + "/huge/" + strconv.Itoa(8<<30)
				results := runStyle(t, style, t.Context(), check,
					[]string{huge})
				require.Len(t, results, 1)
				require.NoError(t, results[0].Err)

				// The handler ends only when its writes fail, that is
				// when the client has closed the connection.
				settled(t, srv)
				srv.Reset()
				results = runStyle(t, style, t.Context(), check,
					[]string{srv.URL + "/status/200"})
				require.Len(t, results, 1)
				assert.Equal(t, 200, results[0].Status)
				assert.NoError(t, results[0].Err)
				assert.EqualValues(t, 1, srv.Stats().Conns,
					"the next check opens a new connection")
			})

			// Each copy of a URL is checked and reported.
			t.Run("duplicate", func(t *testing.T) {
				check := faultCheck(t, faultTimeout)
				url := srv.URL + "/check/dup"
				urls := []string{url, url, url}
				settled(t, srv)
				srv.Reset()
				results := runStyle(t, style, t.Context(), check, urls)
				require.Len(t, results, len(urls))
				for _, r := range results {
					assert.Equal(t, url, r.URL)
					assert.Equal(t, 200, r.Status)
					assert.NoError(t, r.Err)
				}
				assert.EqualValues(t, len(urls), srv.Stats().Requests)
			})

			t.Run("empty", func(t *testing.T) {
				check := faultCheck(t, faultTimeout)
				for _, urls := range [][]string{nil, {}} {
					results := runStyle(t, style, t.Context(), check, urls)
					assert.NotNil(t, results)
					assert.Empty(t, results)
				}
			})

			// Every fault in one list, and one of them twice: each
			// still gets its own Result, in its place.
			t.Run("all-at-once", func(t *testing.T) {
				check := faultCheck(t, faultTimeout)
				all := append(slices.Clone(cases), cases[0])
				urls := make([]string, len(all))
				for i, f := range all {
					urls[i] = f.url
				}
				results := runStyle(t, style, t.Context(), check, urls)
				require.Len(t, results, len(all))
				for i, f := range all {
					assertFault(t, f, results[i])
				}
			})
		})
	}
}

// TestCancel cancels a run while some checks hang, with the real
// checker. The URLs are fast ones, then two that never finish on their
// own (no headers; a body that trickles), then fast ones again. The
// pool has two workers, so it is full once both hang; sequential gets
// to the first; goroutines start all of them.
//
// The test cancels once the server holds every check that can hang and
// every fast check that can finish has: checks that finished keep their
// status, checks in flight and URLs not started report
// context.Canceled, and each style returns at once.
func TestCancel(t *testing.T) {
	const fast, hanging = 3, 2
	for _, style := range bench.Styles {
		t.Run(style.Name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, bench.Config{})
			var urls []string
			for i := range fast {
				urls = append(urls, srv.URL+"/check/"+strconv.Itoa(i))
			}
			urls = append(urls, srv.URL+"/hang", srv.URL+"/slow/10ms")
			for i := range fast {
				urls = append(urls, srv.URL+"/check/after-"+strconv.Itoa(i))
			}

			// Which URLs the style starts before it is full of
			// hanging checks: all, or the fast ones before them.
			width := style.Width(len(urls), hanging)
			startsAll := width >= len(urls)
			wantFinished := fast
			if startsAll {
				wantFinished = 2 * fast
			}
			wantHanging := min(width, hanging)
			finishes := func(i int) bool {
				return i < fast || startsAll && i >= fast+hanging
			}

			// Count the checks that end by themselves, so the test
			// knows when all of them have.
			httpCheck := faultCheck(t, time.Minute)
			var finished atomic.Int64
			check := func(ctx context.Context, url string) urlcheck.Result {
				r := httpCheck(ctx, url)
				if r.Err == nil {
					finished.Add(1)
				}
				return r
			}

			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			wait := checktest.Go(t, withWorkers(style, hanging), ctx,
				check, urls)
			require.Eventually(t, func() bool {
				return srv.Stats().InFlight == int64(wantHanging) &&
					finished.Load() == int64(wantFinished)
			}, waitFor, tick, "the checks never reached the server")

			cancel()
			start := time.Now()
			results := wait()
			assert.Less(t, time.Since(start), prompt, "Check returned late")

			require.Len(t, results, len(urls))
			for i, r := range results {
				assert.Equal(t, urls[i], r.URL)
				if finishes(i) {
					assert.NoError(t, r.Err, r.URL)
					assert.Equal(t, 200, r.Status, r.URL)
				} else {
					assert.ErrorIs(t, r.Err, context.Canceled, r.URL)
				}
			}
			// The hanging check awaited headers; the trickling one,
			// if it started, had its status and lost its body.
			assert.Zero(t, results[fast].Status)
			assert.ErrorContains(t, results[fast].Err, "context canceled")
			if wantHanging == hanging {
				assert.Equal(t, 200, results[fast+1].Status)
				assert.ErrorContains(t, results[fast+1].Err,
					"reading body of 200 OK: context canceled")
			}
			assert.EqualValues(t, wantFinished+wantHanging,
				srv.Stats().Requests, "URLs not started were not requested")
		})
	}
}

// TestDeadline bounds a run with the context's deadline: checks that
// would hang for a minute end with it, in every style.
func TestDeadline(t *testing.T) {
	const deadline = 500 * time.Millisecond
	for _, style := range bench.Styles {
		t.Run(style.Name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, bench.Config{})
			urls := []string{srv.URL + "/check/0", srv.URL + "/hang",
				srv.URL + "/slow/10ms", srv.URL + "/hang",
				srv.URL + "/check/4"}
			check := faultCheck(t, time.Minute)

			start := time.Now()
			ctx, cancel := context.WithTimeout(t.Context(), deadline)
			defer cancel()
			results := runStyle(t, style, ctx, check, urls)
			assert.Less(t, time.Since(start), deadline+prompt)

			require.Len(t, results, len(urls))
			assert.Equal(t, 200, results[0].Status)
			assert.NoError(t, results[0].Err)
			for i, r := range results {
				assert.Equal(t, urls[i], r.URL)
				if i > 0 && i < len(urls)-1 {
					assert.ErrorIs(t, r.Err, context.DeadlineExceeded, r.URL)
				}
			}
			// Sequential reaches the last URL after the deadline; the
			// others check it at once.
			last := results[len(urls)-1]
			if last.Err != nil {
				assert.ErrorIs(t, last.Err, context.DeadlineExceeded)
			} else {
				assert.Equal(t, 200, last.Status)
			}
		})
	}
}

// TestClientTimeout bounds a run with the client's timeout instead:
// each hanging check ends after it, so a run of three takes at most
// three timeouts (sequential), or one (the others).
func TestClientTimeout(t *testing.T) {
	const timeout = 500 * time.Millisecond
	for _, style := range bench.Styles {
		t.Run(style.Name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, bench.Config{})
			urls := []string{srv.URL + "/hang", srv.URL + "/check/1",
				srv.URL + "/hang", srv.URL + "/hang"}
			check := faultCheck(t, timeout)

			start := time.Now()
			results := runStyle(t, style, t.Context(), check, urls)
			elapsed := time.Since(start)
			assert.Less(t, elapsed, 3*timeout+prompt)
			assert.GreaterOrEqual(t, elapsed, timeout,
				"no hanging check ended before the timeout")

			require.Len(t, results, len(urls))
			for i, r := range results {
				assert.Equal(t, urls[i], r.URL)
				if i == 1 {
					assert.Equal(t, 200, r.Status)
					assert.NoError(t, r.Err)
					continue
				}
				assert.Zero(t, r.Status)
				assert.ErrorIs(t, r.Err, context.DeadlineExceeded)
				assert.ErrorContains(t, r.Err, "Client.Timeout exceeded")
			}
		})
	}
}
