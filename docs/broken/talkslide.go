//go:build ignore

// The Go slide of the talk, as it was written, run against a local
// server. One URL points at a port where nothing listens, like a site
// that is down:
//
//	go run docs/broken/talkslide.go
//
// http.Get fails, returns a nil *http.Response, and the slide reads
// response.Status anyway: the program panics. The fix is in check.go,
// func get: return on error, before touching the response.
package main

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
)

func main() {
	// A local server for the sites that are up.
	srv := httptest.NewServer(http.HandlerFunc(
		func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()

	// A port that was just closed: nothing listens there.
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	down := "http://" + l.Addr().String() + "/"
	l.Close()

	urls := []string{srv.URL + "/www.cnn.com", srv.URL + "/espn",
		down, srv.URL + "/www.newyorker.com"}

	// From here on, the slide's code, unchanged.
	var wg sync.WaitGroup
	wg.Add(len(urls))
	for _, url := range urls {
		go func(url string) {
			defer wg.Done()
			response, err := http.Get(url)
			if err != nil {
				// error handling
			}
			// Bug: on error, response is nil.
			// (And its Body is never closed.)
			fmt.Printf("%s: %s\n", url, response.Status)
		}(url)
	}
	wg.Wait() // waits until the url checks complete
}
