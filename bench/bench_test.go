package bench_test

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"urlcheck"
	"urlcheck/bench"
)

// Workers is the pool size of the pooled style in every benchmark but
// the sweep: a common default, well below the URL counts.
const Workers = 8

// Latency is the "realistic delay": a request to a server in the same
// region. The other delay, 0, makes the job CPU-bound.
const Latency = 20 * time.Millisecond

// maxSequential is the longest a sequential run may take in the grid.
// Sequential time is N·delay, so 1000 URLs at 20ms would take 20s a
// run; such cells are left out on purpose, and the output says so.
const maxSequential = 2 * time.Second

// BenchmarkCheck is the talk's table, measured: each style over a grid
// of URL counts and delays, against one local server per delay.
//
//	go test -bench Check ./bench | go tool benchstat -col /style -
func BenchmarkCheck(b *testing.B) {
	for _, delay := range []time.Duration{0, Latency} {
		srv := bench.NewServer(bench.Config{Delay: delay})
		b.Cleanup(srv.Close)
		for _, n := range []int{10, 100, 1000} {
			urls := srv.URLs(n)
			for _, style := range bench.Styles {
				name := fmt.Sprintf("urls=%d/delay=%v/style=%s",
					n, delay, style.Name)
				floor := bench.Floor(n, style.Width(n, Workers), delay)
				if floor > maxSequential {
					leftOut(name, floor)
					continue
				}
				b.Run(name, func(b *testing.B) {
					run := Run{Server: srv, Style: style, URLs: urls,
						Workers: Workers, Delay: delay}
					run.Bench(b)
				})
			}
		}
	}
}

// leftOut says, once per process, that a cell of the grid is skipped
// on purpose. The line goes with the results: benchstat ignores it, a
// reader of the raw file sees it.
func leftOut(name string, floor time.Duration) {
	if _, done := skipped.LoadOrStore(name, true); !done {
		fmt.Printf("left out on purpose: Check/%s (one run would take %v)\n",
			name, floor)
	}
}

var skipped sync.Map

// BenchmarkPoolSize sweeps the pool's size: time falls as ⌈N/W⌉·delay
// until W reaches N.
//
//	go test -bench PoolSize ./bench | go tool benchstat -col /workers@num -
func BenchmarkPoolSize(b *testing.B) {
	const n = 100
	srv := bench.NewServer(bench.Config{Delay: Latency})
	b.Cleanup(srv.Close)
	urls := srv.URLs(n)
	pooled, _ := bench.StyleNamed("pooled")
	for _, w := range []int{1, 2, 4, 8, 16, 32, 64, 100} {
		name := fmt.Sprintf("urls=%d/delay=%v/workers=%d", n, Latency, w)
		b.Run(name, func(b *testing.B) {
			run := Run{Server: srv, Style: pooled, URLs: urls,
				Workers: w, Delay: Latency}
			run.Bench(b)
		})
	}
}

// BenchmarkPitfalls measures two mistakes by the connections they cost
// (conns/op): keeping http.DefaultTransport's idle pool of 2 per host
// when 8 or 100 requests run at once, and closing a body without
// reading it, which forbids the transport to reuse its connection.
//
//	go test -bench Pitfalls ./bench | go tool benchstat -col /idle,/body -
func BenchmarkPitfalls(b *testing.B) {
	const n = 100
	srv := bench.NewServer(bench.Config{Delay: Latency})
	b.Cleanup(srv.Close)
	urls := srv.URLs(n)
	for _, style := range bench.Styles[1:] {
		for _, idle := range []string{"default", "sized"} {
			for _, body := range []string{"drained", "undrained"} {
				name := fmt.Sprintf("urls=%d/style=%s/idle=%s/body=%s",
					n, style.Name, idle, body)
				b.Run(name, func(b *testing.B) {
					conns := style.Width(n, Workers)
					if idle == "default" {
						conns = 0 // Go's default: 2 per host
					}
					client := urlcheck.NewClient(time.Minute, conns)
					check := urlcheck.HTTP(client)
					if body == "undrained" {
						check = closeUnread(client)
					}
					run := Run{Server: srv, Style: style, URLs: urls,
						Workers: Workers, Delay: Latency,
						Client: client, Checker: check}
					run.Bench(b)
				})
			}
		}
	}
}

// closeUnread is the check done wrong: it closes the body without
// reading it, so the transport must drop the connection.
func closeUnread(client *http.Client) urlcheck.Checker {
	return func(ctx context.Context, url string) urlcheck.Result {
		r := urlcheck.Result{URL: url, Start: time.Now()}
		req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
		if err == nil {
			var resp *http.Response
			if resp, err = client.Do(req); err == nil {
				r.Status = resp.StatusCode
				resp.Body.Close()
			}
		}
		r.Err = err
		r.Elapsed = time.Since(r.Start)
		return r
	}
}

