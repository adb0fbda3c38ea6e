//go:build solution

package ratelimit

import (
	"context"
	"net/url"
	"sync"
	"time"

	"urlcheck"
)

// Solved tells the tests whether PerHost is done.
const Solved = true

// PerHost returns a Checker that checks URLs with check, at most limit
// at once for any one host (the host and port of the URL), however
// many goroutines call it. A call over the limit waits for a check of
// its host to finish; checks of different hosts never wait for each
// other. If ctx is done while a call waits, it returns a Result whose
// Err is ctx's error, without checking the URL.
//
// limit < 1 means 1. A URL that does not parse is checked at once, so
// that check reports why. The Checker is safe for concurrent use.
func PerHost(check urlcheck.Checker, limit int) urlcheck.Checker {
	limit = max(limit, 1)

	// One semaphore per host: a buffered channel with room for limit
	// tokens. Sending takes a token, receiving gives it back; a send
	// blocks while limit checks of the host are in flight. The map is
	// shared by every call, so a mutex guards it.
	var mu sync.Mutex
	slots := map[string]chan struct{}{}
	slotsOf := func(host string) chan struct{} {
		mu.Lock()
		defer mu.Unlock()
		if slots[host] == nil {
			slots[host] = make(chan struct{}, limit)
		}
		return slots[host]
	}

	return func(ctx context.Context, rawURL string) urlcheck.Result {
		u, err := url.Parse(rawURL)
		if err != nil {
			return check.Run(ctx, rawURL)
		}
		sem := slotsOf(u.Host)
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			return urlcheck.Result{URL: rawURL, Err: ctx.Err(),
				Start: time.Now()}
		}
		defer func() { <-sem }()
		return check.Run(ctx, rawURL)
	}
}
