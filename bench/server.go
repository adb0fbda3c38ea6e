// Package bench is the target the styles are measured against: a real
// HTTP server on loopback, started in one call like net/http/httptest,
// that waits a set delay per request and counts what a style does to it.
//
// Besides /check/, it serves the cases a real checker meets on the
// internet (error statuses, redirects, a hang, a reset, slow and huge
// bodies), so each can be shown to end in a Result, never a stuck run.
package bench

import (
	"bytes"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Bounds on what one URL can ask for, so that a typo cannot keep a
// handler busy for hours.
const (
	maxSlowBytes = 10_000  // bytes /slow/ writes, at most
	maxHugeBytes = 1 << 34 // bytes /huge/ sends, at most (16 GiB)
)

// chunk is what /huge/ writes, over and over. Handlers only read it,
// so they can all share it.
var chunk = bytes.Repeat([]byte("x"), 32<<10)

// Config sets up a Server. The zero value serves with no delay.
type Config struct {
	// Delay is how long every /check/ and /hello/ request waits
	// before answering: the latency of a far-away server, which is
	// what the styles overlap.
	Delay time.Duration

	// Addr is where to listen, host:port, for a server that other
	// programs reach at an address they know, such as 127.0.0.1:8000;
	// port 0 picks a free one. "" is 127.0.0.1 on a free port, as in
	// a test. NewServer panics if it cannot listen there, as httptest
	// does: the panic's error says why.
	Addr string
}

// Server is a real net/http server, on 127.0.0.1 and a port of its own
// unless Config.Addr says otherwise.
// Start it with NewServer and end it with Close.
type Server struct {
	// URL is the base URL, http://127.0.0.1:PORT, with no trailing
	// slash: append a path such as "/check/1".
	URL string

	srv   *httptest.Server
	delay time.Duration

	// done is closed by Close, to wake every handler that waits.
	done      chan struct{}
	closeOnce sync.Once

	requests, conns, inFlight, peak, acceptErrors atomic.Int64
}

// Stats is what a Server counted. Requests, Conns and Peak count from
// the last Reset (or from NewServer); InFlight is the present moment.
type Stats struct {
	Requests int64 // requests that reached a handler
	Conns    int64 // TCP connections accepted: new ones, not reused
	InFlight int64 // requests inside a handler right now
	Peak     int64 // most requests inside a handler at once

	// AcceptErrors counts the times the listener failed to accept a
	// connection, such as "accept4: too many open files" when the
	// process has run out of file descriptors. net/http waits a
	// little and tries again, so a client sees a slow server, not an
	// error, until its timeout.
	AcceptErrors int64
}

// NewServer starts a Server listening on cfg.Addr (127.0.0.1 on a free
// port by default) and returns it ready to serve. The caller must Close
// it; in a test or benchmark, t.Cleanup(srv.Close) or
// b.Cleanup(srv.Close).
func NewServer(cfg Config) *Server {
	s := &Server{delay: cfg.Delay, done: make(chan struct{})}

	// Go 1.22 patterns name the method and the path's parts, which
	// the handlers read with r.PathValue. Every route is counted.
	mux := http.NewServeMux()
	route := func(pattern string, h http.HandlerFunc) {
		mux.Handle(pattern, s.count(h))
	}
	route("GET /hello/{name}", s.hello)
	route("GET /check/{id}", s.check)
	route("GET /delay/{d}/{rest...}", s.delayed)
	route("GET /status/{code}", s.status)
	route("GET /redirect/{n}", s.redirect)
	route("GET /loop", s.loop)
	route("GET /hang", s.hang)
	route("GET /reset", s.reset)
	route("GET /slow/{d}", s.slow)
	route("GET /huge/{bytes}", s.huge)

	s.srv = httptest.NewUnstartedServer(mux)
	if cfg.Addr != "" {
		// httptest listens on a port of its own choosing: trade that
		// listener for one on the address asked for.
		s.srv.Listener.Close()
		l, err := net.Listen("tcp", cfg.Addr)
		if err != nil {
			panic(fmt.Errorf("bench: %w", err))
		}
		s.srv.Listener = l
	}
	s.srv.Listener = countingListener{s.srv.Listener, &s.acceptErrors}

	// The server calls ConnState as each connection changes state;
	// StateNew is a connection just accepted, so this counts the
	// connections a style opens instead of reusing one. It must be
	// set before Start, which chains it behind httptest's own hook.
	s.srv.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			s.conns.Add(1)
		}
	}

	// The benchmarks run past the file-descriptor limit on purpose.
	// The server then logs "accept: too many open files" and retries,
	// many times a second, and that would bury the results. The
	// clients see the failures anyway, so the log is discarded.
	s.srv.Config.ErrorLog = log.New(io.Discard, "", 0)

	s.srv.Start()
	s.URL = s.srv.URL
	return s
}