// BenchmarkScale runs 10,000 URLs at once. Unbounded, the goroutines
// style opens a connection per URL, and with the client and the server
// in one process each costs two file descriptors: past half the limit
// (ulimit -n), accept and dial fail. A cap on the transport's
// connections per host, or the pool, keeps it within the limit.
// errors/op counts the URLs that failed; accept-errors/op the times the
// server could not accept a connection ("too many open files"); B/check
// is the memory each check in progress holds.
//
//	go test -bench Scale ./bench | go tool benchstat -col /limit -
func BenchmarkScale(b *testing.B) {
	const n = 10_000
	srv := bench.NewServer(bench.Config{Delay: Latency})
	b.Cleanup(srv.Close)
	urls := srv.URLs(n)
	for _, tc := range []struct {
		style, limit string
		maxConns     int
	}{
		{"goroutines", "none", 0},
		{"goroutines", "conns=1000", 1000},
		{"pooled", "workers=1000", 0},
	} {
		style, _ := bench.StyleNamed(tc.style)
		name := fmt.Sprintf("urls=%d/style=%s/limit=%s", n, tc.style, tc.limit)
		b.Run(name, func(b *testing.B) {
			conns := tc.maxConns
			if conns == 0 {
				conns = style.Width(n, 1000)
			}
			// A short timeout: stuck requests fail soon, and count.
			client := urlcheck.NewClient(2*time.Second, conns)
			client.Transport.(*http.Transport).MaxConnsPerHost = tc.maxConns
			run := Run{Server: srv, Style: style, URLs: urls, Workers: 1000,
				Delay: Latency, Client: client, Width: conns,
				Heap: tc.limit != "none"}
			run.Bench(b)
		})
	}
}

// Run is one benchmark cell: a style checking URLs on Server.
type Run struct {
	Server  *bench.Server
	Style   bench.Style
	URLs    []string
	Workers int
	Delay   time.Duration

	Client  *http.Client     // nil: one sized to the style's width
	Checker urlcheck.Checker // nil: urlcheck.HTTP(Client)
	Width   int              // connections, if fewer than the style's width
	Heap    bool             // report B/check, the memory per check in progress
}

// Bench times the run and reports its figures. Setup is not timed: the
// client is made and its connections warmed by one untimed round of
// Width requests, and the server's counters are reset, before b.Loop.
func (r Run) Bench(b *testing.B) {
	n := len(r.URLs)
	width := r.Style.Width(n, r.Workers)
	if r.Width > 0 {
		width = min(width, r.Width)
	}
	conns := width
	if r.Client == nil {
		r.Client = urlcheck.NewClient(time.Minute, conns)
	}
	b.Cleanup(r.Client.CloseIdleConnections)
	if r.Checker == nil {
		r.Checker = urlcheck.HTTP(r.Client)
	}
	ctx := context.Background()

	// Warm up: open the connections the style will keep, as a long-
	// running checker would have them, so the figures show the steady
	// state. The cold start shows in conns/op of the pitfalls.
	r.Style.Check(ctx, r.Checker, r.URLs[:min(n, conns)], r.Workers)

	r.Server.Reset()
	var runs, failed int
	for b.Loop() {
		for _, res := range r.Style.Check(ctx, r.Checker, r.URLs, r.Workers) {
			if res.Err != nil {
				failed++
			}
		}
		runs++
	}
	perRun := b.Elapsed() / time.Duration(runs)
	st := r.Server.Stats()

	// ReportMetric must come after the loop: the first call of Loop
	// resets the timer and any figure reported before it.
	if floor := bench.Floor(n, width, r.Delay); floor > 0 {
		b.ReportMetric(float64(perRun)/float64(floor), "x-floor")
	} else {
		b.ReportMetric(float64(n)/perRun.Seconds(), "checks/s")
	}
	b.ReportMetric(float64(st.Conns)/float64(runs), "conns/op")
	b.ReportMetric(float64(st.Peak), "peak-inflight")
	if failed > 0 || r.Width > 0 {
		b.ReportMetric(float64(failed)/float64(runs), "errors/op")
		b.ReportMetric(float64(st.AcceptErrors)/float64(runs),
			"accept-errors/op")
	}
	if r.Heap {
		b.ReportMetric(bytesInFlight(r.Server, r.Style, r.Client,
			n, r.Workers, conns), "B/check")
	}
	b.ReportAllocs()
}

// bytesInFlight starts a run of n checks of srv's /hang route, which
// never answers, waits until the server holds as many as can reach it
// at once (conns, or 10s at most), and returns how much the live heap
// and goroutine stacks grew per check in progress: what the style costs
// per concurrent check, client and server together. Garbage is
// collected first, so only live memory counts.
func bytesInFlight(srv *bench.Server, style bench.Style,
	client *http.Client, n, workers, conns int) float64 {

	urls := make([]string, n)
	for i := range urls {
		urls[i] = srv.URL + "/hang"
	}
	// Start from no connections, so each check's connection counts.
	client.CloseIdleConnections()
	before := liveBytes()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		style.Check(ctx, urlcheck.HTTP(client), urls, workers)
	}()
	checks := style.Width(n, workers)
	want := int64(min(checks, conns))
	tick := time.NewTicker(10 * time.Millisecond)
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		if srv.Stats().InFlight >= want {
			break
		}
		<-tick.C
	}
	tick.Stop()
	grown := liveBytes() - before
	cancel()
	<-done
	return grown / float64(max(checks, 1))
}

// liveBytes collects garbage and returns the bytes of live heap objects
// and goroutine stacks.
func liveBytes() float64 {
	runtime.GC()
	s := []metrics.Sample{
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/heap/stacks:bytes"},
	}
	metrics.Read(s)
	return float64(s[0].Value.Uint64() + s[1].Value.Uint64())
}
