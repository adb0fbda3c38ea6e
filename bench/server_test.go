package bench_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"urlcheck/bench"
)

// waitFor bounds every wait for the server's counters to change.
const (
	waitFor = 10 * time.Second
	tick    = 5 * time.Millisecond
)

// newServer starts a server that the test closes when it ends.
func newServer(t *testing.T, cfg bench.Config) *bench.Server {
	t.Helper()
	srv := bench.NewServer(cfg)
	t.Cleanup(srv.Close)
	return srv
}

// newClient returns a client with a transport of its own, so that no
// test shares connections with another. It does not follow redirects
// when follow is false.
func newClient(t *testing.T, follow bool) *http.Client {
	t.Helper()
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	c := &http.Client{Transport: tr}
	if !follow {
		c.CheckRedirect = func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		}
	}
	return c
}

// get fetches url and reads the whole body.
func get(t *testing.T, c *http.Client, url string) (*http.Response, string) {
	t.Helper()
	resp, err := c.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, string(body)
}

func TestRoutes(t *testing.T) {
	srv := newServer(t, bench.Config{})
	client := newClient(t, false)

	tests := []struct {
		path     string
		status   int
		body     string // checked unless empty
		location string // checked unless empty
	}{
		{"/hello/gopher", 200, "Hello gopher", ""},
		{"/check/7", 200, "ok\n", ""},
		{"/delay/1ms/a", 200, "ok\n", ""},
		{"/delay/0s/a/b", 200, "ok\n", ""},
		{"/status/200", 200, "OK\n", ""},
		{"/status/404", 404, "Not Found\n", ""},
		{"/status/503", 503, "Service Unavailable\n", ""},
		{"/status/599", 599, "", ""},
		{"/redirect/0", 200, "ok\n", ""},
		{"/redirect/2", 302, "", "/redirect/1"},
		{"/loop", 302, "", "/loop"},
		{"/huge/5", 200, "xxxxx", ""},
		{"/huge/0", 200, "", ""},
		{"/nowhere", 404, "", ""},

		// Malformed parameters are the client's mistake: 400.
		{"/delay/soon/a", 400, "", ""},
		{"/delay/-1s/a", 400, "", ""},
		{"/status/abc", 400, "", ""},
		{"/status/103", 400, "", ""},
		{"/status/600", 400, "", ""},
		{"/redirect/-1", 400, "", ""},
		{"/redirect/x", 400, "", ""},
		{"/slow/0s", 400, "", ""},
		{"/slow/soon", 400, "", ""},
		{"/huge/-1", 400, "", ""},
		{"/huge/" + strconv.Itoa(1<<34+1), 400, "", ""},
	}
	for _, tt := range tests {
		t.Run(strings.TrimPrefix(tt.path, "/"), func(t *testing.T) {
			resp, body := get(t, client, srv.URL+tt.path)
			assert.Equal(t, tt.status, resp.StatusCode)
			if tt.body != "" {
				assert.Equal(t, tt.body, body)
			}
			if tt.location != "" {
				assert.Equal(t, tt.location, resp.Header.Get("Location"))
			}
		})
	}
}

func TestRoutesAreGETOnly(t *testing.T) {
	srv := newServer(t, bench.Config{})
	resp, err := newClient(t, false).Post(srv.URL+"/check/1", "", nil)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)
}

func TestURLs(t *testing.T) {
	srv := newServer(t, bench.Config{})
	client := newClient(t, false)

	urls := srv.URLs(3)
	assert.Equal(t, []string{
		srv.URL + "/check/0", srv.URL + "/check/1", srv.URL + "/check/2",
	}, urls)
	for _, url := range urls {
		resp, body := get(t, client, url)
		assert.Equal(t, http.StatusOK, resp.StatusCode)
		assert.Equal(t, "ok\n", body)
	}
	assert.Empty(t, srv.URLs(0))
	assert.Empty(t, srv.URLs(-1))
}

// The delay is a lower bound only: a busy machine may answer later.
func TestDelay(t *testing.T) {
	srv := newServer(t, bench.Config{Delay: 50 * time.Millisecond})
	client := newClient(t, false)

	tests := []struct {
		path string
		min  time.Duration
	}{
		{"/check/1", 50 * time.Millisecond},
		{"/hello/gopher", 50 * time.Millisecond},
		{"/delay/30ms/a", 30 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(strings.TrimPrefix(tt.path, "/"), func(t *testing.T) {
			start := time.Now()
			resp, _ := get(t, client, srv.URL+tt.path)
			assert.Equal(t, http.StatusOK, resp.StatusCode)
			assert.GreaterOrEqual(t, time.Since(start), tt.min)
		})
	}
}

func TestStatsCountsRequestsAndConns(t *testing.T) {
	tests := []struct {
		name      string
		keepAlive bool
		conns     int64
	}{
		{"keep-alive", true, 1},
		{"no-keep-alive", false, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, bench.Config{})
			client := newClient(t, false)
			client.Transport.(*http.Transport).DisableKeepAlives =
				!tt.keepAlive

			// get drains each body, so the connection can be reused.
			for _, url := range srv.URLs(2) {
				get(t, client, url)
			}
			got := srv.Stats()
			assert.Equal(t, int64(2), got.Requests)
			assert.Equal(t, tt.conns, got.Conns)
			assert.Equal(t, int64(0), got.InFlight)
			assert.Equal(t, int64(1), got.Peak)

			srv.Reset()
			assert.Equal(t, bench.Stats{}, srv.Stats())
		})
	}
}

