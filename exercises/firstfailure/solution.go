//go:build solution

package firstfailure

import (
	"context"
	"fmt"
	"net/http"

	"golang.org/x/sync/errgroup"

	"urlcheck"
)

// Solved tells the tests whether Check is done.
const Solved = true

// Check checks urls with check, one goroutine per URL, and returns one
// Result per URL, in the order of urls, and an error if any check
// failed (its Result is not OK). The error is the first failure's:
// "check URL: reason", wrapping the Result's Err when it has one.
//
// The first failure cancels the rest: the checks in flight stop, and
// their Results carry context.Canceled. Checks that finished before it
// keep their Results. Check returns when every check has returned.
func Check(ctx context.Context, check urlcheck.Checker,
	urls []string) ([]urlcheck.Result, error) {

	results := make([]urlcheck.Result, len(urls))

	// The group's ctx is cancelled as soon as one goroutine returns
	// an error, so every check still running sees it.
	g, ctx := errgroup.WithContext(ctx)
	for i, url := range urls {
		g.Go(func() error {
			results[i] = check.Run(ctx, url)
			if !results[i].OK() {
				return failure(results[i])
			}
			return nil
		})
	}

	// Wait returns the first error any goroutine returned. The checks
	// cancelled by it fail too, later; their errors are dropped.
	err := g.Wait()
	return results, err
}

// failure says why r is not OK.
func failure(r urlcheck.Result) error {
	if r.Err != nil {
		return fmt.Errorf("check %s: %w", r.URL, r.Err)
	}
	return fmt.Errorf("check %s: status %d %s", r.URL, r.Status,
		http.StatusText(r.Status))
}
