package urlcheck_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"urlcheck"
	"urlcheck/bench"
)

// Check one URL with the real checker: a GET whose body is drained and
// closed, with the client's timeout bounding it. The talk's Go slide
// reads response.Status even when http.Get failed, and panics; a
// Result carries the error instead.
func ExampleHTTP() {
	srv := bench.NewServer(bench.Config{})
	defer srv.Close()

	check := urlcheck.HTTP(urlcheck.NewClient(time.Second, 1))
	ctx := context.Background()
	for _, path := range []string{"/hello/gopher", "/status/503", "/hang"} {
		r := check(ctx, srv.URL+path)
		fmt.Println(strings.TrimPrefix(r.String(), srv.URL), r.OK())
	}
	// Output:
	// /hello/gopher: 200 OK true
	// /status/503: 503 Service Unavailable false
	// /hang: error: context deadline exceeded (Client.Timeout exceeded while awaiting headers) false
}
