//go:build !solution

package stream

import (
	"context"

	"urlcheck"
	"urlcheck/goroutines"
)

// Solved tells the tests whether Stream is done. Set it to true and
// run go test ./exercises/stream/
const Solved = false

// Stream checks urls with check, one goroutine per URL, and sends each
// Result on the channel it returns as soon as that check completes: in
// the order the checks complete, not the order of urls. The channel is
// closed once the last Result has been sent.
//
// The caller reads until the channel is closed, or cancels ctx and
// may stop reading: then the checks stop, Results not yet received may
// be dropped, and the channel is closed all the same. No goroutine
// outlives the checks.
func Stream(ctx context.Context, check urlcheck.Checker,
	urls []string) <-chan urlcheck.Result {

	// A start that sends nothing until every check is done, and
	// blocks forever on a send if the caller stops reading.
	out := make(chan urlcheck.Result)
	go func() {
		for _, r := range goroutines.Check(ctx, check, urls) {
			out <- r
		}
		close(out)
	}()
	return out
}
