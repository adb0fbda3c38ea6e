//go:build ignore

// time.Sleep used to wait for goroutines: a guess, not a wait.
//
//	go run docs/broken/sleep.go
//
// The ten URLs answer after 10ms, 20ms, ... 100ms. The program sleeps
// 50ms and prints what has come back: four or five. On a slower
// machine or network, fewer; with no sleep at all, none. Reading the
// slice while goroutines still write it is also a data race (try
// -race). The fix, in goroutines/goroutines.go: wg.Wait(), which
// returns when the last check has written its result.
package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"
)

func main() {
	// The server waits as long as the path says: /delay/30ms.
	// (Sleep is right here: it stands for a slow network.)
	srv := httptest.NewServer(http.HandlerFunc(
		func(w http.ResponseWriter, r *http.Request) {
			d, _ := time.ParseDuration(r.URL.Path[len("/delay/"):])
			time.Sleep(d)
		}))
	defer srv.Close()

	var urls []string
	for i := 1; i <= 10; i++ {
		d := time.Duration(i) * 10 * time.Millisecond
		urls = append(urls, fmt.Sprint(srv.URL, "/delay/", d))
	}

	results := make([]int, len(urls))
	for i, url := range urls {
		go func() {
			resp, err := http.Get(url)
			if err != nil {
				return
			}
			resp.Body.Close()
			results[i] = resp.StatusCode
		}()
	}

	// The bug: "that should be long enough".
	time.Sleep(50 * time.Millisecond)

	done := 0
	for i, status := range results {
		fmt.Printf("%s: %d\n", urls[i][len(srv.URL):], status)
		if status != 0 {
			done++
		}
	}
	fmt.Println(done, "of", len(urls), "checked")
}
