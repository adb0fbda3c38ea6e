// Package goroutines checks URLs with one goroutine per URL: the talk's
// "async" column. Go's runtime parks a goroutine that waits on the
// network and its netpoller wakes it, as an event loop would, yet the
// code still reads top to bottom.
//
// All N requests are in flight at once, so a run takes about one delay.
// The cost is unbounded: N goroutines, N sockets and N connections to
// the server, which meet this machine's file descriptor limit.
package goroutines

import (
	"context"
	"sync"

	"urlcheck"
)

// Check checks urls with check, one goroutine per URL, and returns one
// Result per URL, in the order of urls.
//
// check is called from len(urls) goroutines at once. When ctx is done,
// the URLs not yet checked are not requested; their Results carry
// ctx's error.
func Check(ctx context.Context, check urlcheck.Checker,
	urls []string) []urlcheck.Result {

	results := make([]urlcheck.Result, len(urls))
	var wg sync.WaitGroup

	// Start every check at once. Each goroutine writes only its own
	// slot of results: no lock is needed.
	for i, url := range urls {
		wg.Go(func() {
			results[i] = check.Run(ctx, url)
		})
	}

	// Wait for the last one before results is read.
	wg.Wait()
	return results
}
