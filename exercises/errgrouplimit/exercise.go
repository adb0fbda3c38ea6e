//go:build !solution

package errgrouplimit

import (
	"context"

	"urlcheck"
)

// Solved tells the tests whether Check is done. Set it to true and run
// go test ./exercises/errgrouplimit/
const Solved = false

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

	// Your code here: an errgroup.Group, its SetLimit, a g.Go for
	// each URL, and g.Wait before results is read.

	return results
}
