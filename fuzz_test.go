package urlcheck_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"urlcheck"
)

// FuzzHTTP feeds the real check any string as a URL. Whatever the
// string, the check must not panic, must return a Result for that very
// string, and must say what happened: a status, or an error.
//
// The URLs may name any host, so the client's transport dials the test's
// own server whatever the address: the fuzzer never reaches the network,
// and no name is looked up, since DialContext gets the host unresolved.
//
//	go test -fuzz=FuzzHTTP -fuzztime=30s .
func FuzzHTTP(f *testing.F) {
	srv := httptest.NewServer(fuzzHandler())
	f.Cleanup(srv.Close)
	addr := srv.Listener.Addr().String()

	client := urlcheck.NewClient(2*time.Second, 4)
	tr := client.Transport.(*http.Transport)
	tr.Proxy = nil // no proxy from the environment either
	var d net.Dialer
	tr.DialContext = func(ctx context.Context, _, _ string) (net.Conn, error) {
		return d.DialContext(ctx, "tcp", addr)
	}
	f.Cleanup(client.CloseIdleConnections)
	check := urlcheck.HTTP(client)

	// The seeds are the fault matrix's URLs and their near misses. The
	// host in each is only a name: every one is served locally.
	for _, url := range []string{
		"http://127.0.0.1/status/200",
		"http://example.com/status/404",
		"http://example.com/status/503",
		"http://example.com/redirect?to=/status/200",
		"http://example.com/redirect?to=https://example.com/",
		"http://example.com/redirect?to=ftp://x/",
		"http://example.com/loop",
		"http://example.com/reset",
		"http://example.com/huge",
		"https://example.com/",
		"http://nothing.invalid/",
		"http://[::1]:80/",
		"http://[::1/",
		"http://127.0.0.1:99999/",
		"http://127.0.0.1:0/",
		"http://%zz/",
		"http://a b/",
		"http://x/\x00",
		"http://user:pass@x/",
		"http:///",
		"http://",
		"//x/",
		"example.com/",
		"ftp://127.0.0.1/",
		"mailto:gopher@example.com",
		"HTTP://EXAMPLE.COM/STATUS/200",
		" http://x/",
		"",
	} {
		f.Add(url)
	}

	f.Fuzz(func(t *testing.T, url string) {
		r := check(t.Context(), url)
		if r.URL != url {
			t.Errorf("Result.URL = %q, want %q", r.URL, url)
		}
		if r.Err == nil && r.Status == 0 {
			t.Errorf("%q: neither a status nor an error", url)
		}
		if r.Status != 0 && (r.Status < 100 || r.Status > 999) {
			t.Errorf("%q: status %d", url, r.Status)
		}
		if r.Start.IsZero() || r.Elapsed < 0 {
			t.Errorf("%q: start %v, elapsed %v", url, r.Start, r.Elapsed)
		}
	})
}

// fuzzHandler answers quickly, in the ways the fault matrix's server
// does: a status, a redirect to wherever the query says, a redirect
// loop, a dropped connection, a body past MaxBody; else 200.
func fuzzHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		path := r.URL.Path
		switch {
		case strings.HasPrefix(path, "/status/"):
			code, err := strconv.Atoi(strings.TrimPrefix(path, "/status/"))
			if err != nil || code < 200 || code > 599 {
				code = http.StatusBadRequest
			}
			w.WriteHeader(code)
		case path == "/redirect":
			http.Redirect(w, r, r.URL.Query().Get("to"), http.StatusFound)
		case path == "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
		case path == "/reset":
			if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
				conn.Close()
			}
		case path == "/huge":
			body := make([]byte, 2*urlcheck.MaxBody)
			w.Write(body)
		default:
			w.Write([]byte("ok\n"))
		}
	})
}
