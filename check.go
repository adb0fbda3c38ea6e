// Package urlcheck is the one unit of work that every style in this
// repository schedules: check one URL over HTTP and report what happened.
//
// The styles (packages sequential, pooled and goroutines) differ only in
// how they schedule calls to a [Checker]; the check itself is written once,
// here, and injected, so the scheduling can be tested with a fake checker
// and measured against a real server.
package urlcheck

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// DefaultTimeout bounds each request of a client made by [NewClient] when
// no timeout is given. http.DefaultClient has none: one server that never
// answers would hold a check, and a worker, forever.
const DefaultTimeout = 10 * time.Second

// MaxBody is how many body bytes a check reads, at most, before it closes
// the body. Reading a short body to its end lets the transport reuse the
// connection; past this bound, a new connection is cheaper than
// downloading the rest, and a huge body cannot stall the check.
const MaxBody = 64 << 10

// Result is what one check of one URL found.
type Result struct {
	URL     string
	Status  int           // HTTP status code; 0 when no response arrived
	Err     error         // why the check failed; nil when it did not
	Start   time.Time     // when the request was sent
	Elapsed time.Duration // until the body was drained and closed
}

// OK reports whether the check succeeded: a response arrived, its body
// was read without error, and its status is 2xx or 3xx.
func (r Result) OK() bool {
	return r.Err == nil && r.Status >= 200 && r.Status < 400
}

// String formats r as the talk's example prints it,
// "http://host/path: 200 OK", or "http://host/path: error: reason".
func (r Result) String() string {
	if r.Err != nil {
		return fmt.Sprintf("%s: error: %v", r.URL, r.Err)
	}
	return fmt.Sprintf("%s: %d %s", r.URL, r.Status, http.StatusText(r.Status))
}

// A Checker checks one URL. It must return a Result for url whatever
// happens, and stop early when ctx is done. The pooled and goroutines
// styles call it from many goroutines at once, so it must be safe for
// concurrent use.
type Checker func(ctx context.Context, url string) Result

// Run calls check, unless ctx is already done: then url is not requested
// at all and its Result carries ctx's error. Every style checks through
// Run, so cancelling stops the work that has not started yet and every
// URL still gets its Result.
func (check Checker) Run(ctx context.Context, url string) Result {
	if err := ctx.Err(); err != nil {
		return Result{URL: url, Err: err, Start: time.Now()}
	}
	return check(ctx, url)
}

// HTTP returns the real Checker: GET url with client, read at most
// [MaxBody] bytes of the body and close it. It never panics: a URL that
// cannot be parsed or reached becomes a Result with Err set. A nil client
// means NewClient(DefaultTimeout, 0). The Checker is safe for concurrent
// use, as an *http.Client is.
func HTTP(client *http.Client) Checker {
	if client == nil {
		client = NewClient(DefaultTimeout, 0)
	}
	return func(ctx context.Context, url string) Result {
		r := Result{URL: url, Start: time.Now()}
		r.Status, r.Err = get(ctx, client, url)
		r.Elapsed = time.Since(r.Start)
		return r
	}
}

func get(ctx context.Context, client *http.Client, u string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, reason(err)
	}
	if req.URL.Scheme == "" && req.URL.Path != "" {
		// "go.dev" is what people type: say what is missing.
		return 0, fmt.Errorf(`unsupported protocol scheme "": `+
			"did you mean https://%s?", u)
	}
	resp, err := client.Do(req)
	if err != nil {
		// On error resp is nil: the talk's Go slide reads
		// response.Status here, and panics.
		return 0, reason(err)
	}
	defer resp.Body.Close()
	_, err = io.CopyN(io.Discard, resp.Body, MaxBody)
	if err != nil && err != io.EOF {
		return resp.StatusCode, fmt.Errorf("reading body of %s: %w",
			resp.Status, reason(err))
	}
	return resp.StatusCode, nil
}

// reason drops the "Get URL:" wrapping of net/http's errors, since a
// Result prints its URL already, and keeps the cause, which stays
// visible to errors.Is (context.Canceled, os.ErrDeadlineExceeded, …).
func reason(err error) error {
	var ue *url.Error
	if !errors.As(err, &ue) {
		return err
	}
	if ue.Op == "parse" {
		return fmt.Errorf("invalid URL: %w", ue.Err)
	}
	return ue.Err
}

// NewClient returns a client for checking many URLs, conns at a time.
//
// Its requests time out after timeout (DefaultTimeout if timeout <= 0).
// Its transport keeps up to conns idle connections per host, so a style
// with conns requests in flight reuses its connections instead of
// opening new ones: http.DefaultTransport keeps 2 per host and closes
// the rest, a churn the bench package measures. conns <= 0 keeps that
// default of 2.
func NewClient(timeout time.Duration, conns int) *http.Client {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	t := http.DefaultTransport.(*http.Transport).Clone()
	if conns > 0 {
		t.MaxIdleConnsPerHost = conns
		t.MaxIdleConns = max(t.MaxIdleConns, conns)
	}
	return &http.Client{Timeout: timeout, Transport: t}
}
