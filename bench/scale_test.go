package bench_test

// The scale tests: 100,000 URLs through the bounded styles without an
// error, and the unbounded style meeting this machine's limit on file
// descriptors without a crash or a hang. They take tens of seconds, so
// -short skips them:
//
//	go test -count=1 -run Scale -v ./bench

import (
	"context"
	"net/http"
	"reflect"
	"regexp"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"urlcheck"
	"urlcheck/bench"
)

const (
	// scaleURLs is how many URLs the bounded styles check in a run.
	scaleURLs = 100_000

	// scaleDelay is the server's delay: small, so that a run of
	// 100,000 is bound by the machine more than by waiting.
	scaleDelay = 5 * time.Millisecond

	// scaleBound is the context deadline of a run, which takes 5 to
	// 15 s on a 2-core machine. Past it, the checks left report the
	// deadline, and the test fails on them.
	scaleBound = 60 * time.Second

	// maxBytesPerCheck is the memory one check in flight may cost in
	// the goroutines style: its goroutine's stack and its request.
	maxBytesPerCheck = 16 << 10
)

// skipScale skips the scale tests under -short, and under the race
// detector, which multiplies the time and memory they measure.
func skipScale(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("a stress test: run it without -short (make stress)")
	}
	if raceEnabled() {
		t.Skip("a stress test: run it without -race")
	}
}

// raceEnabled reports whether the test binary was built with -race.
func raceEnabled() bool {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return false
	}
	for _, s := range info.Settings {
		if s.Key == "-race" {
			return s.Value == "true"
		}
	}
	return false
}

// TestScalePooled checks 100,000 URLs with a pool of 100 workers: at
// most 100 requests in flight, on about 100 connections, which the
// client keeps open from one request to the next.
func TestScalePooled(t *testing.T) {
	skipScale(t)
	const workers = 100
	client := urlcheck.NewClient(time.Minute, workers)
	t.Cleanup(client.CloseIdleConnections)
	srv := newServer(t, bench.Config{Delay: scaleDelay})

	run := scaleRun(t, srv, "pooled", client, srv.URLs(scaleURLs), workers)
	run.log(t)
	run.requireAllOK(t)

	// The transport may dial a spare connection when one is slow to
	// come back to its pool; churn would be thousands.
	assert.LessOrEqual(t, run.stats.Conns, int64(2*workers),
		"connections opened")
	assert.EqualValues(t, workers, run.stats.Peak, "requests in flight")
}

// TestScaleGoroutines checks 100,000 URLs with a goroutine each. Every
// goroutine starts at once, and a cap on the transport's connections to
// a host, not the style, keeps the sockets to 256: the other checks
// wait in the transport's queue for a connection to come free.
//
// Waiting costs little: a parked goroutine's stack and its request.
// The test requires at most maxBytesPerCheck per check in flight.
func TestScaleGoroutines(t *testing.T) {
	skipScale(t)
	const conns = 256
	client := urlcheck.NewClient(time.Minute, conns)
	client.Transport.(*http.Transport).MaxConnsPerHost = conns
	t.Cleanup(client.CloseIdleConnections)
	srv := newServer(t, bench.Config{Delay: scaleDelay})

	run := scaleRun(t, srv, "goroutines", client, srv.URLs(scaleURLs), 0)
	run.log(t)
	run.requireAllOK(t)

	assert.LessOrEqual(t, run.stats.Conns, int64(conns), "connections opened")
	assert.LessOrEqual(t, run.stats.Peak, int64(conns), "requests in flight")
	assert.Greater(t, run.mem.inFlight, int64(scaleURLs/2),
		"most checks wait at once")
	assert.LessOrEqual(t, run.bytesPerCheck(), float64(maxBytesPerCheck),
		"bytes per check in flight")
}

