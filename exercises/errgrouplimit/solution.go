//go:build solution

package errgrouplimit

import (
	"context"

	"golang.org/x/sync/errgroup"

	"urlcheck"
)

// Solved tells the tests whether Check is done.
const Solved = true

// Check checks urls with check, at most workers at once, and returns
// one Result per URL, in the order of urls: the contract of
// pooled.Check.
//
// check is called from up to workers goroutines at once; workers < 1
// means one at a time. When ctx is done, the URLs not yet checked are
// not requested; their Results carry ctx's error.
func Check(ctx context.Context, check urlcheck.Checker,
	urls []string, workers int) []urlcheck.Result {

	results := make([]urlcheck.Result, len(urls))

	// A plain Group, not WithContext: a failed check is a Result,
	// not an error, and must not cancel the others. SetLimit(0)
	// would let no goroutine start, so the limit is at least 1.
	var g errgroup.Group
	g.SetLimit(max(workers, 1))

	// Go blocks while workers goroutines are running, so this loop
	// hands out the URLs as fast as they finish: no jobs channel.
	for i, url := range urls {
		g.Go(func() error {
			results[i] = check.Run(ctx, url)
			return nil
		})
	}
	g.Wait() // always nil: no goroutine returns an error
	return results
}
