package goroutines_test

import (
	"context"
	"fmt"
	"strings"

	"urlcheck"
	"urlcheck/bench"
	"urlcheck/goroutines"
)

// Check the talk's four URLs, served locally, each with its own delay,
// one goroutine each. They all wait at once, so the run takes about as
// long as the slowest; the results still come back in list order.
func ExampleCheck() {
	srv := bench.NewServer(bench.Config{})
	defer srv.Close()

	urls := []string{
		srv.URL + "/delay/40ms/www.cnn.com",
		srv.URL + "/delay/10ms/espn.go.com",
		srv.URL + "/delay/30ms/grantland.com",
		srv.URL + "/delay/20ms/www.newyorker.com",
	}
	check := urlcheck.HTTP(urlcheck.NewClient(0, len(urls)))
	for _, r := range goroutines.Check(context.Background(), check, urls) {
		fmt.Println(strings.TrimPrefix(r.String(), srv.URL))
	}
	// Output:
	// /delay/40ms/www.cnn.com: 200 OK
	// /delay/10ms/espn.go.com: 200 OK
	// /delay/30ms/grantland.com: 200 OK
	// /delay/20ms/www.newyorker.com: 200 OK
}