// TestStatsPeak holds k requests inside the server at once, on /hang,
// and checks that the server saw exactly k.
func TestStatsPeak(t *testing.T) {
	const k = 20
	srv := newServer(t, bench.Config{})
	client := newClient(t, false)

	// Deferred calls run last first: cancel, then wait.
	var wg sync.WaitGroup
	defer wg.Wait()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()

	for range k {
		wg.Go(func() {
			req, err := http.NewRequestWithContext(ctx,
				http.MethodGet, srv.URL+"/hang", nil)
			if !assert.NoError(t, err) {
				return
			}
			resp, err := client.Do(req)
			if err == nil {
				resp.Body.Close()
			}
			assert.ErrorIs(t, err, context.Canceled)
		})
	}
	require.Eventually(t, func() bool {
		return srv.Stats().InFlight == k
	}, waitFor, tick, "requests never all reached /hang")

	// Reset keeps the requests still in flight as the new peak.
	srv.Reset()
	got := srv.Stats()
	assert.Equal(t, int64(0), got.Requests)
	assert.Equal(t, int64(k), got.Peak)

	cancel()
	wg.Wait()
	require.Eventually(t, func() bool {
		return srv.Stats().InFlight == 0
	}, waitFor, tick, "/hang handlers did not see the cancellation")
	assert.Equal(t, int64(k), srv.Stats().Peak)
}

func TestResetGivesNoResponse(t *testing.T) {
	srv := newServer(t, bench.Config{})
	resp, err := newClient(t, false).Get(srv.URL + "/reset")
	if resp != nil {
		resp.Body.Close()
	}
	assert.Error(t, err)
	assert.Nil(t, resp)
}

func TestRedirects(t *testing.T) {
	srv := newServer(t, bench.Config{})
	client := newClient(t, true)

	resp, body := get(t, client, srv.URL+"/redirect/3")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "ok\n", body)
	assert.Equal(t, int64(4), srv.Stats().Requests)

	// /loop never ends: the client's default policy gives up.
	resp, err := client.Get(srv.URL + "/loop")
	if resp != nil {
		resp.Body.Close()
	}
	assert.ErrorContains(t, err, "stopped after 10 redirects")
}

func TestHugeBodySize(t *testing.T) {
	srv := newServer(t, bench.Config{})
	client := newClient(t, false)

	for _, n := range []int64{1, 32<<10 - 1, 32 << 10, 32<<10 + 1, 5 << 20} {
		t.Run(strconv.FormatInt(n, 10), func(t *testing.T) {
			resp, err := client.Get(srv.URL + "/huge/" +
				strconv.FormatInt(n, 10))
			require.NoError(t, err)
			defer resp.Body.Close()
			got, err := io.Copy(io.Discard, resp.Body)
			assert.NoError(t, err)
			assert.Equal(t, n, got)
			assert.Equal(t, n, resp.ContentLength)
		})
	}
}

func TestSlowStopsWhenClientCancels(t *testing.T) {
	srv := newServer(t, bench.Config{})
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()

	req, err := http.NewRequestWithContext(ctx, http.MethodGet,
		srv.URL+"/slow/1ms", nil)
	require.NoError(t, err)
	resp, err := newClient(t, false).Do(req)
	require.NoError(t, err, "headers should arrive at once")
	defer resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)

	// The body trickles in: read a few bytes of it, then give up.
	buf := make([]byte, 3)
	_, err = io.ReadFull(resp.Body, buf)
	require.NoError(t, err)
	assert.Equal(t, "...", string(buf))
	cancel()

	_, err = io.Copy(io.Discard, resp.Body)
	assert.ErrorIs(t, err, context.Canceled)
	require.Eventually(t, func() bool {
		return srv.Stats().InFlight == 0
	}, waitFor, tick, "/slow kept writing after the client left")
}

// TestCloseEndsHang checks that Close does not wait for a request that
// would otherwise never end.
func TestCloseEndsHang(t *testing.T) {
	srv := newServer(t, bench.Config{})
	client := newClient(t, false)

	// The request has no deadline: only Close can end it.
	answered := make(chan error, 1)
	go func() {
		resp, err := client.Get(srv.URL + "/hang")
		if err == nil {
			resp.Body.Close()
			err = errors.New(resp.Status)
		}
		answered <- err
	}()
	require.Eventually(t, func() bool {
		return srv.Stats().InFlight == 1
	}, waitFor, tick, "request never reached /hang")

	closed := make(chan struct{})
	go func() {
		srv.Close()
		close(closed)
	}()
	select {
	case <-closed:
	case <-time.After(waitFor):
		t.Fatal("Close blocked on a /hang request")
	}

	// The client sees either the 503 or a closed connection.
	select {
	case err := <-answered:
		assert.Error(t, err)
	case <-time.After(waitFor):
		t.Fatal("the /hang request did not end with the server")
	}

	// A second Close is harmless; t.Cleanup calls a third.
	srv.Close()
}