// TestScaleFDLimit runs the goroutines style with nothing to bound it:
// 15,000 requests at once, each held 500ms by the server. With the
// client and the server in one process, a connection costs two file
// descriptors, so 15,000 at once need 30,000, past this machine's
// limit of 20,000 (ulimit -n). Accept, or dial, fails and waits.
//
// With Go's default idle pool of 2, the client closes each connection
// after its request, which frees descriptors for the next: the run
// slows down. With the pool sized to the style, every connection stays
// open, the last requests wait for descriptors that never come free,
// and only the client's timeout ends them: without a timeout, the run
// would never end. Neither may crash, hang, or lose a URL's Result.
func TestScaleFDLimit(t *testing.T) {
	skipScale(t)
	const (
		n       = 15_000
		delay   = 500 * time.Millisecond
		timeout = 10 * time.Second
	)
	for _, idle := range []struct {
		name  string
		conns int // NewClient's idle pool; 0 is Go's default of 2
	}{
		{"idle=default", 0},
		{"idle=sized", n},
	} {
		t.Run(idle.name, func(t *testing.T) {
			client := urlcheck.NewClient(timeout, idle.conns)
			t.Cleanup(client.CloseIdleConnections)
			srv := newServer(t, bench.Config{Delay: delay})
			urls := srv.URLs(n)

			run := scaleRun(t, srv, "goroutines", client, urls, 0)
			run.log(t)
			require.Len(t, run.results, n)
			causes := map[string]int{}
			failed := 0
			for i, r := range run.results {
				require.Equal(t, urls[i], r.URL, "result %d", i)
				if r.Err != nil {
					failed++
					causes[errorCause(r.Err)]++
				} else {
					assert.Equal(t, 200, r.Status, r.URL)
				}
			}
			// Each check ends by the client's timeout, and all of
			// them start at once.
			assert.Less(t, run.elapsed, 3*timeout, "the run outlived its checks")

			t.Logf("failed: %d of %d; with room for every connection, "+
				"the run would take %v", failed, n, delay)
			byCount := make([]string, 0, len(causes))
			for cause := range causes {
				byCount = append(byCount, cause)
			}
			slices.SortFunc(byCount, func(a, b string) int {
				return causes[b] - causes[a]
			})
			for _, cause := range byCount {
				t.Logf("%6d × %s", causes[cause], cause)
			}
		})
	}
}

// addrPattern matches the addresses in an error's text.
var addrPattern = regexp.MustCompile(`\d+\.\d+\.\d+\.\d+:\d+`)

// errorCause drops the addresses from an error's text, so errors with
// the same cause read the same.
func errorCause(err error) string {
	return addrPattern.ReplaceAllString(err.Error(), "ADDR")
}

// A scaleResult is one run's results and what the run cost.
type scaleResult struct {
	style   string
	urls    []string
	results []urlcheck.Result
	elapsed time.Duration
	stats   bench.Stats // what the server counted during the run
	mem     memPeaks
}

// scaleRun runs the style named name over urls with the real check,
// within scaleBound, and samples memory while it runs.
func scaleRun(t *testing.T, srv *bench.Server, name string,
	client *http.Client, urls []string, workers int) scaleResult {
	t.Helper()
	style, ok := bench.StyleNamed(name)
	require.True(t, ok, name)

	var checks gauge
	check := checks.wrap(urlcheck.HTTP(client))
	ctx, cancel := context.WithTimeout(t.Context(), scaleBound)
	defer cancel()

	srv.Reset()
	sampler := startSampler(&checks)
	start := time.Now()
	done := make(chan []urlcheck.Result, 1)
	go func() { done <- style.Check(ctx, check, urls, workers) }()
	var results []urlcheck.Result
	select {
	case results = <-done:
	case <-time.After(scaleBound + prompt):
		sampler.stop()
		t.Fatalf("%s did not return within %v", name, scaleBound+prompt)
	}
	elapsed := time.Since(start)
	mem := sampler.stop()
	require.Len(t, results, len(urls))
	return scaleResult{style: name, urls: urls, results: results,
		elapsed: elapsed, stats: srv.Stats(), mem: mem}
}

// requireAllOK fails the test unless every URL got its own Result,
// in order, with status 200 and no error.
func (r scaleResult) requireAllOK(t *testing.T) {
	t.Helper()
	failed := 0
	for i, res := range r.results {
		if res.URL != r.urls[i] || res.Status != 200 || res.Err != nil {
			failed++
			if failed <= 5 {
				t.Errorf("result %d: %v, want %s: 200 OK", i, res, r.urls[i])
			}
		}
	}
	require.Zero(t, failed, "checks that failed")
	assert.EqualValues(t, len(r.results), r.stats.Requests, "requests")
}

