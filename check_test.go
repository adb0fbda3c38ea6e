package urlcheck_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"urlcheck"
	"urlcheck/internal/checktest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// server starts a loopback server for the real check's cases and counts
// the TCP connections it accepts.
func server(t *testing.T) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /status/{code}", func(w http.ResponseWriter,
		r *http.Request) {
		code, err := strconv.Atoi(r.PathValue("code"))
		if err != nil || code < 200 || code > 599 {
			code = http.StatusBadRequest
		}
		w.WriteHeader(code)
	})
	mux.HandleFunc("GET /moved", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/status/200", http.StatusFound)
	})
	mux.HandleFunc("GET /loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	mux.HandleFunc("GET /hang", func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	})
	// A body of 10 KiB: short enough to drain, long enough that an
	// undrained one would not be read by the transport on its own.
	mux.HandleFunc("GET /page", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(strings.Repeat("x", 10<<10)))
	})
	// A body of up to 64 GiB: reading it all takes longer than the
	// client's patience.
	mux.HandleFunc("GET /huge", func(w http.ResponseWriter, r *http.Request) {
		chunk := make([]byte, 64<<10)
		for range 1 << 20 {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	srv := httptest.NewUnstartedServer(mux)
	var conns atomic.Int64
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, &conns
}

func TestHTTP(t *testing.T) {
	srv, _ := server(t)
	client := urlcheck.NewClient(time.Second, 1)
	t.Cleanup(client.CloseIdleConnections)
	check := urlcheck.HTTP(client)

	for _, tc := range []struct {
		name, url string
		status    int
		ok        bool
		err       string // a part of the error's text; "" for none
		is        error  // what the error must wrap, if anything
	}{
		{name: "200", url: srv.URL + "/status/200", status: 200, ok: true},
		{name: "404", url: srv.URL + "/status/404", status: 404},
		{name: "503", url: srv.URL + "/status/503", status: 503},
		{name: "redirect", url: srv.URL + "/moved", status: 200, ok: true},
		{name: "redirect-loop", url: srv.URL + "/loop",
			err: "stopped after 10 redirects"},
		{name: "timeout", url: srv.URL + "/hang",
			err: "Client.Timeout exceeded", is: context.DeadlineExceeded},
		{name: "refused", url: "http://" + checktest.ClosedPort(t) + "/",
			err: "connection refused", is: syscall.ECONNREFUSED},
		{name: "malformed", url: "http://[::1/", err: "invalid URL"},
		{name: "no-scheme", url: "example.com/",
			err: `unsupported protocol scheme "": did you mean https://example.com/?`},
		{name: "scheme", url: "ftp://127.0.0.1/",
			err: `unsupported protocol scheme "ftp"`},
		{name: "empty", url: "", err: "unsupported protocol scheme"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := check(context.Background(), tc.url)
			assert.Equal(t, tc.url, r.URL)
			assert.Equal(t, tc.status, r.Status)
			assert.Equal(t, tc.ok, r.OK())
			assert.False(t, r.Start.IsZero(), "start recorded")
			if tc.err == "" {
				assert.NoError(t, r.Err)
				return
			}
			require.Error(t, r.Err)
			assert.Contains(t, r.Err.Error(), tc.err)
			assert.NotContains(t, r.Err.Error(), `Get "`,
				"the URL is printed once, by Result")
			if tc.is != nil {
				assert.ErrorIs(t, r.Err, tc.is)
			}
		})
	}
}

// A cancelled context ends a request in flight, and says so.
func TestHTTPCancel(t *testing.T) {
	srv, _ := server(t)
	ctx, cancel := context.WithTimeout(context.Background(),
		50*time.Millisecond)
	defer cancel()
	r := urlcheck.HTTP(urlcheck.NewClient(time.Minute, 1))(ctx,
		srv.URL+"/hang")
	assert.Zero(t, r.Status)
	assert.ErrorIs(t, r.Err, context.DeadlineExceeded)
}

// Draining the body lets the transport reuse the connection: ten
// checks in a row open one.
func TestHTTPReusesConnection(t *testing.T) {
	srv, conns := server(t)
	client := urlcheck.NewClient(time.Second, 1)
	t.Cleanup(client.CloseIdleConnections)
	check := urlcheck.HTTP(client)
	for range 10 {
		r := check(context.Background(), srv.URL+"/page")
		require.True(t, r.OK(), r.String())
	}
	assert.EqualValues(t, 1, conns.Load(), "new connections")
}

// A check reads at most MaxBody bytes, so a 64 GiB body is not
// downloaded: with the whole body read, the check would last past the
// client's timeout and fail.
func TestHTTPBoundsBody(t *testing.T) {
	srv, _ := server(t)
	client := urlcheck.NewClient(5*time.Second, 1)
	t.Cleanup(client.CloseIdleConnections)
	r := urlcheck.HTTP(client)(context.Background(), srv.URL+"/huge")
	assert.NoError(t, r.Err)
	assert.Equal(t, 200, r.Status)
}

// A body cut short by the client's timeout is an error, though a
// status arrived.
func TestHTTPBodyTimeout(t *testing.T) {
	client := urlcheck.NewClient(time.Second, 1)
	t.Cleanup(client.CloseIdleConnections)
	stalled := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter,
		r *http.Request) {
		w.WriteHeader(200)
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}))
	t.Cleanup(stalled.Close)
	r := urlcheck.HTTP(client)(context.Background(), stalled.URL)
	assert.Equal(t, 200, r.Status)
	require.Error(t, r.Err)
	assert.Contains(t, r.Err.Error(), "reading body of 200 OK")
	assert.False(t, r.OK())
}

