package bench

import (
	"io"
	"net"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"urlcheck/internal/checktest"
)

// fetch fetches url and returns its status and body, on a client of its
// own whose connections are closed before it returns.
func fetch(t *testing.T, url string) (int, string) {
	t.Helper()
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(body)
}

// newServerErr is NewServer with its panic turned back into an error.
func newServerErr(cfg Config) (srv *Server, err error) {
	defer func() {
		if r := recover(); r != nil {
			err, _ = r.(error)
		}
	}()
	return NewServer(cfg), nil
}

func TestAddr(t *testing.T) {
	tests := []struct {
		name string
		addr func(t *testing.T) string
		want string // URL's regexp; "" is http:// + the address
	}{
		{"empty", func(*testing.T) string { return "" },
			`^http://127\.0\.0\.1:[1-9][0-9]*$`},
		{"port-0", func(*testing.T) string { return "127.0.0.1:0" },
			`^http://127\.0\.0\.1:[1-9][0-9]*$`},
		{"fixed", func(t *testing.T) string { return checktest.ClosedPort(t) }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			addr := tt.addr(t)
			srv := NewServer(Config{Addr: addr})
			t.Cleanup(srv.Close)

			if tt.want == "" {
				assert.Equal(t, "http://"+addr, srv.URL)
			} else {
				assert.Regexp(t, tt.want, srv.URL)
			}

			// The new listener is counted, as httptest's was.
			_, counted := srv.srv.Listener.(countingListener)
			assert.True(t, counted, "listener wrapped in countingListener")

			code, body := fetch(t, srv.URL+"/hello/x")
			assert.Equal(t, http.StatusOK, code)
			assert.Equal(t, "Hello x", body)
			st := srv.Stats()
			assert.EqualValues(t, 1, st.Requests)
			assert.EqualValues(t, 1, st.Conns)

			// Close lets go of the address: it can be listened on again.
			srv.Close()
			host := srv.URL[len("http://"):]
			l, err := net.Listen("tcp", host)
			require.NoError(t, err, "address still held after Close")
			assert.NoError(t, l.Close())
		})
	}
}

func TestAddrError(t *testing.T) {
	held, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer held.Close()

	tests := []struct{ name, addr, want string }{
		{"in-use", held.Addr().String(), held.Addr().String()},
		{"no-port", "127.0.0.1", "missing port"},
		{"bad-port", "127.0.0.1:http-ish", "unknown port"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, err := newServerErr(Config{Addr: tt.addr})
			if srv != nil {
				srv.Close()
			}
			require.Error(t, err, "NewServer should panic with an error")
			assert.Regexp(t, `^bench: listen tcp`, err.Error())
			assert.ErrorContains(t, err, tt.want)
			var opErr *net.OpError
			assert.ErrorAs(t, err, &opErr)
		})
	}
}