// bytesPerCheck is how much the live heap and stacks grew at most,
// less the results slice, per check in flight at most.
func (r scaleResult) bytesPerCheck() float64 {
	size := reflect.TypeFor[urlcheck.Result]().Size()
	slice := uint64(len(r.results)) * uint64(size)
	grown := r.mem.liveGrowth - min(slice, r.mem.liveGrowth)
	return float64(grown) / float64(max(r.mem.inFlight, 1))
}

// log reports the run's figures.
func (r scaleResult) log(t *testing.T) {
	t.Helper()
	n := len(r.results)
	m := r.mem
	t.Logf("%s: %d URLs in %v, %.0f checks/s; the server saw %d "+
		"connections and at most %d requests at once",
		r.style, n, r.elapsed.Round(time.Millisecond),
		float64(n)/r.elapsed.Seconds(), r.stats.Conns, r.stats.Peak)
	t.Logf("checks in flight: %d at most; goroutines: %d at most",
		m.inFlight, m.goroutines)
	t.Logf("memory: heap %.1f MiB at most, garbage included; live heap "+
		"and stacks grew %.1f MiB at most, of which stacks %.1f MiB",
		mib(m.heap), mib(m.liveGrowth), mib(m.stacksGrowth))
	t.Logf("memory: %.1f KiB per check in flight; %.1f KiB allocated "+
		"per check", r.bytesPerCheck()/1024,
		float64(m.allocs)/float64(max(n, 1))/1024)
}

func mib(b uint64) float64 { return float64(b) / (1 << 20) }

// A gauge counts the checks in flight through the checkers it wraps,
// and the most at once.
type gauge struct{ now, peak atomic.Int64 }

func (g *gauge) wrap(check urlcheck.Checker) urlcheck.Checker {
	return func(ctx context.Context, url string) urlcheck.Result {
		n := g.now.Add(1)
		defer g.now.Add(-1)
		for p := g.peak.Load(); n > p && !g.peak.CompareAndSwap(p, n); {
			p = g.peak.Load()
		}
		return check(ctx, url)
	}
}

// memPeaks is what a sampler saw during a run.
type memPeaks struct {
	heap         uint64 // heap memory in objects, garbage included
	liveGrowth   uint64 // growth of the live heap and stacks
	stacksGrowth uint64 // growth of the stacks alone
	allocs       uint64 // bytes allocated during the run
	goroutines   uint64 // goroutines at once
	inFlight     int64  // checks in flight at once
}

// The runtime's figures a sampler reads, in this order.
var memMetrics = []string{
	"/memory/classes/heap/objects:bytes",
	"/gc/heap/live:bytes",
	"/memory/classes/heap/stacks:bytes",
	"/gc/heap/allocs:bytes",
	"/sched/goroutines:goroutines",
}

func readMem() []uint64 {
	s := make([]metrics.Sample, len(memMetrics))
	for i, name := range memMetrics {
		s[i].Name = name
	}
	metrics.Read(s)
	v := make([]uint64, len(s))
	for i := range s {
		v[i] = s[i].Value.Uint64()
	}
	return v
}

// A sampler reads the runtime's memory figures every 2ms until
// stopped, and keeps the highest. The live heap is as the last
// collection found it; a run allocates fast, so collections are
// frequent and the figure is recent.
type sampler struct {
	quit chan struct{}
	done chan memPeaks
}

func startSampler(checks *gauge) *sampler {
	// Collect first, so the live heap at the start is exact.
	runtime.GC()
	base := readMem()
	s := &sampler{quit: make(chan struct{}), done: make(chan memPeaks, 1)}
	go func() {
		var p memPeaks
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			m := readMem()
			grown := func(i int) uint64 { return m[i] - min(base[i], m[i]) }
			p.heap = max(p.heap, m[0])
			p.liveGrowth = max(p.liveGrowth, grown(1)+grown(2))
			p.stacksGrowth = max(p.stacksGrowth, grown(2))
			p.allocs = grown(3)
			p.goroutines = max(p.goroutines, m[4])
			select {
			case <-tick.C:
			case <-s.quit:
				p.inFlight = checks.peak.Load()
				s.done <- p
				return
			}
		}
	}()
	return s
}

// stop ends the sampling and returns what it saw.
func (s *sampler) stop() memPeaks {
	close(s.quit)
	return <-s.done
}
