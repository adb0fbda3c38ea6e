// Package sequential checks URLs one after another: the talk's "sync"
// column, and the baseline the other styles are measured against.
//
// It is the simplest code and the easiest to reason about: one request
// in flight, one connection, no goroutines. Its cost is time: the run
// takes the sum of every request's latency, about N·delay.
package sequential

import (
	"context"

	"urlcheck"
)

// Check checks each of urls in turn with check and returns one Result
// per URL, in the order of urls.
//
// check is called from this goroutine only, never concurrently. When
// ctx is done, the URLs not yet checked are not requested; their
// Results carry ctx's error.
func Check(ctx context.Context, check urlcheck.Checker,
	urls []string) []urlcheck.Result {

	results := make([]urlcheck.Result, len(urls))

	// Each request waits for the one before it to finish.
	for i, url := range urls {
		results[i] = check.Run(ctx, url)
	}
	return results
}
