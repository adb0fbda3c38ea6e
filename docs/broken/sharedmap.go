//go:build ignore

// Results written to a map from many goroutines, with no lock.
//
//	go run docs/broken/sharedmap.go
//	GOMAXPROCS=1 go run docs/broken/sharedmap.go
//	go run -race docs/broken/sharedmap.go
//
// Run it a few times. Some runs print the right count; others crash
// with "fatal error: concurrent map writes", when the runtime happens
// to catch two writes at once. On one core (GOMAXPROCS=1) it looks
// right every time: a data race has no fixed symptom. The race
// detector reports it on every run, one core or many.
//
// The fix, in goroutines/goroutines.go: an indexed slice, one slot per
// goroutine, so no two goroutines write the same memory. (A map needs
// a sync.Mutex around every write and every read.)
package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
)

func main() {
	srv := httptest.NewServer(http.HandlerFunc(
		func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()

	var urls []string
	for i := range 500 {
		urls = append(urls, srv.URL+"/"+strconv.Itoa(i))
	}

	// One map for everyone: the bug.
	results := map[string]int{}
	var wg sync.WaitGroup
	for _, url := range urls {
		wg.Go(func() {
			resp, err := http.Get(url)
			if err != nil {
				return
			}
			resp.Body.Close()
			// Many goroutines write the map at once.
			results[url] = resp.StatusCode
		})
	}
	wg.Wait()
	fmt.Println(len(results), "results for", len(urls), "URLs")
}
