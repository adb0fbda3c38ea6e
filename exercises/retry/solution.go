//go:build solution

package retry

import (
	"context"
	"time"

	"urlcheck"
)

// Solved tells the tests whether Retry is done.
const Solved = true

// Retry returns a Checker that checks a URL with check and, while the
// check fails in a way another try may fix, tries again: at most
// attempts tries in all, waiting backoff before the second, twice that
// before the third, and so on. A failure another try may fix is an
// error (no response came) or a 5xx status. Any other Result, OK or a
// 4xx, is returned at once, and so is the last try's.
//
// If ctx is done while Retry waits, it stops waiting and returns a
// Result whose Err is ctx's error. attempts < 1 means one try. The
// Checker is safe for concurrent use if check is.
func Retry(check urlcheck.Checker, attempts int,
	backoff time.Duration) urlcheck.Checker {

	attempts = max(attempts, 1)
	return func(ctx context.Context, url string) urlcheck.Result {
		// Each call has its own wait, so calls from many goroutines
		// share nothing.
		wait := backoff
		for try := 1; ; try++ {
			r := check.Run(ctx, url)
			if try == attempts || !worthRetrying(r) {
				return r
			}

			// Wait, unless ctx is done first: time.Sleep could not
			// be interrupted.
			select {
			case <-time.After(wait):
			case <-ctx.Done():
				return urlcheck.Result{URL: url, Err: ctx.Err(),
					Start: r.Start}
			}
			wait *= 2
		}
	}
}

// worthRetrying reports whether another try might give a better r: no
// response came, or the server said it failed (5xx).
func worthRetrying(r urlcheck.Result) bool {
	return r.Err != nil || r.Status >= 500
}
