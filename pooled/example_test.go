package pooled_test

import (
	"context"
	"fmt"
	"strings"

	"urlcheck"
	"urlcheck/bench"
	"urlcheck/pooled"
)

// Check five URLs of a local server with a pool of two workers. The
// client keeps two idle connections, one per worker, so the pool reuses
// them. Results come back in the order of the list, whichever worker
// finished first.
func ExampleCheck() {
	srv := bench.NewServer(bench.Config{})
	defer srv.Close()

	urls := []string{
		srv.URL + "/hello/gopher",
		srv.URL + "/status/404",
		srv.URL + "/redirect/2",
		srv.URL + "/status/503",
		srv.URL + "/loop",
	}
	const workers = 2
	check := urlcheck.HTTP(urlcheck.NewClient(0, workers))
	ctx := context.Background()
	for _, r := range pooled.Check(ctx, check, urls, workers) {
		fmt.Println(strings.TrimPrefix(r.String(), srv.URL))
	}
	// Output:
	// /hello/gopher: 200 OK
	// /status/404: 404 Not Found
	// /redirect/2: 200 OK
	// /status/503: 503 Service Unavailable
	// /loop: error: stopped after 10 redirects
}
