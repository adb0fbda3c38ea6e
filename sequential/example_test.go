package sequential_test

import (
	"context"
	"fmt"
	"strings"

	"urlcheck"
	"urlcheck/bench"
	"urlcheck/sequential"
)

// Check three URLs of a local server one after another. The results
// come back in the order of the list; the example trims the server's
// address (a new port each run) so its output is the same every time.
func ExampleCheck() {
	srv := bench.NewServer(bench.Config{})
	defer srv.Close()

	urls := []string{
		srv.URL + "/hello/gopher",
		srv.URL + "/status/404",
		srv.URL + "/loop",
	}
	check := urlcheck.HTTP(urlcheck.NewClient(0, 1))
	for _, r := range sequential.Check(context.Background(), check, urls) {
		fmt.Println(strings.TrimPrefix(r.String(), srv.URL))
	}
	// Output:
	// /hello/gopher: 200 OK
	// /status/404: 404 Not Found
	// /loop: error: stopped after 10 redirects
}
