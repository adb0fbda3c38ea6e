// Package pooled checks URLs with a fixed pool of W worker goroutines
// fed from a channel: the talk's "threaded" column, a thread pool.
//
// At most W requests are in flight, so a run takes about ⌈N/W⌉·delay
// and holds W connections. The bound is the point: it protects the
// server and this machine's sockets, and the price is choosing W.
package pooled

import (
	"context"
	"sync"

	"urlcheck"
)

// Check checks urls with check, using a pool of workers goroutines,
// and returns one Result per URL, in the order of urls.
//
// check is called from up to workers goroutines at once. The pool never
// has more workers than URLs; workers < 1 is a pool of one. When ctx is
// done, the URLs not yet checked are not requested; their Results carry
// ctx's error.
func Check(ctx context.Context, check urlcheck.Checker,
	urls []string, workers int) []urlcheck.Result {

	results := make([]urlcheck.Result, len(urls))
	jobs := make(chan int)
	var wg sync.WaitGroup

	// Start the workers. Each takes the index of a URL from jobs and
	// writes only its own slot of results: no lock is needed.
	for range min(max(workers, 1), len(urls)) {
		wg.Go(func() {
			for i := range jobs {
				results[i] = check.Run(ctx, urls[i])
			}
		})
	}

	// Hand out the work, then close jobs so the workers' loops end.
	for i := range urls {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return results
}