// Close shuts the server down and returns when every handler has
// returned. Requests still waiting (/hang, a delay, a slow body) end
// at once, with a 503 if nothing was written yet, so Close never
// waits for them. Calling Close again does nothing.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.done)
		// A handler blocked writing to a client that stopped reading
		// (a /huge body) sees neither channel; closing its
		// connection makes the write fail.
		s.srv.CloseClientConnections()
		s.srv.Close()
	})
}

// URLs returns n distinct URLs on s, s.URL+"/check/0" to
// s.URL+"/check/{n-1}", each answered 200 after Config.Delay. They are
// distinct, as a real list would be, so each Result names its own
// request. n <= 0 returns none.
func (s *Server) URLs(n int) []string {
	urls := make([]string, max(n, 0))
	for i := range urls {
		urls[i] = s.URL + "/check/" + strconv.Itoa(i)
	}
	return urls
}

// Stats returns what s counted. Each field is read on its own, so
// while requests are in flight the fields may disagree by a request.
func (s *Server) Stats() Stats {
	return Stats{
		Requests: s.requests.Load(),
		Conns:    s.conns.Load(),
		InFlight: s.inFlight.Load(),
		Peak:     s.peak.Load(),

		AcceptErrors: s.acceptErrors.Load(),
	}
}

// Reset zeroes Requests, Conns and AcceptErrors and sets Peak to the present
// InFlight, so the next Stats describes one run. Call it between runs,
// when no requests are in flight; InFlight itself is never reset.
func (s *Server) Reset() {
	s.requests.Store(0)
	s.conns.Store(0)
	s.acceptErrors.Store(0)
	s.peak.Store(s.inFlight.Load())
}

// count wraps h to count its requests, the ones in flight, and the
// most ever in flight at once.
func (s *Server) count(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		n := s.inFlight.Add(1)
		defer s.inFlight.Add(-1)

		// Raise peak to n unless another request raised it past n
		// first. CompareAndSwap fails if peak changed since Load;
		// then look again.
		for p := s.peak.Load(); n > p; p = s.peak.Load() {
			if s.peak.CompareAndSwap(p, n) {
				break
			}
		}
		h(w, r)
	})
}

// wait pauses a handler for d and reports whether all of d passed;
// if not, the handler must return. A timer in a select makes the wait
// stoppable: time.Sleep would hold the handler, and Close, for all of
// d after the client gave up or the server began to close.
func (s *Server) wait(w http.ResponseWriter, r *http.Request,
	d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false // the client is gone: no one to answer
	case <-s.done:
		http.Error(w, "server closing", http.StatusServiceUnavailable)
		return false
	}
}

// hello is the route of the talk's aiohttp server, in Go.
func (s *Server) hello(w http.ResponseWriter, r *http.Request) {
	if !s.wait(w, r, s.delay) {
		return
	}
	fmt.Fprintf(w, "Hello %s", r.PathValue("name"))
}

// check is what URLs point to: the delay, then a short answer.
func (s *Server) check(w http.ResponseWriter, r *http.Request) {
	if !s.wait(w, r, s.delay) {
		return
	}
	io.WriteString(w, "ok\n")
}