// A nil client is a default one, not a panic.
func TestHTTPNilClient(t *testing.T) {
	srv, _ := server(t)
	r := urlcheck.HTTP(nil)(context.Background(), srv.URL+"/status/204")
	assert.NoError(t, r.Err)
	assert.Equal(t, 204, r.Status)
	http.DefaultClient.CloseIdleConnections()
}

func TestResultString(t *testing.T) {
	for _, tc := range []struct {
		r    urlcheck.Result
		want string
	}{
		{urlcheck.Result{URL: "http://a/", Status: 200},
			"http://a/: 200 OK"},
		{urlcheck.Result{URL: "http://a/x", Status: 404},
			"http://a/x: 404 Not Found"},
		{urlcheck.Result{URL: "http://b/", Err: errors.New("refused")},
			"http://b/: error: refused"},
	} {
		assert.Equal(t, tc.want, tc.r.String())
	}
}

func TestOK(t *testing.T) {
	for _, tc := range []struct {
		status int
		err    error
		ok     bool
	}{
		{0, errors.New("refused"), false},
		{199, nil, false},
		{200, nil, true},
		{302, nil, true},
		{399, nil, true},
		{400, nil, false},
		{503, nil, false},
		{200, errors.New("reading body"), false},
	} {
		r := urlcheck.Result{Status: tc.status, Err: tc.err}
		assert.Equal(t, tc.ok, r.OK(), "status %d, err %v", tc.status, tc.err)
	}
}

// Run skips the check when the context is already done.
func TestRunCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	called := false
	check := urlcheck.Checker(func(context.Context, string) urlcheck.Result {
		called = true
		return urlcheck.Result{}
	})
	r := check.Run(ctx, "http://a/")
	assert.False(t, called)
	assert.Equal(t, "http://a/", r.URL)
	assert.ErrorIs(t, r.Err, context.Canceled)
}

func TestNewClient(t *testing.T) {
	c := urlcheck.NewClient(0, 0)
	assert.Equal(t, urlcheck.DefaultTimeout, c.Timeout, "a timeout by default")
	tr := c.Transport.(*http.Transport)
	assert.Equal(t, 0, tr.MaxIdleConnsPerHost, "Go's default of 2")

	c = urlcheck.NewClient(time.Second, 500)
	assert.Equal(t, time.Second, c.Timeout)
	tr = c.Transport.(*http.Transport)
	assert.Equal(t, 500, tr.MaxIdleConnsPerHost)
	assert.GreaterOrEqual(t, tr.MaxIdleConns, 500)
	assert.NotSame(t, http.DefaultTransport, c.Transport)
}