// delayed waits as long as the URL says (/delay/30ms/a), so one list
// can mix fast and slow URLs; {rest} tells equal delays apart.
func (s *Server) delayed(w http.ResponseWriter, r *http.Request) {
	d, err := time.ParseDuration(r.PathValue("d"))
	if err != nil || d < 0 {
		http.Error(w, "bad duration", http.StatusBadRequest)
		return
	}
	if !s.wait(w, r, d) {
		return
	}
	io.WriteString(w, "ok\n")
}

// status answers with the code the URL names. Codes below 200 are
// refused: Go sends 1xx as interim responses, then a 200.
func (s *Server) status(w http.ResponseWriter, r *http.Request) {
	code, err := strconv.Atoi(r.PathValue("code"))
	if err != nil || code < 200 || code > 599 {
		http.Error(w, "bad status code", http.StatusBadRequest)
		return
	}
	w.WriteHeader(code)
	// For 204 and 304 no body is allowed, and this write is dropped.
	fmt.Fprintln(w, http.StatusText(code))
}

// redirect sends the client down a chain of n redirects.
func (s *Server) redirect(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(r.PathValue("n"))
	switch {
	case err != nil || n < 0:
		http.Error(w, "bad redirect count", http.StatusBadRequest)
	case n == 0:
		io.WriteString(w, "ok\n")
	default:
		next := "/redirect/" + strconv.Itoa(n-1)
		http.Redirect(w, r, next, http.StatusFound)
	}
}

// loop redirects to itself forever: only the client can end it.
func (s *Server) loop(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, "/loop", http.StatusFound)
}

// hang never answers, so only a client's timeout or cancellation
// ends its request. The server closing ends it too.
func (s *Server) hang(w http.ResponseWriter, r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-s.done:
		http.Error(w, "server closing", http.StatusServiceUnavailable)
	}
}

// reset takes the connection from net/http and closes it with no
// response. Linger 0 makes Close send a TCP reset instead of an
// orderly close, so the client reads "connection reset by peer".
func (s *Server) reset(w http.ResponseWriter, r *http.Request) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		http.Error(w, "cannot reset", http.StatusInternalServerError)
		return
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetLinger(0)
	}
	conn.Close()
}

// slow sends its headers at once, then a body of one byte every d:
// a server that answers but never finishes. It stops after
// maxSlowBytes bytes, or when the client or the server gives up.
func (s *Server) slow(w http.ResponseWriter, r *http.Request) {
	d, err := time.ParseDuration(r.PathValue("d"))
	if err != nil || d <= 0 {
		http.Error(w, "bad duration", http.StatusBadRequest)
		return
	}
	// Flush pushes each write to the client now, not when net/http's
	// buffer fills.
	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	rc.Flush()

	tick := time.NewTicker(d)
	defer tick.Stop()
	for range maxSlowBytes {
		select {
		case <-tick.C:
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		}
		_, err := io.WriteString(w, ".")
		if err != nil || rc.Flush() != nil {
			return
		}
	}
}

// huge sends a body of the size the URL names, which a check must
// not read to its end. Content-Length tells the client the size up
// front, as a real download would.
func (s *Server) huge(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.ParseInt(r.PathValue("bytes"), 10, 64)
	if err != nil || n < 0 || n > maxHugeBytes {
		http.Error(w, "bad size", http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Length", strconv.FormatInt(n, 10))
	// A client that closes the body early makes a write fail: stop.
	for n > 0 {
		m := min(n, int64(len(chunk)))
		if _, err := w.Write(chunk[:m]); err != nil {
			return
		}
		n -= m
	}
}

// countingListener counts the errors of Accept: the server's only sign
// that the process is out of file descriptors.
type countingListener struct {
	net.Listener
	errors *atomic.Int64
}

func (l countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		l.errors.Add(1)
	}
	return c, err
}
